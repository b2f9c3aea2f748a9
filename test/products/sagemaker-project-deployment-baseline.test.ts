/**
 * The staging / production baseline the deploy projects need: an internet-free
 * network with the endpoints an endpoint needs, keys, a data capture bucket, the
 * model execution, CloudFormation and deployment roles under the names the
 * project templates grant, and every SSM parameter the endpoint template reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASELINE_PUBLISHES, ModelDeploymentBaselineProduct } from '../../products/model-deployment-baseline';
import { DEPLOYMENT_INTERFACE_ENDPOINTS } from '../../products/model-deployment-baseline/network';
import { SageMakerEndpointProduct } from '../../products/sagemaker-endpoint';
import { loadCatalog } from '../../src/manifest';
import { type Catalog } from '../../src/model';
import { AWS_REGIONS } from '../../src/model';
import { ssmParameterName } from '../../src/model/ssm-contract';
import { SAGEMAKER_XGBOOST_REGISTRIES } from '../../src/sagemaker-projects';
import { catalogFactsIn, catalogRoot, synthProduct, type SynthesizedProduct, expectReasonedAcknowledgements, validationDiagnostics } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

function resources(product: SynthesizedProduct, type: string): [string, any][] {
  return Object.entries(product.json.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}

function role(product: SynthesizedProduct, name: string): any {
  const found = resources(product, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === name);
  if (!found) throw new Error(`no role ${name}`);
  return found[1];
}

function policyOf(product: SynthesizedProduct, roleResource: any): any[] {
  const [ref] = roleResource.Properties.ManagedPolicyArns;
  return product.json.Resources[ref.Ref].Properties.PolicyDocument.Statement;
}

describe('model-deployment-baseline', () => {
  let catalog: Catalog;
  let product: SynthesizedProduct;
  beforeAll(() => {
    catalog = loadCatalog(catalogRoot('sagemaker-projects'));
    product = synthProduct(ModelDeploymentBaselineProduct, 'baseline', catalog);
  });

  test('knows the stage of the account it is launched in from catalog.yaml, through the catalog stack there: nothing to type', () => {
    expect(product.json.Mappings.DeploymentStages).toEqual({ staging: { Stage: 'staging' }, prod: { Stage: 'prod' } });
    // The catalog facts are pinned to the catalog's names (AllowedValues): the user chooses only the VPC block.
    const parameters = Object.entries(product.json.Parameters as Record<string, any>);
    const pinned = parameters.filter(([, p]) => p.AllowedValues?.length === 1 && p.AllowedValues[0] === p.Default);
    expect(pinned.map(([id]) => id).sort()).toEqual(['CatalogAccountStageParameter', 'CatalogDevAccountsParameter']);
    expect(Object.keys(product.json.Parameters).filter((id) => !id.startsWith('Catalog'))).toEqual(['VpcCidr']);
    const stageOf = (account: string) => new ResolvedTemplate(product.json, { accountId: account, region: 'eu-west-1', ssmValues: catalogFactsIn(catalog, account) })
      .resolve({ 'Fn::FindInMap': ['DeploymentStages', { Ref: 'CatalogAccountStageParameter' }, 'Stage'] });
    expect([stageOf('222222222222'), stageOf('333333333333')]).toEqual(['staging', 'prod']);
    // No account id of the catalog is in the template: adding one changes the catalog stacks only.
    expect(JSON.stringify(product.json)).not.toMatch(/111111111111|222222222222|333333333333|444444444444/);
  });

  test('publishes every SSM parameter the endpoint template reads, under the contract names', () => {
    const published = resources(product, 'AWS::SSM::Parameter').map(([, p]) => p.Properties.Name);
    expect(published.sort()).toEqual(BASELINE_PUBLISHES.map((key) => ssmParameterName(catalog.defaults, key)).sort());
    const endpoint = synthProduct(SageMakerEndpointProduct, 'sagemaker-endpoint', catalog).json;
    const read = Object.values(endpoint.Parameters as Record<string, any>)
      .filter((p) => String(p.Type).startsWith('AWS::SSM::Parameter::Value'))
      .map((p) => p.Default);
    expect(read.length).toBeGreaterThan(4);
    for (const name of read) expect(published).toContain(name);
    const lists = resources(product, 'AWS::SSM::Parameter').filter(([, p]) => p.Properties.Type === 'StringList').map(([, p]) => p.Properties.Name);
    expect(lists.sort()).toEqual(['/mlops/ds-team/network/private-subnet-ids', '/mlops/ds-team/network/security-group-ids']);
  });

  test('the network has no way to the internet and the endpoints an endpoint needs', () => {
    for (const type of ['AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Route']) {
      expect([type, resources(product, type).length]).toEqual([type, 0]);
    }
    const endpoints = resources(product, 'AWS::EC2::VPCEndpoint').map(([, e]) => [e.Properties.VpcEndpointType, e.Properties.ServiceName['Fn::Sub']]);
    expect(endpoints).toEqual(
      expect.arrayContaining([
        ['Gateway', 'com.amazonaws.${AWS::Region}.s3'],
        ...DEPLOYMENT_INTERFACE_ENDPOINTS.map((e) => ['Interface', `com.amazonaws.\${AWS::Region}.${e.service}`]),
      ]),
    );
    expect(DEPLOYMENT_INTERFACE_ENDPOINTS.map((e) => e.service)).toEqual(
      expect.arrayContaining(['sagemaker.api', 'sagemaker.runtime', 'sts', 'logs', 'monitoring', 'ecr.api', 'ecr.dkr', 'kms']),
    );
    // How the network is made (no public IPs, endpoint security group, flow logs): test/secure/private-network.test.ts.
  });

  test('three keys; buckets and log groups are encrypted with them', () => {
    // How each key is made (rotation, key policy): test/secure/customer-managed-keys.test.ts.
    const keys = resources(product, 'AWS::KMS::Key');
    expect(keys).toHaveLength(3);
    for (const [, bucket] of resources(product, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    }
    for (const [, group] of resources(product, 'AWS::Logs::LogGroup')) expect(group.Properties.KmsKeyId).toBeDefined();
    // Its own keys and network: it reads no shared parameter of a data science environment (only the catalog's facts).
    const ssm = Object.values(product.json.Parameters as Record<string, any>).filter((p) => String(p.Type).startsWith('AWS::SSM::Parameter::Value'));
    expect(ssm.map((p) => p.Default).filter((name: string) => !name.startsWith('/test-catalog/catalog/'))).toEqual([]);
  });

  test('creates the roles under the names the project templates grant; the smoke-test role in staging only', () => {
    const named = resources(product, 'AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName);
    expect(named.map(([, r]) => [r.Properties.RoleName, r.Condition ?? 'always']).sort()).toEqual([
      ['test-catalog-model-cfn-execution', 'always'],
      ['test-catalog-model-deployment', 'always'],
      ['test-catalog-model-execution', 'always'],
      ['test-catalog-model-smoke-test', 'IsStaging'],
    ]);
  });

  // Who may assume which role, and what each may do: model-deployment-iam-simulation.test.ts (by simulation).
  test('the deployment role trusts only the deploy build roles of the data science accounts, each passing its own project id as session tag', () => {
    expect(role(product, 'test-catalog-model-deployment').Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        // The data science accounts of the catalog stack's list (read at launch), and in them the deploy build roles only.
        Principal: { AWS: { Ref: 'CatalogDevAccountsParameter' } },
        Condition: {
          'ArnLike': { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/sagemaker-project-deploy-*-deploy']] } },
          'StringEquals': { 'aws:RequestTag/sagemaker:project-id': '${aws:PrincipalTag/sagemaker:project-id}' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['sagemaker:project-id'] },
          'StringLike': { 'aws:PrincipalTag/sagemaker:project-id': 'p-*' },
          'StringNotLike': { 'aws:PrincipalTag/sagemaker:project-id': 'p-*-*' },
        },
      },
    ]);
    // What a session may do is proved by simulation (model-deployment-iam-simulation.test.ts); no artifact access is left.
    const actions = policyOf(product, role(product, 'test-catalog-model-deployment')).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => /^(s3|kms):/.test(a))).toEqual([]);
  });

  test('the deployment role hands CloudFormation its own role only; that role passes the model role only', () => {
    const deployment = policyOf(product, role(product, 'test-catalog-model-deployment'));
    expect(deployment.find((s) => s.Sid === 'PassTheCloudFormationRole')).toEqual(
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/CloudFormationExecutionRole/), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
    );
    const cfn = policyOf(product, role(product, 'test-catalog-model-cfn-execution'));
    expect(cfn.find((s) => s.Sid === 'PassTheModelExecutionRole')).toEqual(
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/ModelExecutionRole/), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    );
  });

  test('the model role reads model artifacts of the data science accounts only, and writes data capture only', () => {
    const statements = policyOf(product, role(product, 'test-catalog-model-execution'));
    expect(statements.find((s) => s.Sid === 'ReadModelArtifactsOfTheDataScienceAccounts')).toEqual(
      expect.objectContaining({ Action: 's3:GetObject', Condition: { StringEquals: { 's3:ResourceAccount': { Ref: 'CatalogDevAccountsParameter' } } } }),
    );
    expect(statements.find((s) => s.Sid === 'WriteDataCapture').Action).toBe('s3:PutObject');
  });

  test('the guardrails (SageMaker denies and tamper protection) are attached to every role of the baseline', () => {
    const guardrails = resources(product, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('Guardrails'));
    expect(guardrails).toHaveLength(2);
    for (const [id, policy] of guardrails) {
      expect(policy.Properties.Path).toBe('/guardrails/');
      expect(policy.Properties.Roles.sort()).toEqual(['test-catalog-model-cfn-execution', 'test-catalog-model-deployment', 'test-catalog-model-execution']);
      expect(role(product, 'test-catalog-model-smoke-test').Properties.ManagedPolicyArns).toContainEqual({ Ref: id });
    }
  });

  test('is clean under AwsSolutions, NIST 800-53 R5, HIPAA Security and CloudFormation validation', () => {
    expect(product.findings).toEqual([]);
  });

  test('every acknowledged finding carries a reason', () => {
    expectReasonedAcknowledgements(product.stack);
  });

  test('validate refuses a catalog without data science accounts, at the product in catalog.yaml (the product states it, never throws)', () => {
    const root = catalogRoot('sagemaker-projects');
    const file = path.join(root, 'catalog.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('stage: dev', 'stage: staging'));
    const productLine = text.split('\n').findIndex((line) => /^ {2}baseline:/.test(line)) + 1;
    expect(validationDiagnostics(root).map((d) => [d.code, d.file, d.line])).toEqual([['PRODUCT_CATALOG_REQUIREMENT', 'catalog.yaml', productLine]]);
    expect(productLine).toBeGreaterThan(0);
  });

  test('validate refuses a staging or production region without a known SageMaker image registry, at that account', () => {
    const root = catalogRoot('sagemaker-projects');
    const file = path.join(root, 'catalog.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const staging = text.split('\n').findIndex((line) => /^ {2}staging:/.test(line)) + 1;
    expect(staging).toBeGreaterThan(0);
    // A region AWS has but sagemaker-images.ts does not list.
    const unknown = AWS_REGIONS.find((region) => !(region in SAGEMAKER_XGBOOST_REGISTRIES))!;
    fs.writeFileSync(file, text.replace(/( {2}staging:[\s\S]*?regions: \[)/, `$1${unknown}, `));
    const diagnostics = validationDiagnostics(root);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['PRODUCT_CATALOG_REQUIREMENT', staging]]);
    expect(diagnostics[0].message).toContain(unknown);
  });
});
