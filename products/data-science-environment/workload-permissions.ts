/**
 * What the created execution, pipeline and model roles may do, split by
 * concern into managed policies that each stay far below IAM's 6,144-character
 * quota for a managed policy (a test resolves them with the longest parameter
 * values and measures them):
 *
 * | policy | roles | what |
 * | --- | --- | --- |
 * | WorkloadStorage | execution, pipeline | the data and models buckets, the data and volume keys |
 * | WorkloadSageMaker | execution, pipeline | SageMaker work, listing, passing the environment's roles; no domain administration |
 * | WorkloadRuntime | execution, pipeline, model | images, logs, metrics, the network interfaces of VPC jobs and models |
 * | StudioTools | execution | parameters, project repositories, SageMaker projects through Service Catalog |
 * | ModelExecutionPermissions | model | read models; the data and volume keys |
 * | PackageMirrorRead | execution, pipeline | a token for the package mirror, reading its `pypi` repository (4.0.0) |
 * | WorkloadNetworkPerimeter / PipelineNetworkPerimeter | execution, model / pipeline | network-perimeter.ts |
 */
import { Aws, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { RoleKey } from './identity';
import { SAGEMAKER_LIST_ACTIONS, SAGEMAKER_WORK_ACTIONS } from './identity';
import { networkPerimeterStatement, PIPELINE_ORCHESTRATION_CALLS, SERVICE_MADE_CALLS, STUDIO_INTERFACE_CALLS } from './network-perimeter';
import { ENVIRONMENT_BUCKET_ACTIONS } from './s3-endpoint-policy';

export interface WorkloadPermissionsProps {
  readonly roles: Readonly<Record<RoleKey, iam.IRole>>;
  readonly dataBucket: s3.IBucket;
  readonly modelsBucket: s3.IBucket;
  readonly dataKey: kms.CfnKey;
  readonly volumeKey: kms.CfnKey;
  /** `/<ssmPrefix>/<environment name>`: the parameters the environment publishes. */
  readonly ssmPath: string;
  /** The environment's VPC: the network perimeter and the network interfaces. */
  readonly vpcId: string;
  /** The package mirror: its domain and the repository the roles read (ARNs). */
  readonly packageMirror: { readonly domain: string; readonly repository: string };
}

const arn = (resource: string) => Fn.sub(`arn:\${AWS::Partition}:${resource}`);

/** Cryptographic use of a key (the key policies add: only through the AWS services named for it). */
const KEY_USE = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

export class WorkloadPermissions extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadPermissionsProps) {
    super(scope, id);
    const { roles, dataBucket, modelsBucket } = props;
    const keyArns = [props.dataKey.attrArn, props.volumeKey.attrArn];
    const policy = (policyId: string, description: string, attachedTo: iam.IRole[], statements: iam.PolicyStatement[]) =>
      new iam.ManagedPolicy(this, policyId, { description, roles: attachedTo, statements });

    policy('WorkloadStorage', 'SageMaker work in this environment: its buckets and keys', [roles.sageMakerExecution, roles.pipelineExecution], [
      new iam.PolicyStatement({
        sid: 'EnvironmentBuckets',
        actions: [...ENVIRONMENT_BUCKET_ACTIONS],
        resources: [dataBucket, modelsBucket].flatMap((b) => [b.bucketArn, b.arnForObjects('*')]),
      }),
      ...keyStatements(keyArns),
    ]);

    policy('WorkloadSageMaker', 'SageMaker work in this environment: jobs, models, pipelines, projects', [roles.sageMakerExecution, roles.pipelineExecution], [
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
        // A user profile's studiouserid tag says whose it is: whoever could retag it could open it.
        sid: 'NoUserProfileTagging',
        effect: iam.Effect.DENY,
        actions: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
        resources: [arn('sagemaker:${AWS::Region}:${AWS::AccountId}:user-profile/*')],
      }),
      new iam.PolicyStatement({
        sid: 'PassEnvironmentRoles',
        actions: ['iam:PassRole'],
        resources: [roles.sageMakerExecution.roleArn, roles.pipelineExecution.roleArn, roles.modelExecution.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    ]);

    policy('WorkloadRuntime', 'What SageMaker needs to run jobs and models of this environment', Object.values(workloadRoles(roles)), [
      new iam.PolicyStatement({
        sid: 'PullImages',
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        // SageMaker's own images live in AWS-owned accounts.
        resources: [arn('ecr:${AWS::Region}:*:repository/*')],
      }),
      new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'SageMakerLogs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
        resources: [arn('logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/*')],
      }),
      new iam.PolicyStatement({
        sid: 'SageMakerMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*', 'aws/sagemaker/*'] } },
      }),
      // VPC jobs, models and endpoints: SageMaker creates their network interfaces with the role
      // (https://docs.aws.amazon.com/sagemaker/latest/dg/train-vpc.html#train-vpc-vpc), here only in the
      // environment's VPC. The wildcards stand for CreateNetworkInterface(Permission) and DeleteNetworkInterface(Permission).
      new iam.PolicyStatement({
        sid: 'NetworkInterfacesInTheEnvironmentVpc',
        actions: ['ec2:CreateNetworkInterface*', 'ec2:DeleteNetworkInterface*'],
        resources: ['network-interface', 'subnet', 'security-group'].map((type) => arn(`ec2:\${AWS::Region}:\${AWS::AccountId}:${type}/*`)),
        // IfExists: the interface being created has no VPC yet; its subnet and security groups do.
        conditions: {
          ArnEqualsIfExists: { 'ec2:Vpc': Fn.join('', [`arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:vpc/`, props.vpcId]) },
        },
      }),
      new iam.PolicyStatement({
        sid: 'DescribeNetwork',
        // Describe calls take no resource ARN.
        actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
        resources: ['*'],
      }),
    ]);

    policy('StudioTools', 'Studio users: environment parameters, project repositories, SageMaker projects', [roles.sageMakerExecution], [
      new iam.PolicyStatement({
        sid: 'ReadEnvironmentParameters',
        // By path: one call returns every value the environment publishes.
        actions: ['ssm:GetParametersByPath'],
        resources: [Fn.sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${Path}', { Path: props.ssmPath })],
      }),
      new iam.PolicyStatement({
        sid: 'ProjectRepositories',
        actions: ['codecommit:GitPull', 'codecommit:GitPush', 'codecommit:GetRepository', 'codecommit:GetBranch', 'codecommit:ListBranches'],
        resources: [arn('codecommit:${AWS::Region}:${AWS::AccountId}:*')],
      }),
      new iam.PolicyStatement({
        // Project repositories are encrypted with their project's key: git works only if CodeCommit may use it for the caller.
        sid: 'ProjectRepositoryKeys',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [arn('kms:${AWS::Region}:${AWS::AccountId}:key/*')],
        conditions: { StringEquals: { 'kms:ViaService': Fn.sub('codecommit.${AWS::Region}.amazonaws.com') } },
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
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        // Only what the caller provisioned itself (its SageMaker projects), never the environment (launched by a team
        // administrator) nor another team's projects: https://docs.aws.amazon.com/servicecatalog/latest/adminguide/permissions-examples.html
        sid: 'ManageOwnProjects',
        actions: [
          'servicecatalog:DescribeProvisionedProduct',
          'servicecatalog:DescribeRecord',
          'servicecatalog:UpdateProvisionedProduct',
          'servicecatalog:TerminateProvisionedProduct',
        ],
        resources: ['*'],
        conditions: { StringEquals: { 'servicecatalog:userLevel': 'self' } },
      }),
    ]);

    policy('ModelExecutionPermissions', 'SageMaker endpoints of this environment: read models, use the keys', [roles.modelExecution], [
      new iam.PolicyStatement({
        sid: 'ReadModels',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [modelsBucket.bucketArn, modelsBucket.arnForObjects('*')],
      }),
      ...keyStatements(keyArns),
    ]);

    // Reading only: no publishing, no repository or domain administration, no other domain
    // (https://docs.aws.amazon.com/codeartifact/latest/ug/tokens-authentication.html: the token takes both calls below).
    policy('PackageMirrorRead', 'Studio, jobs and pipelines: pip install from the environment package mirror', [roles.sageMakerExecution, roles.pipelineExecution], [
      new iam.PolicyStatement({ sid: 'MirrorToken', actions: ['codeartifact:GetAuthorizationToken'], resources: [props.packageMirror.domain] }),
      new iam.PolicyStatement({
        sid: 'MirrorBearerToken',
        actions: ['sts:GetServiceBearerToken'],
        resources: ['*'],
        conditions: { StringEquals: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } },
      }),
      new iam.PolicyStatement({
        sid: 'MirrorRead',
        actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
        resources: [props.packageMirror.repository],
      }),
    ]);

    policy('WorkloadNetworkPerimeter', 'Execution and model role credentials work only from this environment VPC', [roles.sageMakerExecution, roles.modelExecution], [
      networkPerimeterStatement(props.vpcId, [...SERVICE_MADE_CALLS, ...STUDIO_INTERFACE_CALLS]),
    ]);
    policy('PipelineNetworkPerimeter', 'Pipeline role credentials work only from this environment VPC or SageMaker Pipelines', [roles.pipelineExecution], [
      networkPerimeterStatement(props.vpcId, [...SERVICE_MADE_CALLS, ...PIPELINE_ORCHESTRATION_CALLS]),
    ]);
  }
}

/** The roles SageMaker runs work with. */
function workloadRoles(roles: Readonly<Record<RoleKey, iam.IRole>>): iam.IRole[] {
  return [roles.sageMakerExecution, roles.pipelineExecution, roles.modelExecution];
}

/**
 * Use of the data and volume keys, and grants only for AWS resources: SageMaker
 * and EBS encrypt volumes through grants they create for the volume
 * (kms:GrantIsForAWSResource), which no caller can set for itself, so a role
 * cannot grant raw key use to itself or anyone else.
 */
function keyStatements(keyArns: string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'EnvironmentKeys', actions: KEY_USE, resources: keyArns }),
    new iam.PolicyStatement({
      sid: 'KeyGrantsForAwsResourcesOnly',
      actions: ['kms:CreateGrant'],
      resources: keyArns,
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  ];
}
