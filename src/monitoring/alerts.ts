/**
 * Where every control of this product reports: an SNS topic encrypted with a
 * key of its own, to which only EventBridge, AWS Config and CloudWatch may
 * publish. Both gates say so: the topic policy admits only those service
 * principals (for this account), and the key policy lets nobody else generate
 * data keys, which publishing to an encrypted topic needs, so no IAM policy
 * granted later can open it to a person or a workload.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
import { Aws, CfnCondition, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { KEY_ADMINISTRATION_ACTIONS } from '../secure';

/** The only principals that may publish to the alerts topic. */
export const ALERT_PUBLISHERS = ['events.amazonaws.com', 'config.amazonaws.com', 'cloudwatch.amazonaws.com'] as const;

/** How many addresses the launch parameter takes (CloudFormation has no loops: one subscription each). */
export const MAX_ALERT_EMAILS = 3;

export interface AlertsProps {
  /** Up to MAX_ALERT_EMAILS comma-separated addresses (a launch parameter). */
  readonly emails: string;
  /** `<environment name>` for names and the key description. */
  readonly environmentName: string;
}

export class Alerts extends Construct {
  public readonly key: kms.CfnKey;
  public readonly topic: sns.CfnTopic;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const publishers = new iam.CompositePrincipal(...ALERT_PUBLISHERS.map((service) => new iam.ServicePrincipal(service)));
    this.key = new kms.CfnKey(this, 'Key', {
      description: Fn.sub('Alerts topic of the monitoring of environment ${Name}', { Name: props.environmentName }),
      enableKeyRotation: true,
      keyPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'KeyAdministration',
            principals: [new iam.AccountRootPrincipal()],
            actions: [...KEY_ADMINISTRATION_ACTIONS],
            resources: ['*'],
          }),
          // The services encrypt what they publish; SNS decrypts on delivery under the publisher's grant.
          // No condition: the services do not all send aws:SourceAccount to KMS; the topic policy pins the account.
          new iam.PolicyStatement({
            sid: 'AlertPublishersOnly',
            principals: [publishers],
            actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            resources: ['*'],
          }),
        ],
      }),
    });
    this.key.applyRemovalPolicy(RemovalPolicy.DESTROY);

    this.topic = new sns.CfnTopic(this, 'Topic', {
      displayName: Fn.sub('Security alerts of ${Name}', { Name: props.environmentName }),
      kmsMasterKeyId: this.key.attrArn,
    });
    new sns.CfnTopicPolicy(this, 'TopicPolicy', {
      topics: [this.topic.ref],
      policyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AlertPublishersOfThisAccount',
            principals: [publishers],
            actions: ['sns:Publish'],
            resources: [this.topic.ref],
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
          new iam.PolicyStatement({
            sid: 'DenyInsecureTransport',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['sns:Publish'],
            resources: [this.topic.ref],
            conditions: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      }),
    });

    // 'a@x,b@y' -> three slots, empty where no address was given.
    const padded = Fn.split(',', Fn.join('', [props.emails, ',,,']));
    for (let i = 0; i < MAX_ALERT_EMAILS; i++) {
      const address = Fn.select(i, padded);
      const subscription = new sns.CfnSubscription(this, `Email${i + 1}`, {
        topicArn: this.topic.ref,
        protocol: 'email',
        endpoint: address,
      });
      if (i > 0) {
        subscription.cfnOptions.condition = new CfnCondition(this, `HasEmail${i + 1}`, {
          expression: Fn.conditionNot(Fn.conditionEquals(address, '')),
        });
      }
    }
  }
}
