/**
 * The guardrail kit, by IAM policy simulation: a role allowed every SageMaker
 * call still cannot start work outside the environment's own subnets and
 * security groups, without its keys, unencrypted or unisolated, nor change the
 * protected resources; the same calls made the environment's way are allowed.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ResolvedTemplate } from './cfn-resolver';
import { describeRoleTable, roleUnderTest } from './policy-simulation';
import { GUARDRAIL_POLICY_PATH, SageMakerGuardrails } from '../../src/secure/guardrails';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const VOLUME_KEY = arn('kms', 'key/volume');
const DATA_KEY = arn('kms', 'key/data');
const SUBNETS = ['subnet-env-a', 'subnet-env-b'];
const GROUP = 'sg-env';

function template() {
  const stack = new Stack(new App(), 'Kit');
  // A role that may do anything: only the guardrails stand between it and each request.
  const role = new iam.Role(stack, 'Worker', { roleName: 'worker', assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  new iam.ManagedPolicy(stack, 'Everything', {
    roles: [role],
    statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
  });
  new SageMakerGuardrails(stack, 'Guardrails', {
    roleNames: ['worker'],
    subnetIds: SUBNETS,
    securityGroupIds: [GROUP],
    volumeKeyArn: VOLUME_KEY,
    outputKeyArns: [DATA_KEY, arn('kms', 'key/project-*')],
    protect: {
      roleArns: [role.roleArn],
      securityGroupIds: [GROUP],
      vpcEndpointIds: ['vpce-s3'],
      keyArns: [VOLUME_KEY, DATA_KEY],
      flowLogIds: ['fl-env'],
      logGroupNames: ['flow-logs'],
    },
  });
  const launch = new ResolvedTemplate(JSON.parse(JSON.stringify(stack.resolve((stack as any)._toCloudFormation()))), {
    accountId: ACCOUNT,
    region: REGION,
  });
  return { launch, roleId: launch.logicalIdsOf('AWS::IAM::Role')[0] };
}

const { launch, roleId } = template();

/** What a training job started the environment's way carries. */
const JOB = {
  'sagemaker:VpcSubnets': SUBNETS,
  'sagemaker:VpcSecurityGroupIds': [GROUP],
  'sagemaker:VolumeKmsKeyArn': VOLUME_KEY,
  'sagemaker:OutputKmsKeyArn': DATA_KEY,
  'sagemaker:InterContainerTrafficEncryption': 'true',
  'sagemaker:NetworkIsolation': 'true',
};
const change = (values: Record<string, string | string[] | undefined>) =>
  Object.fromEntries(Object.entries({ ...JOB, ...values }).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
const training = arn('sagemaker', 'training-job/train');
const NOTEBOOK = {
  'sagemaker:VpcSubnets': [SUBNETS[0]],
  'sagemaker:VpcSecurityGroupIds': [GROUP],
  'sagemaker:VolumeKmsKeyArn': VOLUME_KEY,
  'sagemaker:RootAccess': 'Disabled',
  'sagemaker:DirectInternetAccess': 'Disabled',
};

describe('SageMakerGuardrails', () => {
  test('the policy lives under the guardrail path and is attached to the named roles', () => {
    const [policyId] = launch.logicalIdsOf('AWS::IAM::ManagedPolicy').filter((p) => launch.properties(p).Path === GUARDRAIL_POLICY_PATH);
    expect(launch.properties(policyId).Roles).toEqual(['worker']);
  });

  test('fails without a role to guard', () => {
    expect(
      () =>
        new SageMakerGuardrails(new Stack(), 'G', {
          roleNames: [],
          subnetIds: SUBNETS,
          securityGroupIds: [GROUP],
          volumeKeyArn: VOLUME_KEY,
          outputKeyArns: [DATA_KEY],
        }),
    ).toThrow(/roleNames/);
  });

  describeRoleTable('a role allowed everything, under the guardrails', () => roleUnderTest(launch, roleId), {
    can: [
      { name: 'start a training job in the environment subnets, with its keys, encrypted and isolated', action: 'sagemaker:CreateTrainingJob', resource: training, context: JOB },
      {
        name: 'write job output with another allowed key (pattern)',
        action: 'sagemaker:CreateTrainingJob',
        resource: training,
        context: change({ 'sagemaker:OutputKmsKeyArn': arn('kms', 'key/project-1234') }),
      },
      {
        name: 'run a transform job with the volume key and an output key',
        action: 'sagemaker:CreateTransformJob',
        resource: arn('sagemaker', 'transform-job/score'),
        context: { 'sagemaker:VolumeKmsKeyArn': VOLUME_KEY, 'sagemaker:OutputKmsKeyArn': DATA_KEY },
      },
      {
        name: 'create an endpoint config with the volume key and no VPC settings of its own',
        action: 'sagemaker:CreateEndpointConfig',
        resource: arn('sagemaker', 'endpoint-config/serve'),
        context: { 'sagemaker:VolumeKmsKeyArn': VOLUME_KEY },
      },
      {
        name: 'create a VPC model with network isolation',
        action: 'sagemaker:CreateModel',
        resource: arn('sagemaker', 'model/m'),
        context: { 'sagemaker:VpcSubnets': SUBNETS, 'sagemaker:VpcSecurityGroupIds': [GROUP], 'sagemaker:NetworkIsolation': 'true' },
      },
      { name: 'create a locked-down notebook', action: 'sagemaker:CreateNotebookInstance', resource: arn('sagemaker', 'notebook-instance/n'), context: NOTEBOOK },
      {
        name: 'create a user profile in the environment security group',
        action: 'sagemaker:CreateUserProfile',
        resource: arn('sagemaker', 'user-profile/d-1/alice'),
        context: { 'sagemaker:VpcSecurityGroupIds': [GROUP] },
      },
      { name: 'describe a security group (reading is not tampering)', action: 'ec2:DescribeSecurityGroups', resource: '*' },
    ],
    cannot: [
      { name: 'train in another VPC subnet', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:VpcSubnets': [SUBNETS[0], 'subnet-other'] }), deniedBy: ['identity:DenyOtherSubnets'] },
      { name: 'train in another security group', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:VpcSecurityGroupIds': [GROUP, 'sg-other'] }), deniedBy: ['identity:DenyOtherSecurityGroups'] },
      { name: 'train outside the VPC', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:VpcSubnets': undefined }), deniedBy: ['identity:DenyWithoutVpcSubnets'] },
      { name: 'train without security groups', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:VpcSecurityGroupIds': undefined }), deniedBy: ['identity:DenyWithoutVpcSecurityGroups'] },
      { name: 'train without a volume key', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:VolumeKmsKeyArn': undefined }), deniedBy: ['identity:DenyWithoutVolumeKey'] },
      { name: 'train with another volume key', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:VolumeKmsKeyArn': arn('kms', 'key/other') }), deniedBy: ['identity:DenyWithoutVolumeKey'] },
      { name: 'train without an output key', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:OutputKmsKeyArn': undefined }), deniedBy: ['identity:DenyWithoutOutputKey'] },
      {
        name: "write output with another account's key",
        action: 'sagemaker:CreateTrainingJob',
        resource: training,
        context: change({ 'sagemaker:OutputKmsKeyArn': 'arn:aws:kms:eu-west-1:999999999999:key/project-1' }),
        deniedBy: ['identity:DenyWithoutOutputKey'],
      },
      { name: 'train without inter-container encryption', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:InterContainerTrafficEncryption': 'false' }), deniedBy: ['identity:DenyJobsWithoutInterContainerEncryption'] },
      { name: 'train without network isolation', action: 'sagemaker:CreateTrainingJob', resource: training, context: change({ 'sagemaker:NetworkIsolation': undefined }), deniedBy: ['identity:DenyWithoutNetworkIsolation'] },
      {
        name: 'run a transform job without a volume key',
        action: 'sagemaker:CreateTransformJob',
        resource: arn('sagemaker', 'transform-job/score'),
        context: { 'sagemaker:OutputKmsKeyArn': DATA_KEY },
        deniedBy: ['identity:DenyWithoutVolumeKey'],
      },
      {
        name: 'create an endpoint config without a volume key',
        action: 'sagemaker:CreateEndpointConfig',
        resource: arn('sagemaker', 'endpoint-config/serve'),
        deniedBy: ['identity:DenyWithoutVolumeKey'],
      },
      {
        name: 'create an endpoint config in another subnet',
        action: 'sagemaker:CreateEndpointConfig',
        resource: arn('sagemaker', 'endpoint-config/serve'),
        context: { 'sagemaker:VolumeKmsKeyArn': VOLUME_KEY, 'sagemaker:VpcSubnets': ['subnet-other'] },
        deniedBy: ['identity:DenyOtherSubnets'],
      },
      {
        name: 'create a notebook without a volume key',
        action: 'sagemaker:CreateNotebookInstance',
        resource: arn('sagemaker', 'notebook-instance/n'),
        context: Object.fromEntries(Object.entries(NOTEBOOK).filter(([k]) => k !== 'sagemaker:VolumeKmsKeyArn')),
        deniedBy: ['identity:DenyWithoutVolumeKey'],
      },
      {
        name: 'create a model without network isolation',
        action: 'sagemaker:CreateModel',
        resource: arn('sagemaker', 'model/m'),
        context: { 'sagemaker:VpcSubnets': SUBNETS, 'sagemaker:VpcSecurityGroupIds': [GROUP], 'sagemaker:NetworkIsolation': 'false' },
        deniedBy: ['identity:DenyWithoutNetworkIsolation'],
      },
      {
        name: 'give a user profile another security group',
        action: 'sagemaker:UpdateUserProfile',
        resource: arn('sagemaker', 'user-profile/d-1/alice'),
        context: { 'sagemaker:VpcSecurityGroupIds': ['sg-other'] },
        deniedBy: ['identity:DenyOtherSecurityGroups'],
      },
      {
        name: 'compile with Neo (no VPC condition keys exist for it)',
        action: 'sagemaker:CreateCompilationJob',
        resource: arn('sagemaker', 'compilation-job/neo'),
        deniedBy: ['identity:DenyWithoutVpcSubnets', 'identity:DenyWithoutVpcSecurityGroups'],
      },
      {
        name: 'detach a policy from its own role',
        action: 'iam:DetachRolePolicy',
        resource: `arn:aws:iam::${ACCOUNT}:role/worker`,
        deniedBy: ['identity:DenyChangingTheRoles'],
      },
      {
        name: 'rewrite the guardrail policy',
        action: 'iam:CreatePolicyVersion',
        resource: `arn:aws:iam::${ACCOUNT}:policy/guardrails/KitGuardrailsPolicy`,
        deniedBy: ['identity:DenyChangingGuardrailPolicies'],
      },
      {
        name: 'open the environment security group',
        action: 'ec2:AuthorizeSecurityGroupIngress',
        resource: arn('ec2', `security-group/${GROUP}`),
        deniedBy: ['identity:DenyChangingSecurityGroups'],
      },
      { name: "replace the S3 endpoint's policy", action: 'ec2:ModifyVpcEndpoint', resource: arn('ec2', 'vpc-endpoint/vpce-s3'), deniedBy: ['identity:DenyChangingVpcEndpoints'] },
      { name: 'rewrite a key policy', action: 'kms:PutKeyPolicy', resource: DATA_KEY, deniedBy: ['identity:DenyChangingKeys'] },
      { name: 'delete the flow log', action: 'ec2:DeleteFlowLogs', resource: arn('ec2', 'vpc-flow-log/fl-env'), deniedBy: ['identity:DenyDeletingFlowLogs'] },
      { name: 'delete the flow-log group', action: 'logs:DeleteLogGroup', resource: arn('logs', 'log-group:flow-logs'), deniedBy: ['identity:DenyChangingLogGroups'] },
    ],
  });
});
