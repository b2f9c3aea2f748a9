/**
 * The model build & train project template: SageMaker's parameters, a seeded
 * repository, a pipeline that runs on every push to main inside the VPC, a model
 * package group shared by name with the staging and production accounts, and
 * everything encrypted and tagged with the project.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SageMakerProjectBuildTrainProduct, SEED_DIRECTORY } from '../../products/sagemaker-project-build-train';
import { loadCatalog } from '../../src/manifest';
import { type Catalog, sha256 } from '../../src/model';
import { PROJECT_NAME_PATTERN } from '../../src/sagemaker-projects';
import { deterministicZip, PRODUCT_ASSETS_METADATA } from '../../src/secure/product-assets';
import { catalogFactsIn, catalogRoot, synthProduct, type SynthesizedProduct, expectReasonedAcknowledgements } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';
import { describeRoleTable, roleUnderTest } from '../secure/policy-simulation';

/** Resource types of the template that support tags: each must carry the project's. */
const TAGGABLE = [
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::CodeCommit::Repository',
  'AWS::SageMaker::ModelPackageGroup',
  'AWS::Logs::LogGroup',
  'AWS::IAM::Role',
  'AWS::CodeBuild::Project',
  'AWS::CodePipeline::Pipeline',
  'AWS::Events::Rule',
];

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

function resources(product: SynthesizedProduct, type: string): [string, any][] {
  return Object.entries(product.json.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}

function only(product: SynthesizedProduct, type: string): any {
  const found = resources(product, type);
  expect(found).toHaveLength(1);
  return found[0][1];
}

describe('sagemaker-project-build-train', () => {
  let catalog: Catalog;
  let product: SynthesizedProduct;
  beforeAll(() => {
    catalog = loadCatalog(catalogRoot('sagemaker-projects'));
    product = synthProduct(SageMakerProjectBuildTrainProduct, 'build-train', catalog);
  });

  test('takes the parameters SageMaker passes, with SageMaker constraints', () => {
    expect(product.json.Parameters.SageMakerProjectName).toEqual(
      expect.objectContaining({ Type: 'String', MinLength: 1, MaxLength: 32, AllowedPattern: PROJECT_NAME_PATTERN }),
    );
    expect(PROJECT_NAME_PATTERN).toBe('^[a-zA-Z](-*[a-zA-Z0-9])*');
    expect(product.json.Parameters.SageMakerProjectId).toEqual(expect.objectContaining({ Type: 'String', MinLength: 1 }));
    const idPattern = new RegExp(product.json.Parameters.SageMakerProjectId.AllowedPattern);
    expect(idPattern.test('p-abcdef123456')).toBe(true);
    expect(idPattern.test('P-UPPER')).toBe(false); // goes into bucket names
  });

  test('everything it creates carries the SageMaker project tags', () => {
    const tagged = TAGGABLE.flatMap((type) => resources(product, type));
    expect(tagged.length).toBeGreaterThanOrEqual(TAGGABLE.length);
    for (const [id, resource] of tagged) {
      const tags = Object.fromEntries((resource.Properties.Tags as { Key: string; Value: unknown }[]).map((t) => [t.Key, t.Value]));
      expect([id, tags['sagemaker:project-name'], tags['sagemaker:project-id']]).toEqual([
        id,
        { Ref: 'SageMakerProjectName' },
        { Ref: 'SageMakerProjectId' },
      ]);
    }
  });

  test('the repository is seeded with the starter code, from the asset bucket, encrypted with the project key', () => {
    const repository = only(product, 'AWS::CodeCommit::Repository').Properties;
    const [asset] = product.json.Metadata[PRODUCT_ASSETS_METADATA];
    expect(repository.Code).toEqual({
      BranchName: 'main',
      S3: { Bucket: { 'Fn::Sub': 'test-catalog-assets-${AWS::AccountId}-${AWS::Region}' }, Key: asset.objectKey },
    });
    expect(asset.sha256).toBe(sha256(deterministicZip(SEED_DIRECTORY)));
    expect(repository.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    expect(repository.RepositoryName).toEqual({
      'Fn::Join': ['', ['sagemaker-', { Ref: 'SageMakerProjectName' }, '-', { Ref: 'SageMakerProjectId' }, '-modelbuild']],
    });
  });

  test('the starter code is a SageMaker pipeline with its own tests', () => {
    const files = fs.readdirSync(path.join(SEED_DIRECTORY, 'pipelines')).sort();
    expect(files).toEqual(expect.arrayContaining(['definition.py', 'preprocess.py', 'evaluate.py', 'run_pipeline.py']));
    expect(fs.readdirSync(path.join(SEED_DIRECTORY, 'tests')).filter((f) => f.startsWith('test_')).length).toBeGreaterThanOrEqual(4);
    // 3.0.0: pytest with the SDK the build installed from the package mirror.
    expect(fs.readFileSync(path.join(SEED_DIRECTORY, 'buildspec.yml'), 'utf8')).toMatch(/pip install[\s\S]*-m pytest[\s\S]*pipelines\.run_pipeline/);
  });

  describe('the build reads the package mirror of the environment (3.0.0)', () => {
    const ACCOUNT = '111111111111';
    const mirror = (resource: string) => `arn:aws:codeartifact:eu-west-1:${ACCOUNT}:${resource}`;
    let launch: ResolvedTemplate;
    let buildRole: string;
    beforeAll(() => {
      launch = new ResolvedTemplate(product.json, {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        parameters: { SageMakerProjectName: 'churn', SageMakerProjectId: 'p-abc123def456', PackageDomainNameParameter: 'team-a-dev', PackageRepositoryNameParameter: 'pypi' },
      });
      const project = only(product, 'AWS::CodeBuild::Project').Properties;
      buildRole = launch.logicalIdsOf('AWS::IAM::Role').find((id) => launch.getAtt(id, 'Arn') === launch.resolve(project.ServiceRole))!;
    });

    test('its environment names the domain and repository of the environment parameters', () => {
      const variables = Object.fromEntries(only(product, 'AWS::CodeBuild::Project').Properties.Environment.EnvironmentVariables.map((v: any) => [v.Name, v.Value]));
      expect(variables).toMatchObject({
        CODEARTIFACT_DOMAIN: { Ref: 'PackageDomainNameParameter' },
        CODEARTIFACT_DOMAIN_OWNER: { Ref: 'AWS::AccountId' },
        CODEARTIFACT_REPOSITORY: { Ref: 'PackageRepositoryNameParameter' },
      });
    });

    describeRoleTable('build role', () => roleUnderTest(launch, buildRole), {
      can: [
        { name: 'get a token for the mirror', action: 'codeartifact:GetAuthorizationToken', resource: mirror('domain/team-a-dev') },
        { name: 'get the bearer token through STS', action: 'sts:GetServiceBearerToken', resource: '*', context: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } },
        { name: 'read packages (pip install)', action: 'codeartifact:ReadFromRepository', resource: mirror('repository/team-a-dev/pypi') },
      ],
      cannot: [
        { name: 'publish a package', action: 'codeartifact:PublishPackageVersion', resource: mirror('package/team-a-dev/pypi/pypi/none/churn'), implicitly: true },
        { name: 'replace the repository policy', action: 'codeartifact:PutRepositoryPermissionsPolicy', resource: mirror('repository/team-a-dev/pypi'), implicitly: true },
        { name: "read another domain's repository", action: 'codeartifact:ReadFromRepository', resource: mirror('repository/other-dev/pypi'), implicitly: true },
        { name: 'get a bearer token for another service', action: 'sts:GetServiceBearerToken', resource: '*', context: { 'sts:AWSServiceName': 'other.amazonaws.com' }, implicitly: true },
      ],
    });
  });

  test('the pipeline is Source (the repository, main, no polling) then Build (the SageMaker pipeline)', () => {
    const pipeline = only(product, 'AWS::CodePipeline::Pipeline').Properties;
    expect(pipeline.PipelineType).toBe('V2');
    expect(pipeline.Stages.map((s: any) => [s.Name, s.Actions.map((a: any) => a.ActionTypeId.Provider)])).toEqual([
      ['Source', ['CodeCommit']],
      ['Build', ['CodeBuild']],
    ]);
    expect(pipeline.Stages[0].Actions[0].Configuration).toEqual(expect.objectContaining({ BranchName: 'main', PollForSourceChanges: false }));
    expect(pipeline.ArtifactStore).toEqual({
      Type: 'S3',
      Location: { Ref: expect.stringMatching(/^ArtifactsBucket/) },
      EncryptionKey: { Id: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] }, Type: 'KMS' },
    });
  });

  test('a push to main starts it (EventBridge)', () => {
    const rule = only(product, 'AWS::Events::Rule').Properties;
    expect(rule.EventPattern).toEqual({
      'source': ['aws.codecommit'],
      'detail-type': ['CodeCommit Repository State Change'],
      'resources': [{ 'Fn::GetAtt': [expect.stringMatching(/^Repository/), 'Arn'] }],
      'detail': { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: ['main'] },
    });
    expect(rule.Targets).toEqual([
      expect.objectContaining({ Arn: expect.objectContaining({ 'Fn::Join': expect.anything() }), RoleArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } }),
    ]);
  });

  test('every CodeBuild project runs in the environment VPC, encrypted with the project key', () => {
    for (const [, project] of resources(product, 'AWS::CodeBuild::Project')) {
      expect(project.Properties.VpcConfig).toEqual({
        VpcId: { Ref: 'VpcIdParameter' },
        Subnets: { Ref: 'PrivateSubnetIdsParameter' },
        SecurityGroupIds: { Ref: 'SecurityGroupIdsParameter' },
      });
      expect(project.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
      expect(project.Properties.Environment.PrivilegedMode).toBe(false);
    }
  });

  test('the build runs the SageMaker pipeline with the environment role, network and keys', () => {
    const variables = Object.fromEntries(
      only(product, 'AWS::CodeBuild::Project').Properties.Environment.EnvironmentVariables.map((v: any) => [v.Name, v.Value]),
    );
    expect(variables).toEqual(
      expect.objectContaining({
        SAGEMAKER_PIPELINE_ROLE_ARN: { Ref: 'PipelineExecutionRoleArnParameter' },
        VOLUME_KMS_KEY_ARN: { Ref: 'VolumeKeyArnParameter' },
        PROJECT_KMS_KEY_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
        SUBNET_IDS: { 'Fn::Join': [',', { Ref: 'PrivateSubnetIdsParameter' }] },
        SECURITY_GROUP_IDS: { 'Fn::Join': [',', { Ref: 'SecurityGroupIdsParameter' }] },
        ARTIFACT_BUCKET: { Ref: expect.stringMatching(/^ArtifactsBucket/) },
      }),
    );
  });

  test('encryption everywhere: bucket, key rotation, log groups', () => {
    const bucket = only(product, 'AWS::S3::Bucket').Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
    });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(only(product, 'AWS::KMS::Key').Properties.EnableKeyRotation).toBe(true);
    for (const [, group] of resources(product, 'AWS::Logs::LogGroup')) expect(group.Properties.KmsKeyId).toEqual({ Ref: 'LogsKeyArnParameter' });
    const policy = only(product, 'AWS::S3::BucketPolicy').Properties.PolicyDocument.Statement;
    expect(policy).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
  });

  /** The template as launched in the dev account: the catalog facts its catalog stack publishes there. */
  const launched = () =>
    new ResolvedTemplate(product.json, {
      accountId: '111111111111',
      region: 'eu-west-1',
      parameters: { SageMakerProjectName: 'churn', SageMakerProjectId: 'p-abc123def456' },
      ssmValues: catalogFactsIn(catalog, '111111111111'),
    });
  const byName = (name: string) => ({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/test-catalog-${name}` } });

  test('the model package group is shared with the staging and production CloudFormation roles only, by name', () => {
    const launch = launched();
    const [id] = launch.logicalIdsOf('AWS::SageMaker::ModelPackageGroup');
    const policy = launch.properties(id).ModelPackageGroupPolicy;
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement.Principal).toEqual({ AWS: ['222222222222', '333333333333'] });
    expect(statement.Condition).toEqual(byName('model-cfn-execution'));
    expect(statement.Action).toEqual(['sagemaker:DescribeModelPackageGroup', 'sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages']);
  });

  test('the trained models are readable by the staging and production model roles only, by name, through S3', () => {
    const launch = launched();
    const [bucketPolicyId] = launch.logicalIdsOf('AWS::S3::BucketPolicy');
    const bucketPolicy = launch.properties(bucketPolicyId).PolicyDocument.Statement;
    expect(bucketPolicy.find((s: any) => s.Sid === 'TargetModelRolesReadModels')).toEqual({
      Sid: 'TargetModelRolesReadModels',
      Effect: 'Allow',
      Principal: { AWS: ['222222222222', '333333333333'] },
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: expect.stringMatching(/^arn:aws:s3:::sagemaker-project-p-abc123def456-build-111111111111\/models\/\*$/),
      Condition: byName('model-execution'),
    });
    const [keyId] = launch.logicalIdsOf('AWS::KMS::Key');
    const keyPolicy = launch.properties(keyId).KeyPolicy.Statement;
    expect(keyPolicy.find((s: any) => s.Sid === 'TargetModelRolesReadModels')).toEqual({
      Sid: 'TargetModelRolesReadModels',
      Effect: 'Allow',
      Principal: { AWS: ['222222222222', '333333333333'] },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }, ...byName('model-execution') },
    });
  });

  test('names no account: the staging and production accounts are the catalog stack\'s list, read at launch', () => {
    const text = JSON.stringify(product.json);
    expect(text).not.toMatch(/\d{12}/);
    expect(product.json.Parameters.CatalogDeploymentTargetAccountsParameter).toEqual(expect.objectContaining({
      Type: 'AWS::SSM::Parameter::Value<List<String>>',
      Default: '/test-catalog/catalog/accounts/deployment-targets',
      AllowedValues: ['/test-catalog/catalog/accounts/deployment-targets'],
    }));
  });

  test('the build role may run only this project pipeline and pass only the environment pipeline role', () => {
    const [, build] = resources(product, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('BuildRolePolicy'))!;
    const statements = build.Properties.PolicyDocument.Statement;
    expect(statements.find((s: any) => s.Sid === 'PassThePipelineExecutionRole')).toEqual({
      Sid: 'PassThePipelineExecutionRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: { Ref: 'PipelineExecutionRoleArnParameter' },
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    const manage = statements.find((s: any) => s.Sid === 'ManageTheProjectPipeline');
    expect(JSON.stringify(manage.Resource)).toContain(':pipeline/*-');
    expect(JSON.stringify(manage.Resource)).toContain('SageMakerProjectId');
  });

  test('is clean under AwsSolutions, NIST 800-53 R5, HIPAA Security and CloudFormation validation', () => {
    expect(product.findings).toEqual([]);
  });

  test('every acknowledged finding carries a reason', () => {
    expectReasonedAcknowledgements(product.stack);
  });
});
