/**
 * The environment's identities, separable as in the reference: either the
 * environment creates its roles, or the catalog maintainer names existing ones
 * (catalog.yaml `defaults.dataScienceEnvironment.existingRoles`) and the
 * environment creates none. Either way every role carries the guardrail policy.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENVIRONMENT_BUCKET_ACTIONS } from './s3-endpoint-policy';
import type { ExistingRoles } from '../../src/manifest/data-science-environment-settings';
import { type ProtectedResources, type SageMakerGuardrailProps, SageMakerGuardrails } from '../../src/secure/guardrails';

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
  readonly dataBucket: s3.IBucket;
  readonly modelsBucket: s3.IBucket;
  readonly dataKey: kms.CfnKey;
  readonly volumeKey: kms.CfnKey;
  /** `/<ssmPrefix>/<environment name>`: the parameters the environment publishes. */
  readonly ssmPath: string;
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
    if (this.createsRoles) this.grantWorkloads();
  }

  /**
   * Studio access for the personas: data scientists open their profile,
   * team administrators also manage the profiles, both only in this domain.
   */
  public grantStudio(domainArn: string, domainId: string): void {
    if (!this.createsRoles) return;
    const profiles = `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:user-profile/${domainId}/*`;
    const openStudio = new iam.PolicyStatement({
      sid: 'OpenStudio',
      actions: ['sagemaker:CreatePresignedDomainUrl', 'sagemaker:DescribeUserProfile'],
      resources: [profiles],
    });
    const readDomain = new iam.PolicyStatement({
      sid: 'ReadDomain',
      actions: ['sagemaker:DescribeDomain'],
      resources: [domainArn],
    });
    const listing = new iam.PolicyStatement({
      sid: 'ListStudio',
      // List calls take no resource ARN.
      actions: ['sagemaker:ListDomains', 'sagemaker:ListUserProfiles', 'sagemaker:ListSpaces', 'sagemaker:ListApps'],
      resources: ['*'],
    });
    new iam.ManagedPolicy(this, 'DataScientistPermissions', {
      description: 'Open SageMaker Studio in this environment',
      roles: [this.roles.dataScientist],
      statements: [openStudio, readDomain, listing],
    });
    new iam.ManagedPolicy(this, 'TeamAdminPermissions', {
      description: 'Manage the Studio user profiles of this environment',
      roles: [this.roles.teamAdmin],
      statements: [
        openStudio,
        readDomain,
        listing,
        new iam.PolicyStatement({
          sid: 'ManageUserProfiles',
          actions: ['sagemaker:CreateUserProfile', 'sagemaker:UpdateUserProfile', 'sagemaker:DeleteUserProfile', 'sagemaker:AddTags'],
          resources: [profiles],
        }),
        new iam.PolicyStatement({
          sid: 'AssignExecutionRole',
          actions: ['iam:PassRole'],
          resources: [this.roles.sageMakerExecution.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        }),
      ],
    });
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
    const people = new iam.AccountRootPrincipal();
    const role = (id: string, key: RoleKey, assumedBy: iam.IPrincipal) =>
      new iam.Role(this, id, {
        roleName: Fn.join('-', [this.props.environmentName, CREATED_ROLE_SUFFIXES[key]]),
        description: ROLE_DESCRIPTIONS[key],
        assumedBy,
      });
    return {
      teamAdmin: role('TeamAdminRole', 'teamAdmin', people),
      dataScientist: role('DataScientistRole', 'dataScientist', people),
      sageMakerExecution: role('SageMakerExecutionRole', 'sageMakerExecution', sagemakerService),
      pipelineExecution: role('PipelineExecutionRole', 'pipelineExecution', sagemakerService),
      modelExecution: role('ModelExecutionRole', 'modelExecution', sagemakerService),
    };
  }

  /** What the execution, pipeline and model roles may do: this environment's data, keys, logs and images. */
  private grantWorkloads(): void {
    const { dataBucket, modelsBucket, dataKey, volumeKey } = this.props;
    const arn = (resource: string) => Fn.sub(`arn:\${AWS::Partition}:${resource}`);
    const buckets = [dataBucket, modelsBucket].flatMap((b) => [b.bucketArn, b.arnForObjects('*')]);
    const images = new iam.PolicyStatement({
      sid: 'PullImages',
      actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      // SageMaker's own images live in AWS-owned accounts.
      resources: [arn('ecr:${AWS::Region}:*:repository/*')],
    });
    const registryLogin = new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
    const logsStatement = new iam.PolicyStatement({
      sid: 'SageMakerLogs',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
      resources: [arn('logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/*')],
    });
    const metrics = new iam.PolicyStatement({
      sid: 'SageMakerMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*', 'aws/sagemaker/*'] } },
    });
    const keys = new iam.PolicyStatement({
      sid: 'EnvironmentKeys',
      actions: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:DescribeKey',
        'kms:CreateGrant',
      ],
      resources: [dataKey.attrArn, volumeKey.attrArn],
    });

    const workloadRoles = [this.roles.sageMakerExecution, this.roles.pipelineExecution];
    new iam.ManagedPolicy(this, 'WorkloadPermissions', {
      description: 'SageMaker work in this environment: its buckets, keys, images, logs and parameters',
      roles: workloadRoles,
      statements: [
        new iam.PolicyStatement({ sid: 'EnvironmentBuckets', actions: [...ENVIRONMENT_BUCKET_ACTIONS], resources: buckets }),
        keys,
        new iam.PolicyStatement({
          sid: 'SageMakerInThisAccount',
          // The SageMaker work of a data scientist, by verb; the guardrails decide how it may be started.
          actions: SAGEMAKER_WORK_ACTIONS,
          resources: [arn('sagemaker:${AWS::Region}:${AWS::AccountId}:*')],
        }),
        new iam.PolicyStatement({ sid: 'SageMakerListAndSearch', actions: SAGEMAKER_LIST_ACTIONS, resources: ['*'] }),
        new iam.PolicyStatement({
          // Studio users act as this role: the domain and its profiles stay under the team admin's control.
          sid: 'NoDomainAdministration',
          effect: iam.Effect.DENY,
          actions: [
            'sagemaker:CreateDomain',
            'sagemaker:UpdateDomain',
            'sagemaker:DeleteDomain',
            'sagemaker:CreateUserProfile',
            'sagemaker:UpdateUserProfile',
            'sagemaker:DeleteUserProfile',
            'sagemaker:CreatePresignedDomainUrl',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'PassEnvironmentRoles',
          actions: ['iam:PassRole'],
          resources: [this.roles.sageMakerExecution.roleArn, this.roles.pipelineExecution.roleArn, this.roles.modelExecution.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        }),
        images,
        registryLogin,
        logsStatement,
        metrics,
        new iam.PolicyStatement({
          sid: 'ReadEnvironmentParameters',
          // By path: one call returns every value the environment publishes.
          actions: ['ssm:GetParametersByPath'],
          resources: [Fn.sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${Path}', { Path: this.props.ssmPath })],
        }),
        new iam.PolicyStatement({
          sid: 'ProjectRepositories',
          actions: ['codecommit:GitPull', 'codecommit:GitPush', 'codecommit:GetRepository', 'codecommit:GetBranch', 'codecommit:ListBranches'],
          resources: [arn('codecommit:${AWS::Region}:${AWS::AccountId}:*')],
        }),
        new iam.PolicyStatement({
          sid: 'LaunchProjectTemplates',
          // SageMaker projects provision Service Catalog products as the caller.
          actions: [
            'servicecatalog:SearchProducts',
            'servicecatalog:DescribeProduct',
            'servicecatalog:DescribeProductView',
            'servicecatalog:DescribeProvisioningParameters',
            'servicecatalog:ListLaunchPaths',
            'servicecatalog:ProvisionProduct',
            'servicecatalog:DescribeProvisionedProduct',
            'servicecatalog:DescribeRecord',
            'servicecatalog:UpdateProvisionedProduct',
            'servicecatalog:TerminateProvisionedProduct',
          ],
          resources: ['*'],
        }),
      ],
    });

    new iam.ManagedPolicy(this, 'ModelExecutionPermissions', {
      description: 'SageMaker endpoints of this environment: read models, pull images, write logs',
      roles: [this.roles.modelExecution],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadModels',
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:GetBucketLocation'],
          resources: [modelsBucket.bucketArn, modelsBucket.arnForObjects('*')],
        }),
        keys,
        images,
        registryLogin,
        logsStatement,
        metrics,
      ],
    });
  }
}
