/**
 * Restores a tampered VPC endpoint policy of the watched environment to its
 * template's value: an EventBridge rule on ModifyVpcEndpoint starts this
 * product's SSM Automation runbook (restore_endpoint_policy.py, embedded at
 * synth), which checks the VPC, finds the CloudFormation stack owning the
 * endpoint, reads the template's policy through drift detection and writes it
 * back when the endpoint's differs.
 *
 * Signal: every successful ModifyVpcEndpoint of the account and region. An
 * event pattern cannot filter by VPC, and the environment publishes only its S3
 * endpoint's id, not its interface endpoints' (whose policies matter as much),
 * so the rule cannot list the ids; the runbook checks the VPC first and stops
 * there for any other. It is not narrowed to calls carrying PolicyDocument or
 * ResetPolicy either: the runbook compares, so any other modification costs one
 * no-op run, and a policy can change only through this call (CloudFormation's
 * own updates included, which the runbook waits out). Failed calls change
 * nothing and start nothing (`errorCode` absent); the alert rule reports them.
 *
 * Two roles of their own, both proved by policy simulation both ways
 * (test/products/environment-monitoring-remediation.test.ts):
 * - the runbook's: ModifyVpcEndpoint only on endpoints of this account and
 *   region tagged as the watched product's. The Service Authorization Reference
 *   lists no VPC condition key (ec2:Vpc) for ModifyVpcEndpoint on the
 *   vpc-endpoint resource, only tags, ec2:Attribute and the service region
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html),
 *   so IAM bounds it to the product's endpoints and the runbook's VPC check to
 *   this environment's. Route tables, subnets and security groups are resources
 *   of that call too, and none is granted: it cannot add or remove any.
 *   DetectStackResourceDrift reads the resource with the caller's permissions
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html),
 *   which for an endpoint is DescribeVpcEndpoints, granted for the VPC check anyway.
 * - EventBridge's: start this one document, passing it only the runbook's role.
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-cwe-target.html
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Aws, Fn } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { API_CALL } from './event-rules';
import type { WatchedEnvironment } from './watched';

/** The runbook's script, embedded into the document at synth. */
export const RESTORE_SCRIPT = path.join(__dirname, 'restore_endpoint_policy.py');

/** The tag every resource of a catalog product carries (SecureProductStack). */
export const PRODUCT_TAG = 'sc-factory:product';

/** The step's limit: aws:executeScript runs for at most 600 seconds (the script waits at most 420 for its stack). */
const STEP_TIMEOUT_SECONDS = 540;

/** Every successful ModifyVpcEndpoint of the account and region (see above for why not narrower). */
export function restorePattern() {
  return {
    'source': ['aws.ec2'],
    'detail-type': [API_CALL],
    'detail': {
      eventSource: ['ec2.amazonaws.com'],
      eventName: ['ModifyVpcEndpoint'],
      errorCode: [{ exists: false }],
    },
  };
}

/** Where the event names the endpoint; the input the rule gives the runbook. */
export const ENDPOINT_PATH = '$.detail.requestParameters.ModifyVpcEndpointRequest.VpcEndpointId';

export interface EndpointPolicyRestoreProps {
  readonly watched: WatchedEnvironment;
}

export class EndpointPolicyRestore extends Construct {
  public readonly document: ssm.CfnDocument;
  /** The role the runbook runs as. */
  public readonly runbookRole: iam.Role;
  /** The role EventBridge starts the runbook with. */
  public readonly startRole: iam.Role;
  public readonly rule: events.CfnRule;

  constructor(scope: Construct, id: string, props: EndpointPolicyRestoreProps) {
    super(scope, id);
    const { watched } = props;
    const arn = (service: string, resource: string) => `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    const ruleName = Fn.join('-', [watched.environmentName, 'restore-endpoint-policy']);

    this.runbookRole = new iam.Role(this, 'RunbookRole', {
      description: "Runs the endpoint-policy restore runbook of the environment monitoring: restores the policy of the environment's VPC endpoints, nothing else",
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('ssm.amazonaws.com'), {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': arn('ssm', 'automation-execution/*') },
      }),
    });
    new iam.ManagedPolicy(this, 'RunbookPolicy', {
      description: 'Restore the policy of a VPC endpoint of the watched product to its template value',
      roles: [this.runbookRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'RestorePolicyOfTheProductsEndpoints',
          actions: ['ec2:ModifyVpcEndpoint'],
          resources: [arn('ec2', 'vpc-endpoint/*')],
          conditions: { StringEquals: { [`aws:ResourceTag/${PRODUCT_TAG}`]: watched.productId } },
        }),
        new iam.PolicyStatement({
          sid: 'DescribeEndpoints',
          // No resource-level permissions; also what drift detection reads the endpoint with.
          actions: ['ec2:DescribeVpcEndpoints'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTheOwningStackAndItsDrift',
          actions: [
            'cloudformation:DescribeStackResources',
            'cloudformation:ListStackResources',
            'cloudformation:DescribeStacks',
            'cloudformation:DetectStackResourceDrift',
          ],
          // The owning stack's name is found at run time (Service Catalog names it SC-<account>-pp-<id>).
          resources: [arn('cloudformation', 'stack/*')],
        }),
      ],
    });

    this.document = new ssm.CfnDocument(this, 'Document', {
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: {
        schemaVersion: '0.3',
        description:
          "Restores the policy of a VPC endpoint of the watched environment's VPC to its CloudFormation template's value " +
          '(environment monitoring; started by EventBridge on ModifyVpcEndpoint).',
        // The role is part of the document: whoever starts it cannot choose another.
        assumeRole: this.runbookRole.roleArn,
        parameters: {
          VpcEndpointId: { type: 'String', allowedPattern: '^vpce-[0-9a-f]{8,17}$', description: 'The endpoint a ModifyVpcEndpoint call named.' },
        },
        mainSteps: [
          {
            name: 'RestoreEndpointPolicy',
            action: 'aws:executeScript',
            timeoutSeconds: STEP_TIMEOUT_SECONDS,
            inputs: {
              Runtime: 'python3.11',
              Handler: 'handler',
              Script: fs.readFileSync(RESTORE_SCRIPT, 'utf8'),
              InputPayload: { VpcEndpointId: '{{ VpcEndpointId }}', WatchedVpcId: watched.vpcId },
            },
            outputs: [
              { Name: 'Outcome', Selector: '$.Payload.Outcome', Type: 'String' },
              { Name: 'Result', Selector: '$.Payload', Type: 'StringMap' },
            ],
          },
        ],
        outputs: ['RestoreEndpointPolicy.Outcome', 'RestoreEndpointPolicy.Result'],
      },
    });

    const definition = Fn.join('', [arn('ssm', 'automation-definition/'), this.document.ref]);
    this.startRole = new iam.Role(this, 'StartRole', {
      description: 'EventBridge starts the endpoint-policy restore runbook of the environment monitoring, and nothing else',
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('events.amazonaws.com'), {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnEquals: { 'aws:SourceArn': Fn.join('', [arn('events', 'rule/'), ruleName]) },
      }),
    });
    new iam.ManagedPolicy(this, 'StartPolicy', {
      description: 'Start the endpoint-policy restore runbook with its own role',
      roles: [this.startRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'StartTheRestoreRunbook',
          actions: ['ssm:StartAutomationExecution'],
          // Any version of this one document ($DEFAULT is what the target names).
          resources: [Fn.join('', [definition, ':*'])],
        }),
        new iam.PolicyStatement({
          sid: 'PassTheRunbookRoleToAutomation',
          actions: ['iam:PassRole'],
          resources: [this.runbookRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
      ],
    });

    this.rule = new events.CfnRule(this, 'Rule', {
      name: ruleName,
      description: "Restores a VPC endpoint policy of the environment's VPC to its template value (any ModifyVpcEndpoint; the runbook checks the VPC)",
      eventPattern: restorePattern(),
      state: 'ENABLED',
      targets: [
        {
          id: 'RestoreEndpointPolicy',
          arn: Fn.join('', [definition, ':$DEFAULT']),
          roleArn: this.startRole.roleArn,
          // Automation takes each parameter as a list of strings.
          inputTransformer: { inputPathsMap: { endpoint: ENDPOINT_PATH }, inputTemplate: '{"VpcEndpointId":["<endpoint>"]}' },
        },
      ],
    });
  }
}
