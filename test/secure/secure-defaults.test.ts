/**
 * Secure defaults: what a product author leaves unset is filled in securely on
 * every resource the product creates; what an author sets insecurely on purpose
 * is left as written and fails synth, at the product line, saying what and how
 * to fix it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { loadCatalog } from '../../src/manifest';
import { ManifestError } from '../../src/model';
import { SECURE_RULES } from '../../src/secure/rules';
import { SECURE_DEFAULTS_PLUGIN_NAME } from '../../src/secure/secure-defaults-plugin';
import { SecureProductStack, type SecureProductStackProps } from '../../src/secure/secure-product-stack';
import { catalogRoot, cli, FIXTURES, synthProduct, type SynthesizedProduct, tempDir } from '../helpers';

/** A product written without a thought for security: every setting left at its default. */
class CarelessProduct extends SecureProductStack {
  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    new s3.Bucket(this, 'Bucket');
    new s3.CfnBucket(this, 'RawBucket');
    new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.INFINITE });
    new logs.CfnLogGroup(this, 'RawLogs');
    new sagemaker.CfnNotebookInstance(this, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::111111111111:role/x' });
    new sagemaker.CfnModel(this, 'Model', { executionRoleArn: 'arn:aws:iam::111111111111:role/x' });
    new sagemaker.CfnEndpointConfig(this, 'EndpointConfig', {
      productionVariants: [{ variantName: 'AllTraffic', modelName: 'm', instanceType: 'ml.m5.large', initialInstanceCount: 1 }],
    });
    new sagemaker.CfnDomain(this, 'Domain', {
      authMode: 'IAM',
      domainName: 'd',
      vpcId: 'vpc-1',
      subnetIds: ['subnet-1'],
      defaultUserSettings: { executionRole: 'arn:aws:iam::111111111111:role/x' },
    });
    new sagemaker.CfnDataQualityJobDefinition(this, 'Quality', {
      dataQualityAppSpecification: { imageUri: 'image' },
      dataQualityJobInput: { endpointInput: { endpointName: 'e', localPath: '/opt/ml/processing/input' } },
      dataQualityJobOutputConfig: { monitoringOutputs: [{ s3Output: { localPath: '/opt/ml/processing/output', s3Uri: 's3://b/p' } }] },
      jobResources: { clusterConfig: { instanceCount: 1, instanceType: 'ml.m5.large', volumeSizeInGb: 20 } },
      roleArn: 'arn:aws:iam::111111111111:role/x',
    });
  }
}

describe('secure defaults on a product that sets nothing', () => {
  let product: SynthesizedProduct;
  beforeAll(() => {
    product = synthProduct(CarelessProduct, 'sagemaker-endpoint', loadCatalog(catalogRoot('valid')));
  });

  test('every bucket is KMS-encrypted with the environment data key, private, versioned and logged', () => {
    const buckets = product.template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties).toEqual({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: 'DataKeyArnParameter' } }, BucketKeyEnabled: true },
          ],
        },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: 'AccessLogsBucketNameParameter' },
          LogFilePrefix: { 'Fn::Sub': '${AWS::StackName}/' },
        },
        Tags: expect.any(Array),
      });
    }
  });

  test('an L2 bucket gets the TLS-only bucket policy', () => {
    product.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^Bucket') },
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Sid: 'DenyWithoutTls',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });

  test('fails the raw CfnBucket, which cannot get a policy statement merged in, as not TLS-only', () => {
    const tls = product.findings.filter((f) => f.acknowledgeId === 'SecureDefaults::S3BucketTlsOnly');
    expect(tls.map((f) => f.constructPath)).toEqual(['sagemaker-endpoint/RawBucket']);
    expect(tls[0].description).toBe(
      'No bucket policy denies requests without TLS (aws:SecureTransport false). ' + SECURE_RULES.find((r) => r.id === 'S3BucketTlsOnly')!.fix,
    );
    expect(tls[0].createdAt).toMatch(/test\/secure\/secure-defaults\.test\.ts:\d+:\d+$/);
  });

  test('every log group is encrypted with the environment logs key and expires (an explicit INFINITE too)', () => {
    const groups = Object.values(product.template.findResources('AWS::Logs::LogGroup'));
    expect(groups.map((g) => [g.Properties.KmsKeyId, g.Properties.RetentionInDays])).toEqual([
      [{ Ref: 'LogsKeyArnParameter' }, 731],
      [{ Ref: 'LogsKeyArnParameter' }, 731],
    ]);
  });

  test('notebooks, models, endpoint configs, domains and monitoring jobs are VPC-attached with the environment keys', () => {
    const subnets = { Ref: 'PrivateSubnetIdsParameter' };
    const securityGroups = { Ref: 'SecurityGroupIdsParameter' };
    product.template.hasResourceProperties('AWS::SageMaker::NotebookInstance', {
      SubnetId: { 'Fn::Select': [0, subnets] },
      SecurityGroupIds: securityGroups,
      KmsKeyId: { Ref: 'VolumeKeyArnParameter' },
      DirectInternetAccess: 'Disabled',
      RootAccess: 'Disabled',
    });
    product.template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: { Subnets: subnets, SecurityGroupIds: securityGroups } });
    product.template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: { Ref: 'VolumeKeyArnParameter' } });
    product.template.hasResourceProperties('AWS::SageMaker::Domain', {
      AppNetworkAccessType: 'VpcOnly',
      KmsKeyId: { Ref: 'VolumeKeyArnParameter' },
    });
    product.template.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', {
      NetworkConfig: { VpcConfig: { Subnets: subnets, SecurityGroupIds: securityGroups } },
    });
  });

  test('no other secure-defaults finding: everything else was fixed by the defaults', () => {
    const insecure = product.findings.filter((f) => f.pack === SECURE_DEFAULTS_PLUGIN_NAME);
    expect(insecure.map((f) => f.acknowledgeId)).toEqual(['SecureDefaults::S3BucketTlsOnly']);
  });

  test('the values come from shared parameters defaulting to the environment SSM names', () => {
    expect(product.json.Parameters.DataKeyArnParameter).toEqual(
      expect.objectContaining({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mlops/team-a/kms/data-key-arn' }),
    );
    expect(product.json.Parameters.AccessLogsBucketNameParameter.Default).toBe('/mlops/team-a/s3/access-logs-bucket-name');
  });
});

describe('secure defaults never override what an author set', () => {
  test('a product that needs no default gets no shared parameter for it', () => {
    class LogsOnly extends SecureProductStack {
      constructor(scope: Construct, id: string, props: SecureProductStackProps) {
        super(scope, id, props);
        new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
      }
    }
    const { json } = synthProduct(LogsOnly, 'sagemaker-endpoint', loadCatalog(catalogRoot('valid')));
    expect(Object.keys(json.Parameters)).toEqual(['LogsKeyArnParameter']);
    const group = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toBe(7);
  });

  test('fails synth at the product line for each insecure choice, as INSECURE_RESOURCE, writing nothing', () => {
    const outdir = path.join(tempDir(), 'cdk.out');
    let error: unknown;
    try {
      synthesizeCatalog({ root: catalogRootWithoutCopy('insecure-product'), outdir });
    } catch (e) {
      error = e;
    }
    if (!ManifestError.is(error)) throw error;
    const insecure = error.diagnostics.filter((d) => d.code === 'INSECURE_RESOURCE');
    expect(insecure.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`)).toEqual([
      'products/insecure-storage/index.ts:11:5: error SecureDefaults::S3BucketCmkEncryption on insecure-storage/Scratch/Resource: ' +
        "Default encryption uses \"AES256\", not a customer-managed KMS key. Leave 'encryption' unset (the secure defaults use the " +
        "environment's data key) or pass 'encryption: BucketEncryption.KMS' with 'encryptionKey'. Fix the resource, or acknowledge " +
        "'SecureDefaults::S3BucketCmkEncryption' with a reason in the product.",
      'products/insecure-storage/index.ts:12:5: error SecureDefaults::SageMakerNotebookNoDirectInternet on insecure-storage/Notebook: ' +
        "Direct internet access is \"Enabled\", not 'Disabled'. Leave 'directInternetAccess' unset (the secure defaults disable it) or " +
        "set it to 'Disabled'. Fix the resource, or acknowledge 'SecureDefaults::SageMakerNotebookNoDirectInternet' with a reason in the product.",
    ]);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('the CLI prints them as file:line:col and exits 1', async () => {
    const out = path.join(tempDir(), 'cdk.out');
    const result = await cli(tempDir(), 'synth', '--root', catalogRootWithoutCopy('insecure-product'), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'products/insecure-storage/index.ts:12:5: error SecureDefaults::SageMakerNotebookNoDirectInternet on insecure-storage/Notebook: ',
    );
    expect(result.stderr).toMatch(/\d+ problems found; nothing was written\.\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('the rule list', () => {
  test('every rule file under src/secure/rules is in SECURE_RULES, once', () => {
    const rulesDir = path.join(__dirname, '../../src/secure/rules');
    const files = fs
      .readdirSync(rulesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => fs.readdirSync(path.join(rulesDir, d.name)).map((f) => path.join(rulesDir, d.name, f)));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = files.flatMap((file) => Object.values(require(file) as Record<string, unknown>).filter((v) => (v as any)?.check));
    expect(new Set(SECURE_RULES)).toEqual(new Set(exported));
    expect(new Set(SECURE_RULES.map((r) => r.id)).size).toBe(SECURE_RULES.length);
  });
});

/** The fixture folder itself: its product imports the kit by a path relative to the repository. */
function catalogRootWithoutCopy(name: string): string {
  return path.join(FIXTURES, name);
}
