/**
 * The model deployment path as AWS would decide it: the roles of the staging /
 * production baseline, of the deploy project and of the build & train project,
 * each with a table of what its job needs (allowed) and what it must not do
 * (denied), by IAM policy simulation over the synthesized templates resolved for
 * one launch (test/secure/policy-simulation.ts). Cross-account cases combine the
 * caller's identity policies from one template with the resource policy (bucket,
 * key, trust) from the other, as AWS does.
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DataScienceEnvironmentProduct } from '../../products/data-science-environment';
import { ModelDeploymentBaselineProduct } from '../../products/model-deployment-baseline';
import { SageMakerProjectBuildTrainProduct } from '../../products/sagemaker-project-build-train';
import { SageMakerProjectDeployProduct } from '../../products/sagemaker-project-deploy';
import { loadCatalog } from '../../src/manifest';
import { type Catalog } from '../../src/model';
import { accountOnlyEndpointPolicy } from '../../src/secure/private-network';
import { catalogFactsIn, catalogRoot, synthProduct, type SynthesizedProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';
import { assumingCaller, type CannotCase, type ContextValues, describeRoleTable, roleUnderTest, simulate, type Subject, trustPolicyOf } from '../secure/policy-simulation';

const REGION = 'eu-west-1';
const DEV = '111111111111';
const STAGING = '222222222222';
const PROD = '333333333333';
const PROJECT = { SageMakerProjectName: 'churn', SageMakerProjectId: 'p-abc123def456' };
const OTHER_PROJECT_ID = 'p-zzz999yyy888';
const STUDIO_ROLE = `arn:aws:iam::${DEV}:role/ds-team-sagemaker-execution`;
const DSE_S3_ENDPOINT = 'vpce-0dse0s3endpoint0';
/** What a project template reads from the data science environment's SSM parameters, at one launch. */
const ENVIRONMENT = {
  SageMakerExecutionRoleArnParameter: STUDIO_ROLE,
  PipelineExecutionRoleArnParameter: `arn:aws:iam::${DEV}:role/ds-team-pipeline-execution`,
  S3EndpointIdParameter: DSE_S3_ENDPOINT,
  VpcIdParameter: 'vpc-0dse',
  PrivateSubnetIdsParameter: 'subnet-0dse1,subnet-0dse2',
  SecurityGroupIdsParameter: 'sg-0dse',
  VolumeKeyArnParameter: `arn:aws:kms:${REGION}:${DEV}:key/volume`,
  LogsKeyArnParameter: `arn:aws:kms:${REGION}:${DEV}:key/logs`,
  AccessLogsBucketNameParameter: 'ds-team-access-logs',
  PackageDomainNameParameter: 'ds-team',
  PackageRepositoryNameParameter: 'pypi',
};
/** The environment's package mirror (CodeArtifact) at that launch. */
const mirror = (resource: string) => `arn:aws:codeartifact:${REGION}:${DEV}:${resource}`;
/** Installing the scripts' or the starter code's requirements from the mirror (aws codeartifact login, then pip install). */
const READ_THE_MIRROR = [
  { name: 'get a token for the package mirror', action: 'codeartifact:GetAuthorizationToken', resource: mirror('domain/ds-team') },
  { name: 'get its bearer token through STS', action: 'sts:GetServiceBearerToken', resource: '*', context: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } },
  { name: 'install packages from the mirror', action: 'codeartifact:ReadFromRepository', resource: mirror('repository/ds-team/pypi') },
];

/** A repository policy sharing images with every account (as SageMaker's own image repositories do): the identity policy alone decides. */
const SHARED_REPOSITORY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Resource: '*' }],
};

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);

let catalog: Catalog;
let baseline: SynthesizedProduct;
let deploy: SynthesizedProduct;
let buildTrain: SynthesizedProduct;
let staging: ResolvedTemplate;
let prod: ResolvedTemplate;
let deployDev: ResolvedTemplate;
let buildDev: ResolvedTemplate;

beforeAll(() => {
  catalog = loadCatalog(catalogRoot('sagemaker-projects'));
  baseline = synthProduct(ModelDeploymentBaselineProduct, 'baseline', catalog);
  deploy = synthProduct(SageMakerProjectDeployProduct, 'deploy', catalog);
  buildTrain = synthProduct(SageMakerProjectBuildTrainProduct, 'build-train', catalog);
  // Each launch reads the catalog facts the catalog stack of its account publishes.
  const facts = (account: string) => catalogFactsIn(catalog, account);
  staging = new ResolvedTemplate(baseline.json, { accountId: STAGING, region: REGION, ssmValues: facts(STAGING) });
  prod = new ResolvedTemplate(baseline.json, { accountId: PROD, region: REGION, ssmValues: facts(PROD) });
  const deployParameters = { ...PROJECT, ModelPackageGroupName: 'churn-p-abc', ...ENVIRONMENT };
  deployDev = new ResolvedTemplate(deploy.json, { accountId: DEV, region: REGION, parameters: deployParameters, ssmValues: facts(DEV) });
  buildDev = new ResolvedTemplate(buildTrain.json, {
    accountId: DEV, region: REGION, parameters: { ...PROJECT, ...ENVIRONMENT }, ssmValues: facts(DEV),
  });
});

/** A role of a template by its RoleName (the baseline's fixed names) or by a logical id prefix. */
function roleId(launch: ResolvedTemplate, match: (id: string, properties: any) => boolean): string {
  const found = launch.logicalIdsOf('AWS::IAM::Role').filter((id) => match(id, launch.properties(id)));
  if (found.length !== 1) throw new Error(`expected one role, found ${found.join(', ') || 'none'}`);
  return found[0];
}
const named = (launch: ResolvedTemplate, name: string) => roleId(launch, (_, p) => p.RoleName === name);
const byPrefix = (launch: ResolvedTemplate, prefix: string) => roleId(launch, (id) => id.startsWith(prefix));

const baselineStaging = (name: string, context?: ContextValues) => () => {
  const id = named(staging, `test-catalog-${name}`);
  return roleUnderTest(staging, id, { 'aws:PrincipalArn': staging.getAtt(id, 'Arn'), ...context });
};
const stagingArn = (name: string) => `arn:aws:iam::${STAGING}:role/test-catalog-${name}`;
const prodArn = (name: string) => `arn:aws:iam::${PROD}:role/test-catalog-${name}`;
const sagemaker = (resource: string, account = STAGING) => `arn:aws:sagemaker:${REGION}:${account}:${resource}`;

/** The baseline's own network and keys at the staging launch. */
function stagingNetwork() {
  const stack = baseline.stack as ModelDeploymentBaselineProduct;
  return {
    subnets: stack.network.privateSubnetIds.map((s) => staging.resolve(stack.resolve(s))),
    securityGroup: staging.getAtt(logicalId(stack.network.sageMakerSecurityGroup), 'GroupId'),
    volumeKey: staging.getAtt(logicalId(stack.keys.volume), 'Arn'),
    dataKey: staging.getAtt(logicalId(stack.keys.data), 'Arn'),
    s3Endpoint: staging.ref(logicalId(stack.network.s3Endpoint)),
  };
}

/** A model as the endpoint template creates it in staging: the baseline's subnets and group, network-isolated. */
function secureModel(change: ContextValues = {}): ContextValues {
  const net = stagingNetwork();
  return {
    'sagemaker:VpcSubnets': net.subnets,
    'sagemaker:VpcSecurityGroupIds': [net.securityGroup],
    'sagemaker:NetworkIsolation': 'true',
    ...change,
  };
}

function without(context: ContextValues, key: string): ContextValues {
  return Object.fromEntries(Object.entries(context).filter(([k]) => k !== key));
}

/** The bucket policy of a project template's artifact bucket, resolved. */
function bucketPolicy(launch: ResolvedTemplate): { bucket: string; policy: unknown } {
  const [id] = launch.logicalIdsOf('AWS::S3::BucketPolicy');
  const properties = launch.properties(id);
  return { bucket: properties.Bucket, policy: properties.PolicyDocument };
}

/** The key policy of a project template's key, resolved. */
function keyPolicy(launch: ResolvedTemplate): { arn: string; policy: unknown } {
  const [id] = launch.logicalIdsOf('AWS::KMS::Key');
  return { arn: launch.getAtt(id, 'Arn'), policy: launch.properties(id).KeyPolicy };
}

describe('model-deployment-baseline (staging account)', () => {
  describeRoleTable('CloudFormation execution role', baselineStaging('model-cfn-execution'), {
    can: [
      { name: 'create the model of an endpoint stack: its subnets and group, network-isolated', action: 'sagemaker:CreateModel', resource: sagemaker('model/model-abc'), get context() { return secureModel(); } },
      { name: 'create an endpoint config with its volume key', action: 'sagemaker:CreateEndpointConfig', resource: sagemaker('endpoint-config/config-abc'), get context() { return { 'sagemaker:VolumeKmsKeyArn': stagingNetwork().volumeKey }; } },
      { name: 'create the endpoint', action: 'sagemaker:CreateEndpoint', resource: sagemaker('endpoint/endpoint-abc') },
      { name: 'pass the model execution role to SageMaker', action: 'iam:PassRole', resource: stagingArn('model-execution'), context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      {
        name: 'describe an approved model package of a build project (its group policy names this role)',
        action: 'sagemaker:DescribeModelPackage',
        resource: sagemaker('model-package/churn-p-abc123def456/3', DEV),
        resourceAccount: DEV,
        get resourcePolicy() {
          const [group] = buildDev.logicalIdsOf('AWS::SageMaker::ModelPackageGroup');
          return buildDev.properties(group).ModelPackageGroupPolicy;
        },
      },
    ],
    cannot: [
      { name: 'create a model outside any VPC', action: 'sagemaker:CreateModel', resource: sagemaker('model/m'), get context() { return without(without(secureModel(), 'sagemaker:VpcSubnets'), 'sagemaker:VpcSecurityGroupIds'); }, deniedBy: ['identity:DenyWithoutVpcSubnets', 'identity:DenyWithoutVpcSecurityGroups'] },
      { name: 'create a model in subnets that are not the baseline\'s', action: 'sagemaker:CreateModel', resource: sagemaker('model/m'), get context() { return secureModel({ 'sagemaker:VpcSubnets': ['subnet-0elsewhere'] }); }, deniedBy: ['identity:DenyOtherSubnets'] },
      { name: 'create a model in a security group that is not the baseline\'s', action: 'sagemaker:CreateModel', resource: sagemaker('model/m'), get context() { return secureModel({ 'sagemaker:VpcSecurityGroupIds': ['sg-0open'] }); }, deniedBy: ['identity:DenyOtherSecurityGroups'] },
      { name: 'create a model without network isolation', action: 'sagemaker:CreateModel', resource: sagemaker('model/m'), get context() { return secureModel({ 'sagemaker:NetworkIsolation': 'false' }); }, deniedBy: ['identity:DenyWithoutNetworkIsolation'] },
      { name: 'create an endpoint config without a customer key', action: 'sagemaker:CreateEndpointConfig', resource: sagemaker('endpoint-config/c'), deniedBy: ['identity:DenyWithoutVolumeKey'] },
      { name: 'create an endpoint config with a key that is not the baseline\'s', action: 'sagemaker:CreateEndpointConfig', resource: sagemaker('endpoint-config/c'), context: { 'sagemaker:VolumeKmsKeyArn': `arn:aws:kms:${REGION}:${STAGING}:key/other` }, deniedBy: ['identity:DenyWithoutVolumeKey'] },
      { name: 'pass any other role', action: 'iam:PassRole', resource: stagingArn('model-deployment'), context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' }, implicitly: true },
      { name: 'change the roles of the baseline', action: 'iam:PutRolePolicy', resource: stagingArn('model-deployment'), deniedBy: ['identity:DenyChangingTheRoles'] },
      { name: 'change the guardrails', action: 'iam:CreatePolicyVersion', resource: `arn:aws:iam::${STAGING}:policy/guardrails/baseline-guardrails`, deniedBy: ['identity:DenyChangingGuardrailPolicies'] },
      { name: 'open the baseline\'s security group', action: 'ec2:AuthorizeSecurityGroupEgress', get resource() { return `arn:aws:ec2:${REGION}:${STAGING}:security-group/${stagingNetwork().securityGroup}`; }, deniedBy: ['identity:DenyChangingSecurityGroups'] },
      { name: 'change the baseline\'s S3 endpoint', action: 'ec2:ModifyVpcEndpoint', get resource() { return `arn:aws:ec2:${REGION}:${STAGING}:vpc-endpoint/${stagingNetwork().s3Endpoint}`; }, deniedBy: ['identity:DenyChangingVpcEndpoints'] },
      { name: 'replace the volume key\'s policy', action: 'kms:PutKeyPolicy', get resource() { return stagingNetwork().volumeKey; }, deniedBy: ['identity:DenyChangingKeys'] },
    ],
  });

  describeRoleTable('model execution role', baselineStaging('model-execution'), {
    can: [
      { name: 'pull SageMaker\'s XGBoost image of the region', action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:141502667606:repository/sagemaker-xgboost`, resourceAccount: '141502667606', resourcePolicy: SHARED_REPOSITORY },
      { name: 'pull an image of the data science account', action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:${DEV}:repository/churn`, resourceAccount: DEV, resourcePolicy: SHARED_REPOSITORY },
      { name: 'write data capture', action: 's3:PutObject', get resource() { return `arn:aws:s3:::${staging.ref(logicalId((baseline.stack as ModelDeploymentBaselineProduct).modelsBucket))}/data-capture/e/v/1.jsonl`; } },
    ],
    cannot: [
      { name: 'pull an image from a foreign registry, even one shared with everyone', action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:999999999999:repository/miner`, resourceAccount: '999999999999', resourcePolicy: SHARED_REPOSITORY, implicitly: true },
      { name: 'read a bucket of another account', action: 's3:GetObject', resource: 'arn:aws:s3:::sagemaker-project-x-build-999999999999/models/m.tar.gz', resourceAccount: '999999999999', context: { 's3:ResourceAccount': '999999999999' }, implicitly: true },
      { name: 'change its own policies', action: 'iam:AttachRolePolicy', resource: stagingArn('model-execution'), deniedBy: ['identity:DenyChangingTheRoles'] },
    ],
  });

  // A session of the deployment role carries the session tag its deploy build passed (the trust makes it the caller's own project id).
  const stack = (name: string, account = STAGING) => `arn:aws:cloudformation:${REGION}:${account}:stack/${name}/0a1b2c3d-0000-4000-8000-000000000000`;
  const OWN_STACK = `sagemaker-${PROJECT.SageMakerProjectName}-${PROJECT.SageMakerProjectId}-staging`;
  const OTHER_STACK = `sagemaker-fraud-${OTHER_PROJECT_ID}-staging`;
  // A project whose name holds this project's id: its stack name contains `-<own id>-` too.
  const CRAFTED_STACK = `sagemaker-x-${PROJECT.SageMakerProjectId}-${OTHER_PROJECT_ID}-staging`;
  const projectSession = { 'aws:PrincipalTag/sagemaker:project-id': PROJECT.SageMakerProjectId };
  const ownTags = { 'aws:RequestTag/sagemaker:project-id': PROJECT.SageMakerProjectId, 'aws:TagKeys': ['sagemaker:project-id', 'sagemaker:project-name', 'sagemaker:deployment-stage'] };
  const changeSet = (change: ContextValues = {}): ContextValues => ({ 'cloudformation:RoleArn': stagingArn('model-cfn-execution'), 'cloudformation:ChangeSetName': 'deploy-20261130T080000Z', ...ownTags, ...change });
  describeRoleTable('deployment role, as a session of one project (session tag)', baselineStaging('model-deployment', projectSession), {
    can: [
      { name: 'create a change set of its project\'s stack, with the CloudFormation role, tagged with its project', action: 'cloudformation:CreateChangeSet', resource: stack(OWN_STACK), context: changeSet() },
      { name: 'tag its project\'s stack with its project', action: 'cloudformation:TagResource', resource: stack(OWN_STACK), context: ownTags },
      ...['DescribeChangeSet', 'ExecuteChangeSet', 'DeleteChangeSet', 'DescribeStacks', 'DescribeStackEvents'].map((call) => ({
        name: `${call} on its project's stack`, action: `cloudformation:${call}`, resource: stack(OWN_STACK),
      })),
      { name: 'delete its project\'s stack whose creation rolled back, with the CloudFormation role', action: 'cloudformation:DeleteStack', resource: stack(OWN_STACK), context: { 'cloudformation:RoleArn': stagingArn('model-cfn-execution') } },
      { name: 'hand CloudFormation the CloudFormation role', action: 'iam:PassRole', resource: stagingArn('model-cfn-execution'), context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      { name: 'resolve the endpoint template\'s SSM parameters (CloudFormation reads them as the caller)', action: 'ssm:GetParameters', resource: `arn:aws:ssm:${REGION}:${STAGING}:parameter/mlops/ds-team/network/private-subnet-ids` },
    ],
    cannot: [
      { name: 'create a change set of another project\'s stack', action: 'cloudformation:CreateChangeSet', resource: stack(OTHER_STACK), context: changeSet(), implicitly: true },
      { name: 'execute a change set of another project\'s stack', action: 'cloudformation:ExecuteChangeSet', resource: stack(OTHER_STACK), implicitly: true },
      { name: 'delete another project\'s stack', action: 'cloudformation:DeleteStack', resource: stack(OTHER_STACK), context: { 'cloudformation:RoleArn': stagingArn('model-cfn-execution') }, implicitly: true },
      { name: 'create a change set of a stack whose project name holds its project id', action: 'cloudformation:CreateChangeSet', resource: stack(CRAFTED_STACK), context: changeSet(), implicitly: true },
      { name: 'execute a change set of a stack whose project name holds its project id', action: 'cloudformation:ExecuteChangeSet', resource: stack(CRAFTED_STACK), implicitly: true },
      { name: 'touch its own stack as another project\'s session', action: 'cloudformation:ExecuteChangeSet', resource: stack(OWN_STACK), context: { 'aws:PrincipalTag/sagemaker:project-id': OTHER_PROJECT_ID }, implicitly: true },
      { name: 'touch stacks outside the endpoint namespace', action: 'cloudformation:DeleteStack', resource: stack('baseline'), context: { 'cloudformation:RoleArn': stagingArn('model-cfn-execution') }, implicitly: true },
      { name: 'create a change set of a stack outside the endpoint namespace', action: 'cloudformation:CreateChangeSet', resource: stack(`other-${PROJECT.SageMakerProjectId}-staging`), context: changeSet(), implicitly: true },
      { name: 'create a change set with a role that is not the CloudFormation role', action: 'cloudformation:CreateChangeSet', resource: stack(OWN_STACK), context: changeSet({ 'cloudformation:RoleArn': stagingArn('model-deployment') }), implicitly: true },
      { name: 'import existing resources into its stack (an IMPORT change set could adopt another project\'s endpoint)', action: 'cloudformation:CreateChangeSet', resource: stack(OWN_STACK), context: changeSet({ 'cloudformation:ImportResourceTypes': ['AWS::SageMaker::Endpoint'] }), implicitly: true },
      { name: 'create a change set running as itself (no CloudFormation role)', action: 'cloudformation:CreateChangeSet', resource: stack(OWN_STACK), get context() { return without(changeSet(), 'cloudformation:RoleArn'); }, implicitly: true },
      { name: 'label its stack as another project\'s (the smoke-test role finds endpoints by that tag)', action: 'cloudformation:CreateChangeSet', resource: stack(OWN_STACK), context: changeSet({ 'aws:RequestTag/sagemaker:project-id': OTHER_PROJECT_ID }), implicitly: true },
      { name: 'retag its stack as another project\'s', action: 'cloudformation:TagResource', resource: stack(OWN_STACK), context: { ...ownTags, 'aws:RequestTag/sagemaker:project-id': OTHER_PROJECT_ID }, implicitly: true },
      { name: 'pass the model execution role', action: 'iam:PassRole', resource: stagingArn('model-execution'), context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' }, implicitly: true },
      { name: 'pass the CloudFormation role to another service', action: 'iam:PassRole', resource: stagingArn('model-cfn-execution'), context: { 'iam:PassedToService': 'lambda.amazonaws.com' }, implicitly: true },
      { name: 'pass any other role to CloudFormation', action: 'iam:PassRole', resource: `arn:aws:iam::${STAGING}:role/admin`, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' }, implicitly: true },
      { name: 'read SSM parameters outside the baseline\'s', action: 'ssm:GetParameters', resource: `arn:aws:ssm:${REGION}:${STAGING}:parameter/secrets/db`, implicitly: true },
      { name: 'read pipeline artifacts of a data science account (the deploy build reads them itself)', action: 's3:GetObject', resource: 'arn:aws:s3:::sagemaker-project-p-abc123def456-deploy-111111111111/churn/StageParam/abc.zip', resourceAccount: DEV, context: { 's3:ResourceAccount': DEV }, implicitly: true },
      { name: 'invoke endpoints (the smoke test has a role of its own)', action: 'sagemaker:InvokeEndpoint', resource: sagemaker('endpoint/e'), implicitly: true },
      { name: 'change the guardrails', action: 'iam:DeletePolicy', resource: `arn:aws:iam::${STAGING}:policy/guardrails/g`, deniedBy: ['identity:DenyChangingGuardrailPolicies'] },
    ],
  });

  const ownProject = { 'aws:PrincipalTag/sagemaker:project-id': PROJECT.SageMakerProjectId };
  describeRoleTable('smoke-test role', baselineStaging('model-smoke-test', ownProject), {
    can: [
      { name: 'invoke its project\'s endpoint', action: 'sagemaker:InvokeEndpoint', resource: sagemaker('endpoint/endpoint-abc'), context: { 'aws:ResourceTag/sagemaker:project-id': PROJECT.SageMakerProjectId } },
      { name: 'describe its project\'s endpoint', action: 'sagemaker:DescribeEndpoint', resource: sagemaker('endpoint/endpoint-abc'), context: { 'aws:ResourceTag/sagemaker:project-id': PROJECT.SageMakerProjectId } },
    ],
    cannot: [
      { name: 'invoke another project\'s endpoint', action: 'sagemaker:InvokeEndpoint', resource: sagemaker('endpoint/other'), context: { 'aws:ResourceTag/sagemaker:project-id': OTHER_PROJECT_ID }, implicitly: true },
      { name: 'deploy a stack', action: 'cloudformation:CreateStack', resource: `arn:aws:cloudformation:${REGION}:${STAGING}:stack/sagemaker-x-staging/1`, implicitly: true },
    ],
  });

  describe('who may assume the target roles', () => {
    const pipelineOf = (id: string, account = DEV) => `arn:aws:iam::${account}:role/sagemaker-project-deploy-${id}-pipeline`;
    const deployOf = (id: string, account = DEV) => `arn:aws:iam::${account}:role/sagemaker-project-deploy-${id}-deploy`;
    const smokeTestOf = (id: string) => `arn:aws:iam::${DEV}:role/sagemaker-project-deploy-${id}-smoke-test`;
    const tagged = (id: string) => ({ 'aws:PrincipalTag/sagemaker:project-id': id });
    const sessionTag = (id: string) => ({ 'aws:RequestTag/sagemaker:project-id': id, 'aws:TagKeys': ['sagemaker:project-id'] });
    // The simulator takes aws:PrincipalArn from the request context: every request carries the caller's role ARN.
    const caller = (arn: string, account: string, tags: ContextValues = {}) => assumingCaller(arn, account, { 'aws:PrincipalArn': arn, ...tags });
    const assume = (launch: () => ResolvedTemplate, role: string, from: () => Subject, action = 'sts:AssumeRole', context: ContextValues = {}) => {
      const subject = from();
      return simulateAssume(launch(), role, subject, action, context);
    };
    const ownDeploy = () => caller(deployOf('p-abc'), DEV, tagged('p-abc'));
    test('a deploy project\'s deploy build (named, tagged, in a data science account) may assume the deployment role with its own project id as session tag', async () => {
      for (const launch of [() => staging, () => prod]) {
        expect(await assume(launch, 'model-deployment', ownDeploy, 'sts:AssumeRole', sessionTag('p-abc'))).toBe('Allowed');
        expect(await assume(launch, 'model-deployment', ownDeploy, 'sts:TagSession', sessionTag('p-abc'))).toBe('Allowed');
      }
    });
    test.each([
      ['with another project\'s id as session tag', 'sts:TagSession', sessionTag(OTHER_PROJECT_ID)],
      ['with another project\'s id as session tag (AssumeRole)', 'sts:AssumeRole', sessionTag(OTHER_PROJECT_ID)],
      ['with an extra session tag', 'sts:TagSession', { 'aws:RequestTag/sagemaker:project-id': 'p-abc', 'aws:RequestTag/admin': 'true', 'aws:TagKeys': ['sagemaker:project-id', 'admin'] }],
      ['without a session tag', 'sts:AssumeRole', {}],
    ])('a deploy build may not assume prod\'s deployment role %s', async (_, action, context) => {
      expect(await assume(() => prod, 'model-deployment', ownDeploy, action, context)).not.toBe('Allowed');
    });
    test.each([
      ['a Studio role of the data science account', () => caller(STUDIO_ROLE, DEV, tagged('p-abc')), 'p-abc'],
      ['a deploy pipeline role (CodePipeline\'s CloudFormation actions of 1.0.0 and 2.0.0, which pass no session tag)', () => caller(pipelineOf('p-abc'), DEV, tagged('p-abc')), 'p-abc'],
      ['a smoke-test role (it has a role of its own)', () => caller(smokeTestOf('p-abc'), DEV, tagged('p-abc')), 'p-abc'],
      ['a deploy-named role without the project tag', () => caller(deployOf('p-abc'), DEV), 'p-abc'],
      ['a deploy-named role of an account that is not a data science account', () => caller(deployOf('p-abc', '444444444444'), '444444444444', tagged('p-abc')), 'p-abc'],
      // Ids a direct Service Catalog launch could choose to reach another project's stacks (roles.ts, PROJECT_STACK_SUFFIXES).
      ['a deploy role whose project id is the tail of another\'s (abc123def456 of p-abc123def456)', () => caller(deployOf('abc123def456'), DEV, tagged('abc123def456')), 'abc123def456'],
      ['a deploy role whose project id spans into another\'s name (p-x-p-abc123def456)', () => caller(deployOf('p-x-p-abc123def456'), DEV, tagged('p-x-p-abc123def456')), 'p-x-p-abc123def456'],
    ])('%s may not assume prod\'s deployment role', async (_, from, id) => {
      expect(await assume(() => prod, 'model-deployment', from, 'sts:AssumeRole', sessionTag(id))).not.toBe('Allowed');
      expect(await assume(() => prod, 'model-deployment', from, 'sts:TagSession', sessionTag(id))).not.toBe('Allowed');
    });
    test('a project\'s smoke test may assume the staging smoke-test role tagged with its own project id only', async () => {
      const smokeCaller = () => caller(smokeTestOf('p-abc'), DEV, tagged('p-abc'));
      const own = { 'aws:RequestTag/sagemaker:project-id': 'p-abc', 'aws:TagKeys': ['sagemaker:project-id'] };
      expect(await assume(() => staging, 'model-smoke-test', smokeCaller, 'sts:AssumeRole', own)).toBe('Allowed');
      expect(await assume(() => staging, 'model-smoke-test', smokeCaller, 'sts:TagSession', own)).toBe('Allowed');
      const other = { 'aws:RequestTag/sagemaker:project-id': OTHER_PROJECT_ID, 'aws:TagKeys': ['sagemaker:project-id'] };
      expect(await assume(() => staging, 'model-smoke-test', smokeCaller, 'sts:TagSession', other)).not.toBe('Allowed');
      expect(await assume(() => staging, 'model-smoke-test', smokeCaller, 'sts:TagSession', { 'aws:TagKeys': ['sagemaker:project-id', 'admin'] })).not.toBe('Allowed');
    });
    test('the smoke-test role exists in staging only: prod has none to invoke endpoints with', () => {
      const names = (launch: ResolvedTemplate) => launch.logicalIdsOf('AWS::IAM::Role').map((id) => launch.properties(id).RoleName).filter(Boolean);
      expect(names(staging)).toContain('test-catalog-model-smoke-test');
      expect(names(prod)).not.toContain('test-catalog-model-smoke-test');
      expect(names(prod)).toContain('test-catalog-model-deployment');
    });
  });
});

async function simulateAssume(launch: ResolvedTemplate, name: string, subject: Subject, action: string, context: ContextValues) {
  const id = named(launch, `test-catalog-${name}`);
  const outcome = await simulate(subject, {
    name,
    action,
    resource: launch.getAtt(id, 'Arn'),
    resourceAccount: launch.launchAccount,
    resourcePolicy: trustPolicyOf(launch, id),
    context,
  });
  return outcome.result;
}

describe('sagemaker-project-deploy (data science account)', () => {
  // Every role of a project template carries the project tags (the roles' Tags in the template).
  const project = (prefix: string) => () => {
    const id = byPrefix(deployDev, prefix);
    return roleUnderTest(deployDev, id, { 'aws:PrincipalArn': deployDev.getAtt(id, 'Arn'), 'aws:PrincipalTag/sagemaker:project-id': PROJECT.SageMakerProjectId });
  };
  /** The trust policy of a baseline role at a launch: the other half of a cross-account AssumeRole. */
  const trustOf = (launch: () => ResolvedTemplate, name: string) => () => trustPolicyOf(launch(), named(launch(), `test-catalog-${name}`));
  const codebuild = (suffix: string) => `arn:aws:codebuild:${REGION}:${DEV}:project/sagemaker-churn-p-abc123def456-modeldeploy${suffix}`;

  const deploySession = { 'aws:RequestTag/sagemaker:project-id': PROJECT.SageMakerProjectId, 'aws:TagKeys': ['sagemaker:project-id'] };
  describeRoleTable('pipeline role (it acts in no target account)', project('PipelineRole'), {
    can: [{ name: 'run the deploy build', action: 'codebuild:StartBuild', resource: codebuild('-deploy') }],
    cannot: [
      { name: 'act in staging as the staging deployment role', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, implicitly: true },
      { name: 'act in prod as the prod deployment role', action: 'sts:AssumeRole', resource: prodArn('model-deployment'), resourceAccount: PROD, implicitly: true },
      { name: 'assume the staging smoke-test role', action: 'sts:AssumeRole', resource: stagingArn('model-smoke-test'), resourceAccount: STAGING, implicitly: true },
      { name: 'assume any other role of the target accounts', action: 'sts:AssumeRole', resource: prodArn('model-cfn-execution'), resourceAccount: PROD, implicitly: true },
    ],
  });

  describeRoleTable('deploy build role', project('DeployRole'), {
    can: [
      { name: 'act in staging as the staging deployment role, tagged with its project', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, context: deploySession, get resourcePolicy() { return trustOf(() => staging, 'model-deployment')(); } },
      { name: 'tag that session with its project', action: 'sts:TagSession', resource: stagingArn('model-deployment'), resourceAccount: STAGING, context: deploySession, get resourcePolicy() { return trustOf(() => staging, 'model-deployment')(); } },
      { name: 'act in prod as the prod deployment role, tagged with its project', action: 'sts:AssumeRole', resource: prodArn('model-deployment'), resourceAccount: PROD, context: deploySession, get resourcePolicy() { return trustOf(() => prod, 'model-deployment')(); } },
    ],
    cannot: [
      { name: 'tag the session with another project', action: 'sts:TagSession', resource: stagingArn('model-deployment'), resourceAccount: STAGING, context: { ...deploySession, 'aws:RequestTag/sagemaker:project-id': OTHER_PROJECT_ID }, get resourcePolicy() { return trustOf(() => staging, 'model-deployment')(); } },
      { name: 'assume the deployment role without its session tag', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, get resourcePolicy() { return trustOf(() => staging, 'model-deployment')(); } },
      { name: 'assume the staging smoke-test role', action: 'sts:AssumeRole', resource: stagingArn('model-smoke-test'), resourceAccount: STAGING, implicitly: true },
      { name: 'assume the CloudFormation role itself', action: 'sts:AssumeRole', resource: prodArn('model-cfn-execution'), resourceAccount: PROD, implicitly: true },
      { name: 'deploy a stack in its own account', action: 'cloudformation:CreateChangeSet', resource: `arn:aws:cloudformation:${REGION}:${DEV}:stack/sagemaker-x-staging/1`, implicitly: true },
    ],
  });

  describeRoleTable('stage parameters build role', project('BuildRole'), {
    can: [
      // 5.0.0: stage_parameters.py on boto3, installed from the mirror. The policy grants ListModelPackages on '*' (the
      // request names a group, not an ARN); the simulator needs one ARN of its optional resource type, a model package.
      { name: 'find the newest approved model version', action: 'sagemaker:ListModelPackages', resource: sagemaker('model-package/churn-p-abc/3', DEV) },
      ...READ_THE_MIRROR,
    ],
    cannot: [
      { name: 'act in a target account', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, implicitly: true },
      { name: 'approve a model version', action: 'sagemaker:UpdateModelPackage', resource: sagemaker('model-package/churn-p-abc/3', DEV), implicitly: true },
      { name: 'publish a package to the mirror', action: 'codeartifact:PublishPackageVersion', resource: mirror('package/ds-team/pypi/pypi/none/boto3'), implicitly: true },
      { name: 'get a bearer token for another service', action: 'sts:GetServiceBearerToken', resource: '*', context: { 'sts:AWSServiceName': 'other.amazonaws.com' }, implicitly: true },
    ],
  });

  describeRoleTable('endpoint template build role', project('EndpointTemplateRole'), {
    can: [],
    cannot: [
      { name: 'describe model packages (it writes the product\'s template only)', action: 'sagemaker:DescribeModelPackage', resource: sagemaker('model-package/churn-p-abc/3', DEV), implicitly: true },
      { name: 'act in a target account', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, implicitly: true },
    ],
  });

  const smokeTestSession = { 'aws:RequestTag/sagemaker:project-id': PROJECT.SageMakerProjectId, 'aws:TagKeys': ['sagemaker:project-id'] };
  describeRoleTable('smoke-test role', project('SmokeTestRole'), {
    can: [
      { name: 'assume the staging smoke-test role, tagged with its project', action: 'sts:AssumeRole', resource: stagingArn('model-smoke-test'), resourceAccount: STAGING, context: smokeTestSession, get resourcePolicy() { return trustOf(() => staging, 'model-smoke-test')(); } },
      { name: 'tag that session with its project', action: 'sts:TagSession', resource: stagingArn('model-smoke-test'), resourceAccount: STAGING, context: smokeTestSession, get resourcePolicy() { return trustOf(() => staging, 'model-smoke-test')(); } },
    ],
    cannot: [
      { name: 'assume the staging deployment role', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, implicitly: true },
      { name: 'smoke-test in prod', action: 'sts:AssumeRole', resource: prodArn('model-smoke-test'), resourceAccount: PROD, implicitly: true },
    ],
  });

  test('the pipeline role may run the four builds and nothing else', async () => {
    const subject = project('PipelineRole')();
    for (const suffix of ['-template', '-build', '-deploy', '-smoke-test']) {
      expect((await simulate(subject, { name: suffix, action: 'codebuild:StartBuild', resource: codebuild(suffix) })).result).toBe('Allowed');
    }
    expect((await simulate(subject, { name: 'other', action: 'codebuild:StartBuild', resource: codebuild('-other') })).result).toBe('ImplicitlyDenied');
  });

  describe('the project key: Studio gets git, not the key', () => {
    const studio = (): Subject => ({
      principal: STUDIO_ROLE,
      account: DEV,
      // The worst case: an IAM policy that lets Studio use every key.
      identityPolicies: [{ name: 'AnyKey', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } }],
    });
    const viaCodeCommit = { 'kms:ViaService': `codecommit.${REGION}.amazonaws.com`, 'kms:CallerAccount': DEV };
    describeRoleTable('Studio execution role on the deploy project key', studio, {
      get can() {
        return ['kms:Decrypt', 'kms:GenerateDataKey'].map((action) => ({
          name: `${action} for git pull / push through CodeCommit`,
          action,
          get resource() { return keyPolicy(deployDev).arn; },
          context: viaCodeCommit,
          get resourcePolicy() { return keyPolicy(deployDev).policy; },
        }));
      },
      get cannot(): CannotCase[] {
        return [
          { name: 'decrypt with the key directly', action: 'kms:Decrypt', get resource() { return keyPolicy(deployDev).arn; }, context: { 'kms:CallerAccount': DEV }, get resourcePolicy() { return keyPolicy(deployDev).policy; }, deniedBy: ['resource:StudioNeverUsesTheKeyDirectly'] },
          { name: 'decrypt through S3 (the artifact bucket is not Studio\'s)', action: 'kms:Decrypt', get resource() { return keyPolicy(deployDev).arn; }, context: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` }, get resourcePolicy() { return keyPolicy(deployDev).policy; }, deniedBy: ['resource:StudioNeverUsesTheKeyDirectly'] },
          { name: 'grant itself the key', action: 'kms:CreateGrant', get resource() { return keyPolicy(deployDev).arn; }, get resourcePolicy() { return keyPolicy(deployDev).policy; }, deniedBy: ['resource:StudioNeverUsesTheKeyDirectly'] },
        ];
      },
    });
  });

  describe('the artifact bucket: from the environment network, or as the roles AWS services act as', () => {
    const anyS3 = (principal: string, account: string): Subject => ({
      principal,
      account,
      identityPolicies: [{ name: 'AnyS3', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }],
    });
    const object = () => `arn:aws:s3:::${bucketPolicy(deployDev).bucket}/churn/StageParam/abc.zip`;
    test('the staging deployment role reads no pipeline artifacts (the deploy build reads them in the environment\'s network)', async () => {
      const deployment = baselineStaging('model-deployment', { 'aws:PrincipalTag/sagemaker:project-id': PROJECT.SageMakerProjectId })();
      const outcome = await simulate(deployment, {
        name: 'read',
        action: 's3:GetObject',
        resource: object(),
        resourceAccount: DEV,
        resourcePolicy: bucketPolicy(deployDev).policy,
        context: { 's3:ResourceAccount': DEV, 'aws:ViaAWSService': 'false' },
      });
      expect(outcome.result).not.toBe('Allowed');
    });
    test.each([
      ['from outside the network', { 'aws:ViaAWSService': 'false' }],
      ['through another VPC endpoint', { 'aws:sourceVpce': 'vpce-0elsewhere', 'aws:ViaAWSService': 'false' }],
    ])('a Studio role reading artifacts %s is denied', async (_, context) => {
      const outcome = await simulate(anyS3(STUDIO_ROLE, DEV), { name: 'read', action: 's3:GetObject', resource: object(), resourcePolicy: bucketPolicy(deployDev).policy, context });
      expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['resource:DenyOutsideTheEnvironmentNetwork'] });
    });
    test('the same read through the environment\'s S3 endpoint, or by an AWS service on the role\'s behalf, is not network-denied', async () => {
      const contexts: ContextValues[] = [{ 'aws:sourceVpce': DSE_S3_ENDPOINT }, { 'aws:ViaAWSService': 'true', 'aws:CalledVia': ['cloudformation.amazonaws.com'] }];
      for (const context of contexts) {
        const outcome = await simulate(anyS3(STUDIO_ROLE, DEV), { name: 'read', action: 's3:GetObject', resource: object(), resourcePolicy: bucketPolicy(deployDev).policy, context });
        expect(outcome).toMatchObject({ result: 'Allowed', deniedBy: [] });
      }
    });
  });
});

describe('sagemaker-project-build-train (data science account)', () => {
  const project = (prefix: string) => () => roleUnderTest(buildDev, byPrefix(buildDev, prefix));
  const pipelineArn = (id: string) => `arn:aws:sagemaker:${REGION}:${DEV}:pipeline/churn-${id}`;
  const executionArn = (id: string) => `${pipelineArn(id)}/execution/abc123`;
  const projectTags = { 'aws:RequestTag/sagemaker:project-name': PROJECT.SageMakerProjectName, 'aws:RequestTag/sagemaker:project-id': PROJECT.SageMakerProjectId, 'aws:TagKeys': ['sagemaker:project-name', 'sagemaker:project-id'] };
  const artifact = (key: string) => `arn:aws:s3:::${bucketPolicy(buildDev).bucket}/${key}`;
  // Every call the seed's runner (5.0.0, run_pipeline.py on the SageMaker Python SDK) makes, as the SDK makes it.
  describeRoleTable('build role', project('BuildRole'), {
    can: [
      { name: 'upload the step scripts, encrypted, through the environment\'s S3 endpoint', action: 's3:PutObject', get resource() { return artifact('code/0123456789ab/preprocess.py'); }, context: { 's3:x-amz-server-side-encryption': 'aws:kms', 'aws:sourceVpce': DSE_S3_ENDPOINT }, get resourcePolicy() { return bucketPolicy(buildDev).policy; } },
      { name: 'upload the sample data', action: 's3:PutObject', get resource() { return artifact('input/sample.csv'); }, context: { 'aws:sourceVpce': DSE_S3_ENDPOINT }, get resourcePolicy() { return bucketPolicy(buildDev).policy; } },
      { name: 'encrypt them with the project key (through S3)', action: 'kms:GenerateDataKey', get resource() { return keyPolicy(buildDev).arn; }, context: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` }, get resourcePolicy() { return keyPolicy(buildDev).policy; } },
      { name: 'create its project\'s SageMaker pipeline (Pipeline.upsert)', action: 'sagemaker:CreatePipeline', resource: pipelineArn(PROJECT.SageMakerProjectId), context: projectTags },
      { name: 'tag it with the project as it creates it', action: 'sagemaker:AddTags', resource: pipelineArn(PROJECT.SageMakerProjectId), context: projectTags },
      { name: 'update it when it exists (Pipeline.upsert)', action: 'sagemaker:UpdatePipeline', resource: pipelineArn(PROJECT.SageMakerProjectId) },
      { name: 'read its tags to add the project tags again (Pipeline.upsert)', action: 'sagemaker:ListTags', resource: pipelineArn(PROJECT.SageMakerProjectId) },
      { name: 'start it (Pipeline.start)', action: 'sagemaker:StartPipelineExecution', resource: pipelineArn(PROJECT.SageMakerProjectId) },
      { name: 'follow the execution (describe())', action: 'sagemaker:DescribePipelineExecution', resource: executionArn(PROJECT.SageMakerProjectId) },
      { name: 'name its failed steps (list_steps())', action: 'sagemaker:ListPipelineExecutionSteps', resource: executionArn(PROJECT.SageMakerProjectId) },
      { name: 'describe it (runners seeded by earlier versions)', action: 'sagemaker:DescribePipeline', resource: pipelineArn(PROJECT.SageMakerProjectId) },
      { name: 'pass the environment\'s pipeline role to SageMaker', action: 'iam:PassRole', resource: ENVIRONMENT.PipelineExecutionRoleArnParameter, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      ...READ_THE_MIRROR,
    ],
    cannot: [
      { name: 'start another project\'s pipeline', action: 'sagemaker:StartPipelineExecution', resource: pipelineArn(OTHER_PROJECT_ID), implicitly: true },
      { name: 'update another project\'s pipeline', action: 'sagemaker:UpdatePipeline', resource: pipelineArn(OTHER_PROJECT_ID), implicitly: true },
      { name: 'retag another project\'s pipeline', action: 'sagemaker:AddTags', resource: pipelineArn(OTHER_PROJECT_ID), context: projectTags, implicitly: true },
      { name: 'read another project\'s executions', action: 'sagemaker:DescribePipelineExecution', resource: executionArn(OTHER_PROJECT_ID), implicitly: true },
      { name: 'delete its pipeline', action: 'sagemaker:DeletePipeline', resource: pipelineArn(PROJECT.SageMakerProjectId), implicitly: true },
      { name: 'upload from outside the environment\'s network', action: 's3:PutObject', get resource() { return artifact('code/0123456789ab/preprocess.py'); }, context: { 'aws:sourceVpce': 'vpce-0elsewhere', 'aws:ViaAWSService': 'false' }, get resourcePolicy() { return bucketPolicy(buildDev).policy; }, deniedBy: ['resource:DenyOutsideTheEnvironmentNetwork'] },
      { name: 'pass the pipeline role to another service', action: 'iam:PassRole', resource: ENVIRONMENT.PipelineExecutionRoleArnParameter, context: { 'iam:PassedToService': 'lambda.amazonaws.com' }, implicitly: true },
      { name: 'act in a target account', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, implicitly: true },
    ],
  });
  describeRoleTable('pipeline role', project('PipelineRole'), {
    can: [{ name: 'run the build', action: 'codebuild:StartBuild', resource: `arn:aws:codebuild:${REGION}:${DEV}:project/sagemaker-churn-p-abc123def456-modelbuild` }],
    cannot: [{ name: 'assume any role', action: 'sts:AssumeRole', resource: stagingArn('model-deployment'), resourceAccount: STAGING, implicitly: true }],
  });

  test('the staging model role reads the trained model cross-account, through the staging network', async () => {
    const model = baselineStaging('model-execution')();
    const { bucket, policy } = bucketPolicy(buildDev);
    const outcome = await simulate(model, {
      name: 'read',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${bucket}/models/pipelines-abc/output/model.tar.gz`,
      resourceAccount: DEV,
      resourcePolicy: policy,
      context: { 's3:ResourceAccount': DEV, 'aws:sourceVpce': stagingNetwork().s3Endpoint, 'aws:ViaAWSService': 'false' },
    });
    expect(outcome).toMatchObject({ result: 'Allowed', deniedBy: [] });
    // Outside models/: nothing.
    const other = await simulate(model, { name: 'read', action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/data/train.csv`, resourceAccount: DEV, resourcePolicy: policy, context: { 's3:ResourceAccount': DEV } });
    expect(other.result).not.toBe('Allowed');
  });

  test('SageMaker Pipelines, as the environment\'s pipeline execution role, reads the evaluation report from the service\'s network', async () => {
    const { bucket, policy } = bucketPolicy(buildDev);
    const role = ENVIRONMENT.PipelineExecutionRoleArnParameter;
    // No identity policy: the bucket policy names the role (same account), and that alone must do.
    const outcome = await simulate(
      { principal: role, account: DEV, identityPolicies: [], context: { 'aws:PrincipalArn': role } },
      { name: 'read', action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/evaluation/evaluation.json`, resourcePolicy: policy, context: { 'aws:ViaAWSService': 'false' } },
    );
    expect(outcome).toMatchObject({ result: 'Allowed', deniedBy: [] });
  });

  test('a Studio role reading the trained models from outside the network is denied by the bucket', async () => {
    const { bucket, policy } = bucketPolicy(buildDev);
    const outcome = await simulate(
      { principal: STUDIO_ROLE, account: DEV, identityPolicies: [{ name: 'AnyS3', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }] },
      { name: 'read', action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/models/m.tar.gz`, resourcePolicy: policy, context: { 'aws:ViaAWSService': 'false' } },
    );
    expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['resource:DenyOutsideTheEnvironmentNetwork'] });
  });
});

describe('the smoke test through the data science environment\'s SageMaker API and runtime endpoints', () => {
  const session = () => baselineStaging('model-smoke-test', { 'aws:PrincipalTag/sagemaker:project-id': PROJECT.SageMakerProjectId })();
  let environment: ResolvedTemplate;
  let dse: DataScienceEnvironmentProduct;
  beforeAll(() => {
    // The environment of this catalog's dev account: the same catalog (its staging accounts and names), one product more.
    const withEnvironment: Catalog = { ...catalog, products: [...catalog.products, { ...catalog.products.find((p) => p.id === 'baseline')!, id: 'dse' }] };
    const product = synthProduct(DataScienceEnvironmentProduct, 'dse', withEnvironment);
    dse = product.stack as DataScienceEnvironmentProduct;
    environment = new ResolvedTemplate(product.json, { accountId: DEV, region: REGION, ssmValues: catalogFactsIn(catalog, DEV) });
  });
  /** The environment's endpoint policy, as its synthesized template sets it in the dev account. */
  const endpointPolicy = (id: string) => environment.properties(logicalId(dse.network.interfaceEndpoints.get(id)!)).PolicyDocument;
  const call = (action: string, endpoint: string, policy: unknown) => ({
    name: action,
    action,
    resource: `arn:aws:sagemaker:${REGION}:${STAGING}:endpoint/endpoint-abc`,
    resourceAccount: STAGING,
    context: { 'aws:ResourceTag/sagemaker:project-id': PROJECT.SageMakerProjectId },
    vpcEndpointPolicies: [{ name: endpoint, policy }],
  });

  test('the staging smoke-test role may describe and invoke its project\'s staging endpoint through them', async () => {
    expect(await simulate(session(), call('sagemaker:InvokeEndpoint', 'SageMakerRuntime', endpointPolicy('SageMakerRuntime')))).toMatchObject({
      result: 'Allowed',
      deniedBy: [],
    });
    expect(await simulate(session(), call('sagemaker:DescribeEndpoint', 'SageMakerApi', endpointPolicy('SageMakerApi')))).toMatchObject({
      result: 'Allowed',
      deniedBy: [],
    });
  });

  test('the account-only policy alone would deny it (the staging role is not of the environment\'s account)', async () => {
    const accountOnly = environment.resolve(new Stack().resolve(accountOnlyEndpointPolicy('OnlyThisAccount')));
    expect((await simulate(session(), call('sagemaker:InvokeEndpoint', 'SageMakerRuntime', accountOnly))).result).not.toBe('Allowed');
  });

  test('no other role of another account passes them: not the staging deployment role, not a smoke-test role of a foreign account', async () => {
    const policy = endpointPolicy('SageMakerRuntime');
    const deployment = baselineStaging('model-deployment')();
    expect((await simulate(deployment, call('sagemaker:InvokeEndpoint', 'SageMakerRuntime', policy))).result).not.toBe('Allowed');
    const foreign: Subject = {
      ...session(),
      principal: session().principal.replace(STAGING, '999999999999'),
      account: '999999999999',
    };
    const outcome = await simulate(foreign, { ...call('sagemaker:InvokeEndpoint', 'SageMakerRuntime', policy), resource: `arn:aws:sagemaker:${REGION}:999999999999:endpoint/exfil`, resourceAccount: '999999999999' });
    expect(outcome.result).not.toBe('Allowed');
  });
});

describe('the deploy build through the data science environment\'s CloudFormation endpoint', () => {
  const ownProject = { 'aws:PrincipalTag/sagemaker:project-id': PROJECT.SageMakerProjectId };
  const session = () => baselineStaging('model-deployment', ownProject)();
  let environment: ResolvedTemplate;
  let dse: DataScienceEnvironmentProduct;
  beforeAll(() => {
    const withEnvironment: Catalog = { ...catalog, products: [...catalog.products, { ...catalog.products.find((p) => p.id === 'baseline')!, id: 'dse' }] };
    const product = synthProduct(DataScienceEnvironmentProduct, 'dse', withEnvironment);
    dse = product.stack as DataScienceEnvironmentProduct;
    environment = new ResolvedTemplate(product.json, { accountId: DEV, region: REGION, ssmValues: catalogFactsIn(catalog, DEV) });
  });
  const endpointPolicy = () => environment.properties(logicalId(dse.network.interfaceEndpoints.get('CloudFormation')!)).PolicyDocument;
  const stackArn = (name: string, account = STAGING) => `arn:aws:cloudformation:${REGION}:${account}:stack/${name}/0a1b2c3d-0000-4000-8000-000000000000`;
  const ownStack = `sagemaker-${PROJECT.SageMakerProjectName}-${PROJECT.SageMakerProjectId}-staging`;
  const createChangeSet = (resource: string, policy: unknown, account = STAGING) => ({
    name: 'create change set',
    action: 'cloudformation:CreateChangeSet',
    resource,
    resourceAccount: account,
    context: {
      'cloudformation:RoleArn': stagingArn('model-cfn-execution'),
      'aws:RequestTag/sagemaker:project-id': PROJECT.SageMakerProjectId,
      'aws:TagKeys': ['sagemaker:project-id'],
    },
    vpcEndpointPolicies: [{ name: 'CloudFormation', policy }],
  });
  const anyCloudFormation = (principal: string, account: string, context: ContextValues = {}): Subject => ({
    principal,
    account,
    identityPolicies: [{ name: 'AnyCloudFormation', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }] } }],
    context: { 'aws:PrincipalArn': principal, ...context },
  });

  test('a staging deployment session of the project may create, execute and watch its stack\'s change sets through it', async () => {
    expect(await simulate(session(), createChangeSet(stackArn(ownStack), endpointPolicy()))).toMatchObject({ result: 'Allowed', deniedBy: [] });
    for (const action of ['cloudformation:ExecuteChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents']) {
      const outcome = await simulate(session(), { name: action, action, resource: stackArn(ownStack), resourceAccount: STAGING, vpcEndpointPolicies: [{ name: 'CloudFormation', policy: endpointPolicy() }] });
      expect({ action, result: outcome.result }).toEqual({ action, result: 'Allowed' });
    }
  });

  test('the account-only policy alone would deny it (the deployment role is not of the environment\'s account)', async () => {
    const accountOnly = environment.resolve(new Stack().resolve(accountOnlyEndpointPolicy('OnlyThisAccount')));
    expect((await simulate(session(), createChangeSet(stackArn(ownStack), accountOnly))).result).not.toBe('Allowed');
  });

  test('it admits no other principal of another account, and the deployment roles for endpoint stacks and deploy calls only', async () => {
    const policy = endpointPolicy();
    // Identities that may call any CloudFormation action: the endpoint alone decides.
    const smokeTest = anyCloudFormation(stagingArn('model-smoke-test'), STAGING, ownProject);
    expect((await simulate(smokeTest, createChangeSet(stackArn(ownStack), policy))).result).not.toBe('Allowed');
    const foreign = anyCloudFormation('arn:aws:iam::999999999999:role/test-catalog-model-deployment', '999999999999');
    expect((await simulate(foreign, createChangeSet(stackArn(ownStack, '999999999999'), policy, '999999999999'))).result).not.toBe('Allowed');
    const deployment = anyCloudFormation(stagingArn('model-deployment'), STAGING, ownProject);
    expect((await simulate(deployment, createChangeSet(stackArn('baseline'), policy))).result).not.toBe('Allowed');
    const update = await simulate(deployment, { name: 'update', action: 'cloudformation:UpdateStack', resource: stackArn(ownStack), vpcEndpointPolicies: [{ name: 'CloudFormation', policy }] });
    expect(update.result).not.toBe('Allowed');
  });

  test('principals of the environment\'s own account use it as before', async () => {
    const studio = anyCloudFormation(STUDIO_ROLE, DEV);
    const outcome = await simulate(studio, { name: 'describe', action: 'cloudformation:DescribeStacks', resource: stackArn('any', DEV), resourceAccount: DEV, vpcEndpointPolicies: [{ name: 'CloudFormation', policy: endpointPolicy() }] });
    expect(outcome.result).toBe('Allowed');
  });
});

describe('accounts come from the catalog facts of the launch account: one template, any account list', () => {
  const ADDED = '555555555555';
  const withAdded = () => [...catalog.accounts, { id: ADDED, stage: 'staging' as const }];
  const project = (launch: ResolvedTemplate, prefix: string) => {
    const id = byPrefix(launch, prefix);
    return roleUnderTest(launch, id, { 'aws:PrincipalArn': launch.getAtt(id, 'Arn'), 'aws:PrincipalTag/sagemaker:project-id': PROJECT.SageMakerProjectId });
  };
  const deploySession = { 'aws:RequestTag/sagemaker:project-id': PROJECT.SageMakerProjectId, 'aws:TagKeys': ['sagemaker:project-id'] };
  const assumeIn = (account: string, role: string) => ({ name: 'assume', action: 'sts:AssumeRole', resource: `arn:aws:iam::${account}:role/test-catalog-${role}`, resourceAccount: account, context: deploySession });
  const launchWith = (accounts: ReturnType<typeof withAdded>) =>
    new ResolvedTemplate(deploy.json, { accountId: DEV, region: REGION, parameters: { ...PROJECT, ModelPackageGroupName: 'churn-p-abc', ...ENVIRONMENT }, ssmValues: catalogFactsIn(catalog, DEV, accounts) });

  test('the deploy build may not act in an account the catalog does not list as staging or production, even with a role of the same name', async () => {
    for (const account of ['444444444444', ADDED]) {
      expect((await simulate(project(deployDev, 'DeployRole'), assumeIn(account, 'model-deployment'))).result).toBe('ImplicitlyDenied');
      expect((await simulate(project(deployDev, 'SmokeTestRole'), assumeIn(account, 'model-smoke-test'))).result).toBe('ImplicitlyDenied');
    }
  });

  test('the same template, launched after the catalog stack lists an added staging account, deploys and smoke-tests there', async () => {
    const launch = launchWith(withAdded());
    // The added account's baseline (the same baseline template, resolved with that account's catalog facts) trusts the project.
    const added = new ResolvedTemplate(baseline.json, { accountId: ADDED, region: REGION, ssmValues: catalogFactsIn(catalog, ADDED, withAdded()) });
    const trust = (role: string) => trustPolicyOf(added, named(added, `test-catalog-${role}`));
    expect((await simulate(project(launch, 'DeployRole'), { ...assumeIn(ADDED, 'model-deployment'), resourcePolicy: trust('model-deployment') })).result).toBe('Allowed');
    expect((await simulate(project(launch, 'SmokeTestRole'), { ...assumeIn(ADDED, 'model-smoke-test'), resourcePolicy: trust('model-smoke-test') })).result).toBe('Allowed');
    // And no longer in an account the catalog removed.
    const removed = launchWith(withAdded().filter((account) => account.id !== STAGING));
    expect((await simulate(project(removed, 'DeployRole'), assumeIn(STAGING, 'model-deployment'))).result).toBe('ImplicitlyDenied');
  });

  test('a model role of an account that is not a deployment target reads no trained model', async () => {
    const { bucket, policy } = bucketPolicy(buildDev);
    const stranger: Subject = {
      principal: 'arn:aws:iam::444444444444:role/test-catalog-model-execution',
      account: '444444444444',
      identityPolicies: [{ name: 'AnyS3', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }],
      context: { 'aws:PrincipalArn': 'arn:aws:iam::444444444444:role/test-catalog-model-execution' },
    };
    const outcome = await simulate(stranger, {
      name: 'read',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${bucket}/models/pipelines-abc/output/model.tar.gz`,
      resourceAccount: DEV,
      resourcePolicy: policy,
      context: { 's3:ResourceAccount': DEV, 'aws:ViaAWSService': 'false' },
    });
    expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['resource:DenyOutsideTheEnvironmentNetworkToOtherAccounts'] });
  });

  test('a baseline launched where the catalog lists no stage for the account does not resolve (its stage mapping has no entry)', () => {
    const sandbox = new ResolvedTemplate(baseline.json, { accountId: '444444444444', region: REGION, ssmValues: catalogFactsIn(catalog, '444444444444') });
    expect(() => sandbox.logicalIdsOf('AWS::IAM::Role')).toThrow(/DeploymentStages\.none\.Stage/);
  });

  test('with no staging or production account in the catalog, the build project shares its models with no one (no statement with an account)', () => {
    const alone = new ResolvedTemplate(buildTrain.json, {
      accountId: DEV,
      region: REGION,
      parameters: { ...PROJECT, ...ENVIRONMENT },
      ssmValues: catalogFactsIn(catalog, DEV, catalog.accounts.filter((account) => account.stage === 'dev')),
    });
    const sids = (policy: any) => policy.Statement.map((statement: any) => statement.Sid);
    expect(sids(bucketPolicy(alone).policy)).not.toContain('TargetModelRolesReadModels');
    expect(sids(keyPolicy(alone).policy)).not.toContain('TargetModelRolesReadModels');
    expect(sids(bucketPolicy(buildDev).policy)).toContain('TargetModelRolesReadModels');
    const [group] = alone.logicalIdsOf('AWS::SageMaker::ModelPackageGroup');
    expect(alone.properties(group).ModelPackageGroupPolicy).toBeUndefined();
  });
});
