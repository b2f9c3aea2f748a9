/**
 * EventBridge rules on the CloudTrail management events that matter to the
 * environment, each scoped to the environment's own resources, each sending one
 * sentence to the alerts topic: what happened, to which resource, who did it
 * (the Studio user, which the environment's domain records as the source
 * identity of every call its execution role makes), and which rule fired.
 *
 * CloudTrail delivers management events to EventBridge only while a trail logs
 * them in the region (this product's trail, or an organisation trail), and IAM
 * events only in us-east-1: the guardrail rules fire there, and the trail's
 * metric filter (trail.ts) covers the other regions.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
 */
import { Fn } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { roleNameOf, type WatchedEnvironment } from './watched';

export const API_CALL = 'AWS API Call via CloudTrail';

/** One event control: its pattern, and where in the event the resource it concerns is named. */
export interface EventControl {
  /** Construct id and rule-name suffix. */
  readonly id: string;
  /** What it watches (docs/security.md table, rule description, alert text). */
  readonly watches: string;
  /** JSON path of the resource in the event, for the alert text. */
  readonly resourcePath: string;
  /** The pattern, for one environment (may hold CloudFormation tokens). */
  readonly pattern: (watched: WatchedEnvironment) => Record<string, unknown> | undefined;
}

const apiCall = (source: string, eventNames: readonly string[], detail: Record<string, unknown>) => ({
  'source': [source],
  'detail-type': [API_CALL],
  'detail': { eventName: [...eventNames], ...detail },
});

/** IAM calls that change what a role may do: the guardrail policy's attachment and everything beside it. */
export const ROLE_POLICY_EVENTS = [
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'UpdateAssumeRolePolicy',
] as const;

/** IAM calls that change a managed policy's text. */
export const POLICY_VERSION_EVENTS = ['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion', 'DeletePolicy'] as const;

export const SECURITY_GROUP_EVENTS = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
] as const;

/** The ModifyVpcEndpoint request fields that change an endpoint's policy (API reference: PolicyDocument, ResetPolicy). */
export const ENDPOINT_POLICY_FIELDS = ['PolicyDocument', 'ResetPolicy'] as const;

export const KEY_EVENTS = ['PutKeyPolicy', 'ScheduleKeyDeletion', 'DisableKey', 'DisableKeyRotation'] as const;

export const EVENT_CONTROLS: readonly EventControl[] = [
  {
    id: 'GuardrailRoleChanged',
    watches: "a policy attached to, detached from or written into a role carrying the environment's guardrails",
    resourcePath: '$.detail.requestParameters.roleName',
    pattern: (w) =>
      apiCall('aws.iam', ROLE_POLICY_EVENTS, {
        eventSource: ['iam.amazonaws.com'],
        requestParameters: { roleName: Object.values(w.guardedRoleArns).map(roleNameOf) },
      }),
  },
  {
    // The guardrail policy is named by CloudFormation (<stack>-<logical id>-<suffix>); its logical id
    // comes from the construct id 'Guardrails', which the environment keeps stable (a contract).
    id: 'GuardrailPolicyChanged',
    watches: "a new version of the environment's guardrail policy, or its deletion",
    resourcePath: '$.detail.requestParameters.policyArn',
    pattern: () =>
      apiCall('aws.iam', POLICY_VERSION_EVENTS, {
        eventSource: ['iam.amazonaws.com'],
        requestParameters: { policyArn: [{ wildcard: '*:policy/*Guardrails*' }] },
      }),
  },
  {
    // Any change to the environment's S3 endpoint (routes included), and a policy written or reset on
    // any endpoint of the account: the environment publishes its S3 endpoint's id but not its interface
    // endpoints', whose policies matter as much, and a pattern cannot filter by VPC (in the catalog's
    // layout an account serves one environment per stage). The restore runbook (endpoint-policy-restore.ts)
    // puts a policy of the environment's VPC back.
    id: 'EndpointPolicyChanged',
    watches:
      "the environment's S3 gateway endpoint modified, or the policy of any VPC endpoint of the account written or reset " +
      "(a policy of the environment's VPC is restored automatically)",
    resourcePath: '$.detail.requestParameters.ModifyVpcEndpointRequest.VpcEndpointId',
    pattern: (w) => ({
      'source': ['aws.ec2'],
      'detail-type': [API_CALL],
      'detail': {
        eventName: ['ModifyVpcEndpoint'],
        $or: [
          { requestParameters: { ModifyVpcEndpointRequest: { VpcEndpointId: [w.s3EndpointId] } } },
          ...ENDPOINT_POLICY_FIELDS.map((field) => ({ requestParameters: { ModifyVpcEndpointRequest: { [field]: [{ exists: true }] } } })),
        ],
      },
    }),
  },
  {
    id: 'SecurityGroupChanged',
    watches: "a rule added to or removed from the environment's security group",
    resourcePath: '$.detail.requestParameters.groupId',
    pattern: (w) => ({
      'source': ['aws.ec2'],
      'detail-type': [API_CALL],
      'detail': {
        $or: [
          { eventName: [...SECURITY_GROUP_EVENTS], requestParameters: { groupId: [w.securityGroupId] } },
          { eventName: ['ModifySecurityGroupRules'], requestParameters: { ModifySecurityGroupRulesRequest: { GroupId: [w.securityGroupId] } } },
        ],
      },
    }),
  },
  {
    id: 'StudioDomainChanged',
    watches: "the Studio domain's settings (its network mode among them) updated, or the domain deleted",
    resourcePath: '$.detail.requestParameters.domainId',
    pattern: (w) =>
      w.studioDomainId === undefined
        ? undefined
        : apiCall('aws.sagemaker', ['UpdateDomain', 'DeleteDomain'], { requestParameters: { domainId: [w.studioDomainId] } }),
  },
  {
    id: 'KeyChanged',
    watches: 'a key policy replaced, or a key of the environment disabled, its rotation turned off or scheduled for deletion',
    // CloudTrail names the key in resources[].ARN whatever the caller passed (id, ARN or alias).
    resourcePath: '$.detail.resources[0].ARN',
    pattern: (w) =>
      apiCall('aws.kms', KEY_EVENTS, { resources: { ARN: [w.keyArns.data, w.keyArns.volume, w.keyArns.logs] } }),
  },
  {
    // DeleteFlowLogs names only flow-log ids, which the environment does not publish: every deletion in the
    // account is reported, and the vpc-flow-logs-enabled Config rule tells whether the environment's VPC lost its own.
    id: 'FlowLogsDeleted',
    watches: 'flow logs deleted (any in the account; the Config rule confirms the VPC is still covered)',
    resourcePath: '$.detail.requestParameters.DeleteFlowLogsRequest.FlowLogId.content',
    pattern: () => apiCall('aws.ec2', ['DeleteFlowLogs'], {}),
  },
];

export interface EventRulesProps {
  readonly watched: WatchedEnvironment;
  readonly topicArn: string;
}

export class EventRules extends Construct {
  /** The rules by control id. */
  public readonly rules = new Map<string, events.CfnRule>();

  constructor(scope: Construct, id: string, props: EventRulesProps) {
    super(scope, id);
    const { watched } = props;
    for (const control of EVENT_CONTROLS) {
      const pattern = control.pattern(watched);
      if (pattern === undefined) continue;
      const name = Fn.join('-', [watched.environmentName, kebab(control.id)]);
      this.rules.set(
        control.id,
        new events.CfnRule(this, control.id, {
          name,
          description: `Alerts on ${control.watches}`,
          eventPattern: pattern,
          state: 'ENABLED',
          targets: [
            {
              id: 'Alerts',
              arn: props.topicArn,
              inputTransformer: alertText({
                environmentName: watched.environmentName,
                watches: control.watches,
                ruleName: name,
                resourcePath: control.resourcePath,
              }),
            },
          ],
        }),
      );
    }
  }
}

/** Paths the alert text is made of, besides the resource. */
export const ALERT_PATHS = {
  eventName: '$.detail.eventName',
  principal: '$.detail.userIdentity.arn',
  studioUser: '$.detail.userIdentity.sessionContext.sourceIdentity',
  sourceIp: '$.detail.sourceIPAddress',
  time: '$.time',
  errorCode: '$.detail.errorCode',
} as const;

/**
 * The input transformer of an alert: a JSON string (what SNS e-mails), e.g.
 * `ds-team: PutKeyPolicy on arn:aws:kms:... by arn:aws:sts::...:assumed-role/... (Studio user alice) ...`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */
export function alertText(options: { environmentName: string; watches: string; ruleName: string; resourcePath: string }) {
  return {
    inputPathsMap: { ...ALERT_PATHS, resource: options.resourcePath },
    inputTemplate: Fn.join('', [
      '"[',
      options.environmentName,
      '] <eventName> on <resource> by <principal> (Studio user: <studioUser>) from <sourceIp> at <time>, error <errorCode>. ' +
        `Watched: ${options.watches}. Rule: `,
      options.ruleName,
      '"',
    ]),
  };
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
