/**
 * The environment's identities, separable as in the reference: either the
 * environment creates its roles, or the catalog maintainer names existing ones
 * (catalog.yaml `defaults.dataScienceEnvironment.existingRoles`) and the
 * environment creates none. Either way every role carries the guardrail policy.
 * What the created roles may do is in workload-permissions.ts and studio-access.ts.
 */
import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ExistingRoles } from '../../src/model';
import { type ProtectedResources, type SageMakerGuardrailProps, SageMakerGuardrails } from '../../src/secure';

export type RoleKey = keyof ExistingRoles;

/**
 * What Studio users and pipelines do with SageMaker, action by action (not
 * `sagemaker:*`): jobs, models and endpoints, the model registry, pipelines,
 * experiments, Studio apps and spaces, projects. How jobs may be started is up
 * to the guardrails.
 */
export const SAGEMAKER_WORK_ACTIONS = [
  ...['TrainingJob', 'ProcessingJob', 'HyperParameterTuningJob', 'TransformJob'].flatMap((job) =>
    ['Create', 'Describe', 'Stop'].map((verb) => `sagemaker:${verb}${job}`),
  ),
  ...['Model', 'EndpointConfig', 'Endpoint'].flatMap((thing) => ['Create', 'Describe', 'Delete'].map((verb) => `sagemaker:${verb}${thing}`)),
  ...['Create', 'Describe', 'Start', 'Stop', 'Update', 'Delete'].map((verb) => `sagemaker:${verb}NotebookInstance`),
  'sagemaker:UpdateEndpoint',
  'sagemaker:InvokeEndpoint',
  'sagemaker:InvokeEndpointAsync',
  'sagemaker:CreateModelPackage',
  'sagemaker:CreateModelPackageGroup',
  'sagemaker:DescribeModelPackage',
  'sagemaker:DescribeModelPackageGroup',
  'sagemaker:UpdateModelPackage',
  ...['Create', 'Describe', 'Update', 'Delete'].map((verb) => `sagemaker:${verb}Pipeline`),
  'sagemaker:StartPipelineExecution',
  'sagemaker:StopPipelineExecution',
  'sagemaker:RetryPipelineExecution',
  'sagemaker:DescribePipelineExecution',
  'sagemaker:DescribePipelineDefinitionForExecution',
  'sagemaker:SendPipelineExecutionStepSuccess',
  'sagemaker:SendPipelineExecutionStepFailure',
  ...['Experiment', 'Trial', 'TrialComponent'].flatMap((thing) => ['Create', 'Describe'].map((verb) => `sagemaker:${verb}${thing}`)),
  'sagemaker:UpdateTrialComponent',
  'sagemaker:AssociateTrialComponent',
  'sagemaker:BatchPutMetrics',
  'sagemaker:AddTags',
  'sagemaker:DeleteTags',
  ...['App', 'Space'].flatMap((thing) => ['Create', 'Describe', 'Delete'].map((verb) => `sagemaker:${verb}${thing}`)),
  'sagemaker:UpdateSpace',
  'sagemaker:DescribeDomain',
  'sagemaker:DescribeUserProfile',
  ...['Create', 'Describe', 'Update', 'Delete'].map((verb) => `sagemaker:${verb}Project`),
];

/** List and search calls, which take no resource ARN. */
export const SAGEMAKER_LIST_ACTIONS = [
  ...[
    'TrainingJobs',
    'ProcessingJobs',
    'HyperParameterTuningJobs',
    'TransformJobs',
    'Models',
    'Endpoints',
    'EndpointConfigs',
    'ModelPackages',
    'ModelPackageGroups',
    'Pipelines',
    'PipelineExecutions',
    'PipelineExecutionSteps',
    'Experiments',
    'Trials',
    'TrialComponents',
    'Apps',
    'Spaces',
    'Domains',
    'UserProfiles',
    'Projects',
    'Tags',
    'TrainingJobsForHyperParameterTuningJob',
  ].map((thing) => `sagemaker:List${thing}`),
  'sagemaker:Search',
  'sagemaker:GetSearchSuggestions',
];

export const ROLE_DESCRIPTIONS: Readonly<Record<RoleKey, string>> = {
  teamAdmin: 'Team administrator: manages Studio user profiles of the environment',
  dataScientist: 'Data scientist: opens SageMaker Studio',
  sageMakerExecution: 'SageMaker execution role: Studio apps, training and processing jobs',
  pipelineExecution: 'SageMaker pipeline execution role',
  modelExecution: 'Model execution role: SageMaker endpoints',
};

/**
 * Names of the roles the environment creates: `<environment name>-<suffix>`,
 * predictable so portfolios can name them as principals (the Studio execution
 * role sees the SageMaker project templates) and people can find them.
 */
export const CREATED_ROLE_SUFFIXES: Readonly<Record<RoleKey, string>> = {
  teamAdmin: 'team-admin',
  dataScientist: 'data-scientist',
  sageMakerExecution: 'studio-execution',
  pipelineExecution: 'pipeline-execution',
  modelExecution: 'model-execution',
};

export interface EnvironmentIdentityProps {
  /** Deploy-time environment name, first part of the created roles' names. */
  readonly environmentName: string;
  /** Existing role names; undefined: create the roles. */
  readonly existingRoles?: ExistingRoles;
  /** What the guardrails pin SageMaker work to: the environment's subnets, security groups and keys. */
  readonly guardrails: SageMakerGuardrailProps;
  /** The environment's resources the roles must not change (the roles themselves are added here). */
  readonly protect: Omit<ProtectedResources, 'roleArns'>;
}

export class EnvironmentIdentity extends Construct {
  public readonly roles: Readonly<Record<RoleKey, iam.IRole>>;
  /** The preventive denies, attached to every role. */
  public readonly guardrails: iam.ManagedPolicy;
  /** Whether the roles were created here (and so get the environment's permission policies). */
  public readonly createsRoles: boolean;

  constructor(scope: Construct, id: string, private readonly props: EnvironmentIdentityProps) {
    super(scope, id);
    this.createsRoles = props.existingRoles === undefined;
    this.roles = props.existingRoles ? this.existing(props.existingRoles) : this.created();
    this.guardrails = new SageMakerGuardrails(this, 'Guardrails', {
      ...props.guardrails,
      roleNames: Object.values(this.roleNames()),
      protect: { ...props.protect, roleArns: Object.values(this.roles).map((role) => role.roleArn) },
    }).policy;
  }

  /** Role name (without path) of every role, for policy attachment. */
  public roleNames(): Record<RoleKey, string> {
    const names = {} as Record<RoleKey, string>;
    for (const [key, role] of Object.entries(this.roles) as [RoleKey, iam.IRole][]) {
      const existing = this.props.existingRoles?.[key];
      names[key] = existing ? existing.split('/').pop()! : role.roleName;
    }
    return names;
  }

  private existing(names: ExistingRoles): Record<RoleKey, iam.IRole> {
    const roles = {} as Record<RoleKey, iam.IRole>;
    for (const [key, name] of Object.entries(names) as [RoleKey, string][]) {
      // By name in every account: one template, and no account id in it.
      const arn = Fn.sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}`);
      roles[key] = iam.Role.fromRoleArn(this, `Existing${key.charAt(0).toUpperCase()}${key.slice(1)}Role`, arn, { mutable: false });
    }
    return roles;
  }

  private created(): Record<RoleKey, iam.IRole> {
    const sagemakerService = new iam.ServicePrincipal('sagemaker.amazonaws.com');
    const role = (id: string, key: RoleKey, assumedBy: iam.IPrincipal) =>
      new iam.Role(this, id, {
        roleName: Fn.join('-', [this.props.environmentName, CREATED_ROLE_SUFFIXES[key]]),
        description: ROLE_DESCRIPTIONS[key],
        assumedBy,
      });
    return {
      teamAdmin: role('TeamAdminRole', 'teamAdmin', personOfThisAccount()),
      dataScientist: role('DataScientistRole', 'dataScientist', personOfThisAccount()),
      sageMakerExecution: role('SageMakerExecutionRole', 'sageMakerExecution', sagemakerService),
      pipelineExecution: role('PipelineExecutionRole', 'pipelineExecution', sagemakerService),
      modelExecution: role('ModelExecutionRole', 'modelExecution', sagemakerService),
    };
  }
}

/** The session tag naming the person behind a Studio session; user profiles carry the same tag. */
export const STUDIO_USER_TAG = 'studiouserid';

/**
 * People of this account, who may carry their own `studiouserid` into the
 * session and nothing else: the session tag must equal the caller's own
 * principal tag (set by IAM Identity Center attributes for access control, a
 * SAML assertion, or an administrator on an IAM user), so nobody can claim
 * somebody else's Studio identity.
 */
function personOfThisAccount(): iam.IPrincipal {
  return new iam.AccountRootPrincipal().withSessionTags().withConditions({
    // IfExists: assuming the role without the tag is fine, the session then opens no Studio profile.
    'StringEqualsIfExists': { [`aws:RequestTag/${STUDIO_USER_TAG}`]: `\${aws:PrincipalTag/${STUDIO_USER_TAG}}` },
    'ForAllValues:StringEquals': { 'aws:TagKeys': [STUDIO_USER_TAG] },
  });
}
