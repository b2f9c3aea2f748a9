/**
 * File assets of product templates: one byte-stable file per asset, named by its
 * sha256, next to the template; templates that point at the asset bucket of the
 * account and region they are launched in; an asset bucket per catalog stack
 * that needs one (explicit name, KMS, readable by the launch roles only), filled
 * from the catalog stack's own CDK assets at deploy time.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ProductAssetBucket } from '../../src/generator/asset-bucket';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { checkedVersionAssets } from '../../src/generator/version-assets';
import { type Catalog, type CatalogTarget, ManifestError } from '../../src/model';
import { crc32, deterministicZip, PRODUCT_ASSETS_METADATA, productAssetFile } from '../../src/secure/product-assets';
import { catalogRoot, tempDir, writeFiles, writeProduct } from '../helpers';

const CATALOG = `# yaml-language-server: $schema=../../schemas/catalog.schema.json
catalog:
  name: asset-catalog
  owner: Platform
  supportEmail: platform@example.com
accounts:
  dev:
    id: "111111111111"
    regions: [eu-west-1]
    stage: dev
  other:
    id: "444444444444"
    regions: [eu-central-1]
  staging:
    id: "222222222222"
    regions: [eu-west-1]
    stage: staging
defaults:
  environmentName: ds-team
products:
  seeded:
    path: seeded
    displayName: Seeded repository
    owner: Platform
    description: A repository with starter code.
    versions:
      - name: 1.0.0
        description: First.
        status: active
  plain:
    path: sagemaker-endpoint
    displayName: Endpoint
    owner: Platform
    description: No assets.
    versions:
      - name: 1.0.0
        description: First.
        status: active
`;

const PORTFOLIOS = {
  'portfolios/seeded.yaml': [
    'id: seeded',
    'displayName: Seeded',
    'providerName: Platform',
    'accounts: [dev, other]',
    'principals:',
    '  roles: [Builder]',
    'products:',
    '  - id: seeded',
    '    launchRole: SCLaunchSeeded',
    '  - id: plain',
    '    launchRole: SCLaunchPlain',
    '',
  ].join('\n'),
  'portfolios/hosting.yaml': [
    'id: hosting',
    'displayName: Hosting',
    'providerName: Platform',
    'accounts: [staging]',
    'principals:',
    '  roles: [Engineer]',
    'products:',
    '  - id: plain',
    '    launchRole: SCLaunchPlain',
    '',
  ].join('\n'),
};

/** The constructor of a product whose CodeCommit repository is seeded from a folder of its own: the asset. */
const SEEDED_PRODUCT = [
  "    new codecommit.Repository(this, 'Repository', {",
  "      repositoryName: 'seeded',",
  "      code: codecommit.Code.fromDirectory(path.join(__dirname, 'seed'), 'main'),",
  '    });',
];

const SEED = {
  'products/seeded/seed/README.md': '# Starter\n',
  'products/seeded/seed/src/app.py': 'print("hello")\n',
  'products/seeded/seed/src/__pycache__/app.cpython-311.pyc': 'compiled',
};

function assetCatalogRoot(): string {
  const root = catalogRoot('valid');
  fs.rmSync(path.join(root, 'portfolios'), { recursive: true });
  writeFiles(root, { 'catalog.yaml': CATALOG, ...PORTFOLIOS, ...SEED });
  writeProduct(root, 'seeded', SEEDED_PRODUCT, { path: 'node:path', codecommit: 'aws-cdk-lib/aws-codecommit' });
  return root;
}

function stackTemplate(result: SynthesizedCatalog, id: string): Template {
  return Template.fromJSON(JSON.parse(fs.readFileSync(result.stacks.find((s) => s.id === id)!.templateFile, 'utf8')));
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** The entries of a zip, read from its central directory, with their data. */
function unzip(zip: Buffer): { name: string; data: Buffer; crc: number; method: number; date: number }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(offset)).toBe(0x02014b50);
    const method = zip.readUInt16LE(offset + 10);
    const date = zip.readUInt16LE(offset + 14);
    const crc = zip.readUInt32LE(offset + 16);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({ name, data: zip.subarray(dataStart, dataStart + size), crc, method, date });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

describe('deterministic zip', () => {
  test('the same files give the same bytes, whatever their timestamps, in path order, interpreter caches left out', () => {
    const dir = tempDir();
    writeFiles(dir, { 'b.txt': 'bee\n', 'a/z.py': 'z = 1\n', 'a/__pycache__/z.pyc': 'x', 'a.txt': 'a\n' });
    const first = deterministicZip(dir);
    fs.utimesSync(path.join(dir, 'b.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const second = deterministicZip(dir);
    expect(second.equals(first)).toBe(true);
    const entries = unzip(first);
    expect(entries.map((e) => e.name)).toEqual(['a.txt', 'a/z.py', 'b.txt']);
    expect(entries.map((e) => e.data.toString())).toEqual(['a\n', 'z = 1\n', 'bee\n']);
    for (const entry of entries) {
      expect(entry.method).toBe(0); // stored: no compression library can change a byte
      expect(entry.date).toBe(0x21); // 1980-01-01
    }
  });

  test('carries a CRC-32 any zip reader accepts', () => {
    const zlibCrc = (zlib as unknown as { crc32?: (data: Buffer) => number }).crc32;
    const samples = [Buffer.from(''), Buffer.from('hello'), crypto.randomBytes(4096)];
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
    if (zlibCrc) for (const sample of samples) expect(crc32(sample)).toBe(zlibCrc(sample));
  });
});

describe('product templates with file assets', () => {
  let result: SynthesizedCatalog;
  let root: string;
  beforeAll(() => {
    root = assetCatalogRoot();
    result = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  });

  const seededTemplate = () => JSON.parse(fs.readFileSync(result.versions.get('seeded')![0].templateFile, 'utf8'));

  test('the template points at the asset bucket of the account and region it is launched in, by sha256 key', () => {
    const template = seededTemplate();
    const [asset] = template.Metadata[PRODUCT_ASSETS_METADATA];
    expect(asset.objectKey).toBe(`${asset.sha256}.zip`);
    const repository = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::CodeCommit::Repository') as any;
    expect(repository.Properties.Code).toEqual({
      BranchName: 'main',
      S3: { Bucket: { 'Fn::Sub': 'asset-catalog-assets-${AWS::AccountId}-${AWS::Region}' }, Key: asset.objectKey },
    });
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/\beu-(west|central)-1\b/);
  });

  test('the asset file lies next to the template, its bytes hashing to its key, holding the seed without caches', () => {
    const templateFile = result.versions.get('seeded')![0].templateFile;
    const [asset] = seededTemplate().Metadata[PRODUCT_ASSETS_METADATA];
    const bytes = fs.readFileSync(productAssetFile(templateFile, asset));
    expect(sha256(bytes)).toBe(asset.sha256);
    expect(unzip(bytes).map((e) => [e.name, e.data.toString()])).toEqual([
      ['README.md', '# Starter\n'],
      ['src/app.py', 'print("hello")\n'],
    ]);
  });

  test('every account that publishes the product gets a bucket of its own, by explicit name, KMS-encrypted', () => {
    for (const [id, name] of [
      ['dev-eu-west-1', 'asset-catalog-assets-111111111111-eu-west-1'],
      ['other-eu-central-1', 'asset-catalog-assets-444444444444-eu-central-1'],
    ]) {
      const t = stackTemplate(result, id);
      t.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: name,
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProductAssetsKey'), 'Arn'] } } },
          ],
        },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      });
      t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    }
  });

  test('only the launch roles of the products that use assets may read them (bucket and key), TLS only', () => {
    const t = stackTemplate(result, 'dev-eu-west-1');
    const launchRole = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/SCLaunchSeeded']] };
    const policy = Object.values(t.findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    const allows = policy.filter((s: any) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'LaunchRolesReadAssets',
        Effect: 'Allow',
        Principal: { AWS: launchRole },
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^ProductAssetsBucket/), 'Arn'] }, '/*']] },
      },
    ]);
    expect(policy).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
    const key = Object.values(t.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(key.find((s: any) => s.Sid === 'LaunchRolesDecryptThroughS3')).toEqual({
      Sid: 'LaunchRolesDecryptThroughS3',
      Effect: 'Allow',
      Principal: { AWS: launchRole },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    });
  });

  test('the assets reach the bucket at deploy time from the stack own CDK assets, the same bytes in every account', () => {
    const [asset] = seededTemplate().Metadata[PRODUCT_ASSETS_METADATA];
    const sources = ['dev-eu-west-1', 'other-eu-central-1'].map((id) => {
      const deployment = Object.values(stackTemplate(result, id).findResources('Custom::CDKBucketDeployment'))[0].Properties;
      expect(deployment.Prune).toBe(false);
      expect(deployment.Extract).toBe(true);
      expect(deployment.DestinationBucketName).toEqual({ Ref: expect.stringMatching(/^ProductAssetsBucket/) });
      expect(deployment.SystemMetadata).toEqual({ 'sse': 'aws:kms', 'sse-kms-key-id': { Ref: expect.stringMatching(/^ProductAssetsKey/) } });
      return deployment.SourceObjectKeys as string[];
    });
    expect(sources[0]).toEqual(sources[1]);
    // The staged source folder holds exactly the asset file, under its key.
    const staged = path.join(result.outdir, `asset.${sources[0][0].replace(/\.zip$/, '')}`);
    expect(fs.readdirSync(staged)).toEqual([asset.objectKey]);
    expect(sha256(fs.readFileSync(path.join(staged, asset.objectKey)))).toBe(asset.sha256);
  });

  test('a product version waits for its assets', () => {
    const t = stackTemplate(result, 'dev-eu-west-1');
    const products = t.findResources('AWS::ServiceCatalog::CloudFormationProduct');
    const seeded = Object.entries(products).find(([id]) => id.startsWith('Productsseeded'))![1];
    const plain = Object.entries(products).find(([id]) => id.startsWith('Productsplain'))![1];
    expect(seeded.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ProductAssetsDeploymentCustomResource/)]));
    expect(plain.DependsOn ?? []).toEqual([]);
  });

  test('an account whose products need no assets gets no asset bucket', () => {
    stackTemplate(result, 'staging-eu-west-1').resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('fails when a template asset is missing or altered, pointing at the version in catalog.yaml', () => {
    // A template away from its assets (e.g. a released version copied without them).
    const current = result.versions.get('seeded')![0];
    const copy = path.join(tempDir(), 'template.json');
    fs.copyFileSync(current.templateFile, copy);
    const [asset] = seededTemplate().Metadata[PRODUCT_ASSETS_METADATA];
    const version = { ...current, templateFile: copy };
    const problem = () => {
      return checkedVersionAssets({ root: path.dirname(copy) }, version).diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.code}: ${d.message}`);
    };
    const at = `${current.version.source.file}:${current.version.source.line}:${current.version.source.col}`;
    expect(problem()).toEqual([
      `${at}: PRODUCT_ASSET_INVALID: version '1.0.0' of product 'seeded' needs the asset ${asset.objectKey} (${asset.source}), ` +
        `but product-assets/${asset.sha256}/${asset.objectKey} does not exist; release the version again with its assets`,
    ]);
    writeFiles(path.dirname(copy), { [`product-assets/${asset.sha256}/${asset.objectKey}`]: 'not the zip' });
    expect(problem()).toEqual([
      `${at}: PRODUCT_ASSET_INVALID: version '1.0.0' of product 'seeded': the asset product-assets/${asset.sha256}/${asset.objectKey} ` +
        `no longer matches its sha256 ${asset.sha256}; asset files are immutable, restore it from version control`,
    ]);
  });
});

describe('asset bucket name', () => {
  test('fails when catalog name, account and region make a bucket name longer than S3 allows, at the account', () => {
    const stack = new Stack(new App(), 'Catalog', { env: { account: '111111111111', region: 'ap-southeast-2' } });
    const source = { file: 'catalog.yaml', line: 8, col: 3 };
    const build = () =>
      new ProductAssetBucket(stack, 'ProductAssets', {
        catalog: { name: 'a-very-long-catalog-name-abcdef' } as Catalog,
        target: {
          account: { name: 'dev', id: '111111111111', regions: ['ap-southeast-2'], source },
          region: 'ap-southeast-2',
          portfolios: [],
          products: [],
        } as CatalogTarget,
        assets: [],
        launchRoles: [],
      });
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(ManifestError.is(error)).toBe(true);
    expect((error as ManifestError).diagnostics).toEqual([
      {
        ...source,
        code: 'INVALID_VALUE',
        message:
          "the product asset bucket of account 'dev' in ap-southeast-2 would be named " +
          "'a-very-long-catalog-name-abcdef-assets-111111111111-ap-southeast-2' (66 characters, S3 allows 63); " +
          'shorten catalog.name to at most 28 characters',
      },
    ]);
  });
});
