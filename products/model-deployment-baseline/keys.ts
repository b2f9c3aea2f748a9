/**
 * The deployment account's customer-managed keys, rotated yearly. The account
 * administers them; principals of the account use them only through the
 * services that store the data (kms:ViaService) and only when their IAM
 * policies allow it too. CloudWatch Logs and S3 access-log delivery may use the
 * logs key for this account's log groups and access logs.
 */
import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

const ADMIN_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
  'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
];
const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

export class DeploymentKeys extends Construct {
  /** S3: the models (data capture) and access-logs buckets. */
  public readonly data: kms.CfnKey;
  /** EBS volumes of the endpoints. */
  public readonly volume: kms.CfnKey;
  /** CloudWatch log groups (flow logs) and S3 server access logs. */
  public readonly logs: kms.CfnKey;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const service = (name: string) => Fn.sub(`${name}.\${AWS::Region}.amazonaws.com`);
    this.data = this.key('Data', 'Model data capture', [service('s3'), service('sagemaker')], false);
    this.volume = this.key('Volume', 'EBS volumes of SageMaker endpoints', [service('sagemaker'), service('ec2')], true);
    this.logs = this.key('Logs', 'VPC flow logs and S3 server access logs', [service('s3')], false, [
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(service('logs'))],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Fn.sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*') } },
      }),
      new iam.PolicyStatement({
        sid: 'S3ServerAccessLogDelivery',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    ]);
  }

  private key(id: string, purpose: string, viaServices: string[], grants: boolean, extra: iam.PolicyStatement[] = []): kms.CfnKey {
    const account = new iam.AccountRootPrincipal();
    const statements = [
      new iam.PolicyStatement({ sid: 'KeyAdministration', principals: [account], actions: ADMIN_ACTIONS, resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'UseThroughAwsServicesOnly',
        principals: [account],
        actions: USE_ACTIONS,
        resources: ['*'],
        conditions: { StringEquals: { 'kms:CallerAccount': Aws.ACCOUNT_ID, 'kms:ViaService': viaServices } },
      }),
      ...(grants
        ? [
          new iam.PolicyStatement({
            sid: 'GrantsForAwsResourcesOnly',
            principals: [account],
            actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
            resources: ['*'],
            conditions: {
              StringEquals: { 'kms:CallerAccount': Aws.ACCOUNT_ID, 'kms:ViaService': viaServices },
              Bool: { 'kms:GrantIsForAWSResource': 'true' },
            },
          }),
        ]
        : []),
      ...extra,
    ];
    const key = new kms.CfnKey(this, id, {
      description: `${purpose} (model deployment baseline)`,
      enableKeyRotation: true,
      keyPolicy: new iam.PolicyDocument({ statements }),
    });
    key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return key;
  }
}
