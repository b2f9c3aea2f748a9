/**
 * Every role of the data science environment, both ways, by IAM policy
 * simulation over the synthesized template (test/secure/policy-simulation.ts):
 * what its job needs, with the resources and condition keys a real call
 * carries, is allowed; the holes of issue 8 and tampering with the
 * environment are not.
 *
 * Where a request comes from is part of the case, as AWS sees it:
 * - from Studio or a job in the VPC: through the environment's VPC endpoints
 *   (`aws:SourceVpc`, and `aws:SourceVpce` of the endpoint);
 * - by an AWS service on the role's behalf: `aws:ViaAWSService` (S3 calling KMS, ...);
 * - by SageMaker itself with the role, from its own network: neither key
 *   (network interfaces, image pulls, logs; SageMaker Pipelines' step calls);
 * - with credentials copied out of Studio: neither key, from an address outside.
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DataScienceEnvironmentProduct } from '../../products/data-science-environment';
import { loadCatalog } from '../../src/manifest';
import { catalogRoot, synthProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';
import { assumingCaller, type CannotCase, describeRoleTable, type RoleCase, roleUnderTest, trustPolicyOf } from '../secure/policy-simulation';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const OFFICE = '203.0.113.0/24';

const product = synthProduct(DataScienceEnvironmentProduct, 'data-science-environment', loadCatalog(catalogRoot('data-science-environment')));
const dse = product.stack as DataScienceEnvironmentProduct;
const id = (construct: IConstruct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const launchWith = (parameters: Record<string, string>) => new ResolvedTemplate(product.json, { accountId: ACCOUNT, region: REGION, parameters });
const launch = launchWith({ StudioAccessCidrs: OFFICE });

// The environment's own resources, as this launch names them.
const vpc = launch.ref(id(dse.network.vpc));
const vpcArn = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${vpc}`;
const subnets: string[] = launch.properties(id(dse.exports.parameters.get('privateSubnetIds')!)).Value.split(',');
const group = launch.getAtt(id(dse.network.sageMakerSecurityGroup), 'GroupId');
const endpointGroup = launch.getAtt(id(dse.network.endpointSecurityGroup), 'GroupId');
const dataKey = launch.getAtt(id(dse.keys.data), 'Arn');
const volumeKey = launch.getAtt(id(dse.keys.volume), 'Arn');
const dataBucket = launch.ref(id(dse.storage.dataBucket));
const modelsBucket = launch.ref(id(dse.storage.modelsBucket));
const s3Endpoint = launch.ref(id(dse.network.s3Endpoint));
const apiEndpoint = launch.ref(id(dse.network.interfaceEndpoints.get('SageMakerApi')!));
const domainId = launch.getAtt(id(dse.studio.domain), 'DomainId');
const roleId = (key: keyof DataScienceEnvironmentProduct['identity']['roles']) => id(dse.identity.roles[key].node.defaultChild as IConstruct);
const roleArn = (key: Parameters<typeof roleId>[0]) => launch.getAtt(roleId(key), 'Arn');
const bucketPolicy = (bucket: string) =>
  launch
    .logicalIdsOf('AWS::S3::BucketPolicy')
    .map((p) => launch.properties(p))
    .find((p) => p.Bucket === bucket)!.PolicyDocument;
const keyPolicy = (key: IConstruct) => launch.properties(id(key)).KeyPolicy;
const s3EndpointPolicy = [{ name: 'S3Endpoint', policy: launch.properties(id(dse.network.s3Endpoint)).PolicyDocument }];
const guardrailPolicyArn = `arn:aws:iam::${ACCOUNT}:policy/guardrails/${launch.ref(id(dse.identity.guardrails))}`;

const arn = (service: string, resource: string, account = ACCOUNT) => `arn:aws:${service}:${REGION}:${account}:${resource}`;

// Where requests come from.
const FROM_STUDIO = { 'aws:SourceVpc': vpc, 'aws:SourceVpce': apiEndpoint };
const VIA_S3_ENDPOINT = { 'aws:SourceVpc': vpc, 'aws:SourceVpce': s3Endpoint, 'aws:ResourceAccount': ACCOUNT };
const FROM_SAGEMAKER = { 'aws:SourceIp': '52.94.1.1' };
const FROM_ELSEWHERE = { 'aws:SourceIp': '198.51.100.7', 'aws:ViaAWSService': 'false' };
const via = (service: string) => ({ 'aws:ViaAWSService': 'true', 'aws:CalledVia': [`${service}.amazonaws.com`] });

/** A training job started the environment's way. */
const SECURE_JOB = {
  'sagemaker:VpcSubnets': subnets,
  'sagemaker:VpcSecurityGroupIds': [group],
  'sagemaker:VolumeKmsKeyArn': volumeKey,
  'sagemaker:OutputKmsKeyArn': dataKey,
  'sagemaker:InterContainerTrafficEncryption': 'true',
  'sagemaker:NetworkIsolation': 'true',
};
const job = (change: Record<string, string | string[] | undefined> = {}) =>
  Object.fromEntries(Object.entries({ ...SECURE_JOB, ...change }).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
const trainingJob = arn('sagemaker', 'training-job/churn');

/** Cases every workload role shares: what SageMaker does with it from its own network, and what it never may. */
const sageMakerRunsWith: RoleCase[] = [
  {
    name: 'have SageMaker create a network interface in an environment subnet (VPC job or model)',
    action: 'ec2:CreateNetworkInterface',
    resource: arn('ec2', `subnet/${subnets[0]}`),
    context: { ...FROM_SAGEMAKER, 'ec2:Vpc': vpcArn },
  },
  {
    name: 'have SageMaker grant itself use of that interface, and delete it afterwards',
    action: 'ec2:CreateNetworkInterfacePermission',
    resource: arn('ec2', 'network-interface/eni-0123456789abcdef0'),
    context: { ...FROM_SAGEMAKER, 'ec2:Vpc': vpcArn },
  },
  { name: 'have SageMaker describe the subnets', action: 'ec2:DescribeSubnets', resource: '*', context: FROM_SAGEMAKER },
  {
    name: "have SageMaker pull a framework image from AWS's registry",
    action: 'ecr:BatchGetImage',
    resource: arn('ecr', 'repository/pytorch-training', '763104351884'),
    resourceAccount: '763104351884',
    // AWS's framework repositories admit pulls by any account (their repository policy, as assumed here).
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }],
    },
    context: FROM_SAGEMAKER,
  },
  { name: 'have SageMaker log in to ECR', action: 'ecr:GetAuthorizationToken', resource: '*', context: FROM_SAGEMAKER },
  {
    name: "have SageMaker write the job's logs",
    action: 'logs:PutLogEvents',
    resource: arn('logs', 'log-group:/aws/sagemaker/TrainingJobs:log-stream:churn/algo-1'),
    context: FROM_SAGEMAKER,
  },
  {
    name: 'have EC2 create a grant on the volume key for the job volume',
    action: 'kms:CreateGrant',
    resource: volumeKey,
    resourcePolicy: keyPolicy(dse.keys.volume),
    context: { ...via('sagemaker'), 'kms:ViaService': `sagemaker.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT, 'kms:GrantIsForAWSResource': 'true' },
  },
];

const neverMay = (key: Parameters<typeof roleId>[0]): CannotCase[] => [
  {
    name: 'create a network interface in a subnet of another VPC',
    action: 'ec2:CreateNetworkInterface',
    resource: arn('ec2', 'subnet/subnet-0other'),
    context: { ...FROM_SAGEMAKER, 'ec2:Vpc': arn('ec2', 'vpc/vpc-0other') },
    implicitly: true,
  },
  {
    name: 'grant itself raw use of the volume key (a grant not for an AWS resource)',
    action: 'kms:CreateGrant',
    resource: volumeKey,
    resourcePolicy: keyPolicy(dse.keys.volume),
    context: { ...FROM_STUDIO, 'kms:CallerAccount': ACCOUNT, 'kms:GrantIsForAWSResource': 'false', 'kms:GranteePrincipal': roleArn(key) },
    implicitly: true,
  },
  {
    name: 'grant an outside account use of the data key',
    action: 'kms:CreateGrant',
    resource: dataKey,
    resourcePolicy: keyPolicy(dse.keys.data),
    context: { ...FROM_STUDIO, 'kms:CallerAccount': ACCOUNT, 'kms:GranteePrincipal': 'arn:aws:iam::999999999999:root' },
    implicitly: true,
  },
  {
    name: 'decrypt with the data key directly (raw key use, not through S3 or SageMaker)',
    action: 'kms:Decrypt',
    resource: dataKey,
    resourcePolicy: keyPolicy(dse.keys.data),
    context: { ...FROM_STUDIO, 'kms:CallerAccount': ACCOUNT },
    implicitly: true,
  },
  { name: 'detach a policy from its own role', action: 'iam:DetachRolePolicy', resource: roleArn(key), context: FROM_STUDIO, deniedBy: ['identity:DenyChangingTheRoles'] },
  { name: 'add an inline policy to its own role', action: 'iam:PutRolePolicy', resource: roleArn(key), context: FROM_STUDIO, deniedBy: ['identity:DenyChangingTheRoles'] },
  { name: 'rewrite the guardrail policy', action: 'iam:CreatePolicyVersion', resource: guardrailPolicyArn, context: FROM_STUDIO, deniedBy: ['identity:DenyChangingGuardrailPolicies'] },
  { name: 'delete the guardrail policy', action: 'iam:DeletePolicy', resource: guardrailPolicyArn, context: FROM_STUDIO, deniedBy: ['identity:DenyChangingGuardrailPolicies'] },
  {
    name: 'open the SageMaker security group to the internet',
    action: 'ec2:AuthorizeSecurityGroupIngress',
    resource: arn('ec2', `security-group/${group}`),
    context: FROM_STUDIO,
    deniedBy: ['identity:DenyChangingSecurityGroups'],
  },
  {
    name: "remove the endpoints' security group",
    action: 'ec2:DeleteSecurityGroup',
    resource: arn('ec2', `security-group/${endpointGroup}`),
    context: FROM_STUDIO,
    deniedBy: ['identity:DenyChangingSecurityGroups'],
  },
  {
    name: "replace the S3 endpoint's policy",
    action: 'ec2:ModifyVpcEndpoint',
    resource: arn('ec2', `vpc-endpoint/${s3Endpoint}`),
    context: FROM_STUDIO,
    deniedBy: ['identity:DenyChangingVpcEndpoints'],
  },
  { name: "rewrite the data key's policy", action: 'kms:PutKeyPolicy', resource: dataKey, context: FROM_STUDIO, deniedBy: ['identity:DenyChangingKeys'] },
  { name: 'schedule the volume key for deletion', action: 'kms:ScheduleKeyDeletion', resource: volumeKey, context: FROM_STUDIO, deniedBy: ['identity:DenyChangingKeys'] },
  {
    name: 'delete the flow log',
    action: 'ec2:DeleteFlowLogs',
    resource: arn('ec2', `vpc-flow-log/${launch.ref(id(dse.network.flowLog))}`),
    context: FROM_STUDIO,
    deniedBy: ['identity:DenyDeletingFlowLogs'],
  },
  {
    name: 'delete the flow-log group',
    action: 'logs:DeleteLogGroup',
    resource: arn('logs', `log-group:${launch.ref(id(dse.network.flowLogGroup))}`),
    context: FROM_STUDIO,
    deniedBy: ['identity:DenyChangingLogGroups'],
  },
];

/** A person (team admin or data scientist) with a studiouserid principal tag. */
const person = (studioUserId: string, from: Record<string, string>) => ({ 'aws:PrincipalTag/studiouserid': studioUserId, ...from });
const profile = (name: string, domain = domainId) => arn('sagemaker', `user-profile/${domain}/${name}`);
const profileOf = (owner: string) => ({ 'sagemaker:ResourceTag/studiouserid': owner, 'aws:ResourceTag/studiouserid': owner });
const THROUGH_API_ENDPOINT = { 'aws:SourceVpc': vpc, 'aws:SourceVpce': apiEndpoint };
const FROM_OFFICE = { 'aws:SourceIp': '203.0.113.25' };
const FROM_CAFE = { 'aws:SourceIp': '198.51.100.7' };

const opensOwnProfile: RoleCase[] = [
  {
    name: 'open its own Studio profile through the environment SageMaker API endpoint',
    action: 'sagemaker:CreatePresignedDomainUrl',
    resource: profile('alice'),
    context: { ...person('alice@example.com', THROUGH_API_ENDPOINT), ...profileOf('alice@example.com') },
  },
  {
    name: 'open its own Studio profile from the allowed CIDR block',
    action: 'sagemaker:CreatePresignedDomainUrl',
    resource: profile('alice'),
    context: { ...person('alice@example.com', FROM_OFFICE), ...profileOf('alice@example.com') },
  },
  { name: 'read the domain', action: 'sagemaker:DescribeDomain', resource: arn('sagemaker', `domain/${domainId}`), context: FROM_OFFICE },
  { name: 'list user profiles', action: 'sagemaker:ListUserProfiles', resource: '*', context: FROM_OFFICE },
];

const cannotOpenOthers: CannotCase[] = [
  {
    name: "open a colleague's Studio profile (hole: any profile)",
    action: 'sagemaker:CreatePresignedDomainUrl',
    resource: profile('bob'),
    context: { ...person('alice@example.com', THROUGH_API_ENDPOINT), ...profileOf('bob@example.com') },
    implicitly: true,
  },
  {
    name: 'open a profile nobody has been assigned to (no studiouserid tag)',
    action: 'sagemaker:CreatePresignedDomainUrl',
    resource: profile('unassigned'),
    context: person('alice@example.com', THROUGH_API_ENDPOINT),
    implicitly: true,
  },
  {
    name: 'open its own Studio profile from any other network (hole: from anywhere)',
    action: 'sagemaker:CreatePresignedDomainUrl',
    resource: profile('alice'),
    context: { ...person('alice@example.com', FROM_CAFE), ...profileOf('alice@example.com') },
    deniedBy: ['identity:OpenStudioOnlyFromAllowedNetwork'],
  },
  {
    name: 'open its own Studio profile through another VPC endpoint',
    action: 'sagemaker:CreatePresignedDomainUrl',
    resource: profile('alice'),
    context: { ...person('alice@example.com', { 'aws:SourceVpce': 'vpce-0other', 'aws:SourceVpc': 'vpc-0other' }), ...profileOf('alice@example.com') },
    deniedBy: ['identity:OpenStudioOnlyFromAllowedNetwork'],
  },
  {
    name: 'open a profile of another Studio domain',
    action: 'sagemaker:CreatePresignedDomainUrl',
    resource: profile('alice', 'd-otherdomain1'),
    context: { ...person('alice@example.com', THROUGH_API_ENDPOINT), ...profileOf('alice@example.com') },
    implicitly: true,
  },
];

describe('data-science-environment: every role, both ways, by IAM policy simulation', () => {
  describeRoleTable('SageMaker execution role (Studio users, their jobs)', () => roleUnderTest(launch, roleId('sageMakerExecution')), {
    can: [
      { name: 'start a VPC training job with the environment subnets, group and keys', action: 'sagemaker:CreateTrainingJob', resource: trainingJob, context: { ...FROM_STUDIO, ...job() } },
      {
        name: 'run a batch transform with the volume and an output key',
        action: 'sagemaker:CreateTransformJob',
        resource: arn('sagemaker', 'transform-job/score'),
        context: { ...FROM_STUDIO, 'sagemaker:VolumeKmsKeyArn': volumeKey, 'sagemaker:OutputKmsKeyArn': dataKey },
      },
      {
        name: 'create an encrypted endpoint config',
        action: 'sagemaker:CreateEndpointConfig',
        resource: arn('sagemaker', 'endpoint-config/churn'),
        context: { ...FROM_STUDIO, 'sagemaker:VolumeKmsKeyArn': volumeKey },
      },
      {
        name: 'pass the pipeline role to SageMaker',
        action: 'iam:PassRole',
        resource: roleArn('pipelineExecution'),
        context: { ...FROM_STUDIO, 'iam:PassedToService': 'sagemaker.amazonaws.com' },
      },
      {
        name: 'read its data bucket through the S3 endpoint',
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${dataBucket}/train/data.csv`,
        resourcePolicy: bucketPolicy(dataBucket),
        vpcEndpointPolicies: s3EndpointPolicy,
        context: VIA_S3_ENDPOINT,
      },
      {
        name: 'write a model to the models bucket through the S3 endpoint',
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${modelsBucket}/churn/model.tar.gz`,
        resourcePolicy: bucketPolicy(modelsBucket),
        vpcEndpointPolicies: s3EndpointPolicy,
        context: VIA_S3_ENDPOINT,
      },
      {
        name: 'have S3 use the data key for its objects',
        action: 'kms:GenerateDataKey',
        resource: dataKey,
        resourcePolicy: keyPolicy(dse.keys.data),
        context: { ...via('s3'), 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT },
      },
      ...sageMakerRunsWith,
      {
        name: 'read the environment parameters',
        action: 'ssm:GetParametersByPath',
        resource: arn('ssm', 'parameter/platform/team-a'),
        context: FROM_STUDIO,
      },
      { name: 'git pull a project repository', action: 'codecommit:GitPull', resource: arn('codecommit', 'sagemaker-churn-modelbuild'), context: FROM_STUDIO },
      { name: 'git push to a project repository', action: 'codecommit:GitPush', resource: arn('codecommit', 'sagemaker-churn-modelbuild'), context: FROM_STUDIO },
      {
        name: "have CodeCommit decrypt with the project repository's key",
        action: 'kms:Decrypt',
        resource: arn('kms', 'key/0123abcd-project'),
        // A project key has CDK's default key policy: the account delegates to IAM (src/sagemaker-projects/project-key.ts).
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
        },
        context: { ...via('codecommit'), 'kms:ViaService': `codecommit.${REGION}.amazonaws.com` },
      },
      {
        name: 'create its own SageMaker project (Service Catalog provisioning)',
        action: 'servicecatalog:ProvisionProduct',
        resource: arn('catalog', 'product/prod-abcdefgh12345'),
        context: FROM_STUDIO,
      },
      {
        name: 'update its own SageMaker project',
        action: 'servicecatalog:UpdateProvisionedProduct',
        resource: '*',
        context: { ...FROM_STUDIO, 'servicecatalog:userLevel': 'self' },
      },
      {
        name: 'delete its own SageMaker project',
        action: 'servicecatalog:TerminateProvisionedProduct',
        resource: '*',
        context: { ...FROM_STUDIO, 'servicecatalog:userLevel': 'self' },
      },
      { name: 'start a Studio app', action: 'sagemaker:CreateApp', resource: arn('sagemaker', `app/${domainId}/alice/jupyterlab/default`), context: FROM_STUDIO },
      {
        name: "have Studio's interface start a space's app from SageMaker's network",
        action: 'sagemaker:CreateApp',
        resource: arn('sagemaker', `app/${domainId}/alice/jupyterlab/default`),
        context: FROM_SAGEMAKER,
      },
    ],
    cannot: [
      {
        name: "terminate the environment's provisioned product (launched by a team admin: account level only)",
        action: 'servicecatalog:TerminateProvisionedProduct',
        resource: '*',
        context: { ...FROM_STUDIO, 'servicecatalog:accountLevel': 'self' },
        implicitly: true,
      },
      {
        name: "update another team's project (role level at most)",
        action: 'servicecatalog:UpdateProvisionedProduct',
        resource: '*',
        context: { ...FROM_STUDIO, 'servicecatalog:roleLevel': 'self' },
        implicitly: true,
      },
      {
        name: 'open a Studio profile',
        action: 'sagemaker:CreatePresignedDomainUrl',
        resource: profile('bob'),
        context: FROM_STUDIO,
        deniedBy: ['identity:NoDomainAdministration'],
      },
      {
        name: "retag a colleague's user profile as its own",
        action: 'sagemaker:AddTags',
        resource: profile('bob'),
        context: FROM_STUDIO,
        deniedBy: ['identity:NoUserProfileTagging'],
      },
      {
        name: 'read its data bucket with copied credentials from elsewhere',
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${dataBucket}/train/data.csv`,
        resourcePolicy: bucketPolicy(dataBucket),
        context: { ...FROM_ELSEWHERE, 'aws:ResourceAccount': ACCOUNT },
        deniedBy: ['identity:DenyOutsideTheEnvironmentNetwork', 'resource:DenyOutsideVpcEndpoint'],
      },
      {
        name: 'start a training job with copied credentials from elsewhere',
        action: 'sagemaker:CreateTrainingJob',
        resource: trainingJob,
        context: { ...FROM_ELSEWHERE, ...job() },
        deniedBy: ['identity:DenyOutsideTheEnvironmentNetwork'],
      },
      {
        name: 'invoke an endpoint with copied credentials from elsewhere',
        action: 'sagemaker:InvokeEndpoint',
        resource: arn('sagemaker', 'endpoint/churn'),
        context: FROM_ELSEWHERE,
        deniedBy: ['identity:DenyOutsideTheEnvironmentNetwork'],
      },
      {
        name: 'git pull a project repository from elsewhere',
        action: 'codecommit:GitPull',
        resource: arn('codecommit', 'sagemaker-churn-modelbuild'),
        context: FROM_ELSEWHERE,
        deniedBy: ['identity:DenyOutsideTheEnvironmentNetwork'],
      },
      {
        name: 'train in a subnet of another VPC',
        action: 'sagemaker:CreateTrainingJob',
        resource: trainingJob,
        context: { ...FROM_STUDIO, ...job({ 'sagemaker:VpcSubnets': ['subnet-0other'] }) },
        deniedBy: ['identity:DenyOtherSubnets'],
      },
      {
        name: 'train in a security group of another VPC',
        action: 'sagemaker:CreateTrainingJob',
        resource: trainingJob,
        context: { ...FROM_STUDIO, ...job({ 'sagemaker:VpcSecurityGroupIds': ['sg-0other'] }) },
        deniedBy: ['identity:DenyOtherSecurityGroups'],
      },
      {
        name: 'train without a customer key for the volume',
        action: 'sagemaker:CreateTrainingJob',
        resource: trainingJob,
        context: { ...FROM_STUDIO, ...job({ 'sagemaker:VolumeKmsKeyArn': undefined }) },
        deniedBy: ['identity:DenyWithoutVolumeKey'],
      },
      {
        name: 'create a notebook instance without a customer key',
        action: 'sagemaker:CreateNotebookInstance',
        resource: arn('sagemaker', 'notebook-instance/scratch'),
        context: {
          ...FROM_STUDIO,
          'sagemaker:VpcSubnets': [subnets[0]],
          'sagemaker:VpcSecurityGroupIds': [group],
          'sagemaker:RootAccess': 'Disabled',
          'sagemaker:DirectInternetAccess': 'Disabled',
        },
        deniedBy: ['identity:DenyWithoutVolumeKey'],
      },
      {
        name: 'create an endpoint config without a customer key',
        action: 'sagemaker:CreateEndpointConfig',
        resource: arn('sagemaker', 'endpoint-config/churn'),
        context: FROM_STUDIO,
        deniedBy: ['identity:DenyWithoutVolumeKey'],
      },
      {
        name: 'run a batch transform without customer keys',
        action: 'sagemaker:CreateTransformJob',
        resource: arn('sagemaker', 'transform-job/score'),
        context: FROM_STUDIO,
        deniedBy: ['identity:DenyWithoutVolumeKey', 'identity:DenyWithoutOutputKey'],
      },
      {
        name: 'pass a role that is not the environment’s',
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/Admin`,
        context: { ...FROM_STUDIO, 'iam:PassedToService': 'sagemaker.amazonaws.com' },
        implicitly: true,
      },
      { name: 'create a Studio domain', action: 'sagemaker:CreateDomain', resource: arn('sagemaker', 'domain/d-new'), context: FROM_STUDIO, deniedBy: ['identity:NoDomainAdministration'] },
      ...neverMay('sageMakerExecution'),
    ],
  });

  describeRoleTable('pipeline execution role (SageMaker Pipelines)', () => roleUnderTest(launch, roleId('pipelineExecution')), {
    can: [
      {
        name: "start a pipeline's training step from SageMaker Pipelines (its own network)",
        action: 'sagemaker:CreateTrainingJob',
        resource: trainingJob,
        context: { ...FROM_SAGEMAKER, ...job() },
      },
      {
        name: 'pass the model role to SageMaker from SageMaker Pipelines',
        action: 'iam:PassRole',
        resource: roleArn('modelExecution'),
        context: { ...FROM_SAGEMAKER, 'iam:PassedToService': 'sagemaker.amazonaws.com' },
      },
      { name: 'register a model version', action: 'sagemaker:CreateModelPackage', resource: arn('sagemaker', 'model-package/churn/1'), context: FROM_SAGEMAKER },
      {
        name: 'read its data bucket through the S3 endpoint (a job in the VPC)',
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${dataBucket}/train/data.csv`,
        resourcePolicy: bucketPolicy(dataBucket),
        vpcEndpointPolicies: s3EndpointPolicy,
        context: VIA_S3_ENDPOINT,
      },
      ...sageMakerRunsWith,
    ],
    cannot: [
      {
        name: 'write to its data bucket with copied credentials from elsewhere',
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${dataBucket}/x`,
        resourcePolicy: bucketPolicy(dataBucket),
        context: { ...FROM_ELSEWHERE, 'aws:ResourceAccount': ACCOUNT },
        deniedBy: ['identity:DenyOutsideTheEnvironmentNetwork', 'resource:DenyOutsideVpcEndpoint'],
      },
      {
        name: 'read its data bucket from elsewhere (the bucket policy keeps it VPC-only)',
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${dataBucket}/train/data.csv`,
        resourcePolicy: bucketPolicy(dataBucket),
        context: { ...FROM_ELSEWHERE, 'aws:ResourceAccount': ACCOUNT },
        deniedBy: ['resource:DenyOutsideVpcEndpoint'],
      },
      {
        name: 'start a step outside the environment subnets',
        action: 'sagemaker:CreateProcessingJob',
        resource: arn('sagemaker', 'processing-job/prep'),
        context: { ...FROM_SAGEMAKER, ...job({ 'sagemaker:VpcSubnets': ['subnet-0other'] }) },
        deniedBy: ['identity:DenyOtherSubnets'],
      },
      { name: 'provision Service Catalog products (no Studio tools)', action: 'servicecatalog:ProvisionProduct', resource: arn('catalog', 'product/prod-abcdefgh12345'), context: FROM_STUDIO, implicitly: true },
      { name: 'git push to a project repository', action: 'codecommit:GitPush', resource: arn('codecommit', 'sagemaker-churn-modelbuild'), context: FROM_STUDIO, implicitly: true },
      ...neverMay('pipelineExecution'),
    ],
  });

  describeRoleTable('model execution role (endpoints)', () => roleUnderTest(launch, roleId('modelExecution')), {
    can: [
      {
        name: 'read a model artifact through the S3 endpoint (a VPC model)',
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${modelsBucket}/churn/model.tar.gz`,
        resourcePolicy: bucketPolicy(modelsBucket),
        vpcEndpointPolicies: s3EndpointPolicy,
        context: VIA_S3_ENDPOINT,
      },
      {
        name: 'have S3 decrypt the model with the data key',
        action: 'kms:Decrypt',
        resource: dataKey,
        resourcePolicy: keyPolicy(dse.keys.data),
        context: { ...via('s3'), 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT },
      },
      ...sageMakerRunsWith,
    ],
    cannot: [
      {
        name: 'read the data bucket (models only)',
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${dataBucket}/train/data.csv`,
        resourcePolicy: bucketPolicy(dataBucket),
        vpcEndpointPolicies: s3EndpointPolicy,
        context: VIA_S3_ENDPOINT,
        implicitly: true,
      },
      {
        name: 'read a model with copied credentials from elsewhere',
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${modelsBucket}/churn/model.tar.gz`,
        resourcePolicy: bucketPolicy(modelsBucket),
        context: { ...FROM_ELSEWHERE, 'aws:ResourceAccount': ACCOUNT },
        deniedBy: ['identity:DenyOutsideTheEnvironmentNetwork', 'resource:DenyOutsideVpcEndpoint'],
      },
      { name: 'start a training job', action: 'sagemaker:CreateTrainingJob', resource: trainingJob, context: { ...FROM_STUDIO, ...job() }, implicitly: true },
      ...neverMay('modelExecution'),
    ],
  });

  describeRoleTable('data scientist (a person)', () => roleUnderTest(launch, roleId('dataScientist')), {
    can: opensOwnProfile,
    cannot: [
      ...cannotOpenOthers,
      { name: 'create a user profile', action: 'sagemaker:CreateUserProfile', resource: profile('mallory'), context: FROM_OFFICE, implicitly: true },
      { name: 'start a training job itself', action: 'sagemaker:CreateTrainingJob', resource: trainingJob, context: { ...FROM_OFFICE, ...job() }, implicitly: true },
      { name: 'detach a policy from its own role', action: 'iam:DetachRolePolicy', resource: roleArn('dataScientist'), context: FROM_OFFICE, deniedBy: ['identity:DenyChangingTheRoles'] },
      { name: 'rewrite the guardrail policy', action: 'iam:CreatePolicyVersion', resource: guardrailPolicyArn, context: FROM_OFFICE, deniedBy: ['identity:DenyChangingGuardrailPolicies'] },
    ],
  });

  describeRoleTable('team administrator (a person)', () => roleUnderTest(launch, roleId('teamAdmin')), {
    can: [
      ...opensOwnProfile,
      {
        name: 'add a user profile in the environment security group',
        action: 'sagemaker:CreateUserProfile',
        resource: profile('carol'),
        context: { ...FROM_OFFICE, 'sagemaker:VpcSecurityGroupIds': [group] },
      },
      { name: 'assign a profile to its owner (studiouserid tag)', action: 'sagemaker:AddTags', resource: profile('carol'), context: FROM_OFFICE },
      {
        name: "give profiles the environment's execution role",
        action: 'iam:PassRole',
        resource: roleArn('sageMakerExecution'),
        context: { ...FROM_OFFICE, 'iam:PassedToService': 'sagemaker.amazonaws.com' },
      },
    ],
    cannot: [
      ...cannotOpenOthers,
      {
        name: 'give a user profile a security group of another VPC',
        action: 'sagemaker:CreateUserProfile',
        resource: profile('carol'),
        context: { ...FROM_OFFICE, 'sagemaker:VpcSecurityGroupIds': ['sg-0other'] },
        deniedBy: ['identity:DenyOtherSecurityGroups'],
      },
      {
        name: 'give profiles the pipeline role',
        action: 'iam:PassRole',
        resource: roleArn('pipelineExecution'),
        context: { ...FROM_OFFICE, 'iam:PassedToService': 'sagemaker.amazonaws.com' },
        implicitly: true,
      },
      { name: 'manage profiles of another domain', action: 'sagemaker:DeleteUserProfile', resource: profile('carol', 'd-otherdomain1'), context: FROM_OFFICE, implicitly: true },
      { name: 'detach the guardrails from its own role', action: 'iam:DetachRolePolicy', resource: roleArn('teamAdmin'), context: FROM_OFFICE, deniedBy: ['identity:DenyChangingTheRoles'] },
      { name: 'delete the environment key', action: 'kms:ScheduleKeyDeletion', resource: dataKey, context: FROM_OFFICE, deniedBy: ['identity:DenyChangingKeys'] },
    ],
  });

  describeRoleTable('data scientist, launched without StudioAccessCidrs (the default)', () => roleUnderTest(launchWith({}), roleId('dataScientist')), {
    can: [opensOwnProfile[0]],
    cannot: [
      {
        name: 'open its own Studio profile from any address outside the environment VPC',
        action: 'sagemaker:CreatePresignedDomainUrl',
        resource: profile('alice'),
        context: { ...person('alice@example.com', FROM_OFFICE), ...profileOf('alice@example.com') },
        deniedBy: ['identity:OpenStudioOnlyFromAllowedNetwork'],
      },
    ],
  });

  describe('who may become a data scientist (trust policy)', () => {
    const trust = () => trustPolicyOf(launch, roleId('dataScientist'));
    const assume = (action: string, ownTag: string, requestedTag: string) => ({
      name: '',
      action,
      resource: roleArn('dataScientist'),
      resourcePolicy: trust(),
      context: { 'aws:PrincipalTag/studiouserid': ownTag, 'aws:RequestTag/studiouserid': requestedTag, 'aws:TagKeys': ['studiouserid'] },
    });
    describeRoleTable('a person of the account, tagged alice@example.com', () => assumingCaller(`arn:aws:iam::${ACCOUNT}:user/alice`, ACCOUNT), {
      can: [
        { ...assume('sts:AssumeRole', 'alice@example.com', 'alice@example.com'), name: 'assume the role carrying its own studiouserid' },
        { ...assume('sts:TagSession', 'alice@example.com', 'alice@example.com'), name: 'tag the session with its own studiouserid' },
      ],
      cannot: [
        { ...assume('sts:TagSession', 'alice@example.com', 'bob@example.com'), name: "tag the session with a colleague's studiouserid", implicitly: true },
      ],
    });
    describeRoleTable('a principal of another account', () => assumingCaller('arn:aws:iam::999999999999:user/eve', '999999999999'), {
      can: [],
      cannot: [{ ...assume('sts:AssumeRole', 'alice@example.com', 'alice@example.com'), resourceAccount: ACCOUNT, name: 'assume the role' }],
    });
  });
});
