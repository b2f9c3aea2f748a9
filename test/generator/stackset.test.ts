/**
 * Organisation scale: portfolios that target organizational units are published
 * as ONE service-managed StackSet (auto-deployment on) of ONE environment-agnostic
 * member template, whose files live in organisation-readable buckets of the
 * management account, never in the members' CDK bootstrap resources.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { formatDiagnostic, ManifestError } from '../../src/model';
import { catalogRoot, cli, tempDir, validationDiagnostics, writeFiles } from '../helpers';
import { setWidgetSettings, setWidgetVersions, widgetCatalog, widgetCatalogYaml } from '../versions/widget-catalog';

const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, 'utf8'));
const synth = (root: string) => synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });

/** The formatted diagnostics a synth of `root` fails with. */
function problems(root: string): string[] {
  try {
    synth(root);
  } catch (error) {
    if (ManifestError.is(error)) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  return [];
}

/** The formatted diagnostics validate (loading and product classes, no synthesis) fails with. */
const cliProblems = (root: string): string[] => validationDiagnostics(root).map(formatDiagnostic);

const fileRole = (region: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::555555555555:role/cdk-hnb659fds-file-publishing-role-555555555555-${region}`]],
});

describe('the organisation StackSet of the publishing fixture', () => {
  let result: SynthesizedCatalog;
  let stackSet: Template;
  let member: any;
  beforeAll(() => {
    result = synth(catalogRoot('publishing'));
    stackSet = Template.fromJSON(readJson(path.join(result.outdir, 'Organization-StackSet.template.json')));
    member = readJson(path.join(result.outdir, 'organization.out/organization-member.template.json'));
  });

  test('is one service-managed StackSet in the management account, auto-deploying to accounts that join the units', () => {
    stackSet.resourceCountIs('AWS::CloudFormation::StackSet', 1);
    expect(Object.keys(stackSet.toJSON().Resources)).toEqual(['StackSet']);
    stackSet.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'test-catalog-organization',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'SELF',
      ManagedExecution: { Active: true },
      OperationPreferences: { RegionConcurrencyType: 'PARALLEL', MaxConcurrentPercentage: 50, FailureTolerancePercentage: 10 },
      Capabilities: Match.absent(),
    });
    expect(readJson(path.join(result.outdir, 'manifest.json')).artifacts['Organization-StackSet'].environment).toBe(
      'aws://555555555555/eu-west-1',
    );
  });

  test('targets organizational units, one group per set of portfolios, in every organisation region, leaving out the accounts published to by name', () => {
    const properties = Object.values(stackSet.findResources('AWS::CloudFormation::StackSet'))[0].Properties;
    const on = (key: string) => ({ ParameterKey: key, ParameterValue: 'true' });
    const regions = ['eu-west-1', 'eu-central-1'];
    // dev, staging and prod have catalog stacks of their own (portfolio hosting): the units' instances would
    // create the same TagOptions there. The tooling and management accounts are named but published to by no portfolio.
    const targets = (unit: string) => ({
      OrganizationalUnitIds: [unit],
      AccountFilterType: 'DIFFERENCE',
      Accounts: ['111111111111', '222222222222', '333333333333'],
    });
    expect(properties.StackInstancesGroup).toEqual([
      { DeploymentTargets: targets('ou-ab12-22222222'), Regions: regions, ParameterOverrides: [on('PublishSandbox'), on('PublishWorkloads')] },
      { DeploymentTargets: targets('ou-ab12-33333333'), Regions: regions, ParameterOverrides: [on('PublishSandbox')] },
      { DeploymentTargets: targets('ou-ab12-11111111'), Regions: regions, ParameterOverrides: [on('PublishWorkloads')] },
    ]);
    // Overrides may only set parameters the StackSet declares: every portfolio is off unless its units switch it on.
    expect(properties.Parameters).toEqual([
      { ParameterKey: 'PublishSandbox', ParameterValue: 'false' },
      { ParameterKey: 'PublishWorkloads', ParameterValue: 'false' },
    ]);
  });

  test("points at the member template in the organisation bucket of its own region, by the template's sha256", () => {
    const sha = crypto.createHash('sha256').update(fs.readFileSync(path.join(result.outdir, 'organization.out/organization-member.template.json'))).digest('hex');
    stackSet.hasResourceProperties('AWS::CloudFormation::StackSet', {
      TemplateURL: { 'Fn::Join': ['', ['https://test-catalog-org-555555555555-eu-west-1.s3.eu-west-1.', { Ref: 'AWS::URLSuffix' }, `/${sha}.json`]] },
    });
  });

  test('the member template is environment-agnostic and needs no CDK bootstrap in member accounts', () => {
    const text = JSON.stringify(member);
    expect(Object.keys(member.Parameters)).toEqual(['PublishSandbox', 'PublishWorkloads']);
    expect(member.Rules).toBeUndefined();
    expect(text).not.toContain('cdk-hnb659fds');
    expect(text).not.toContain('BootstrapVersion');
    // Account ids in it: the management account's, in the organisation bucket's name, and the catalog facts (the
    // catalog's named accounts by stage, the same in every member account); 'none' is a member account's own stage.
    const facts = Object.values<any>(member.Resources).filter((r) => r.Type === 'AWS::SSM::Parameter' && String(r.Properties.Name).includes('/catalog/'));
    const factIds = new Set(facts.flatMap((r) => String(r.Properties.Value).split(',')).filter((value) => /^\d{12}$/.test(value)));
    expect([...new Set(text.match(/\d{12}/g))].filter((id) => !factIds.has(id))).toEqual(['555555555555']);
    expect(facts.find((r) => r.Properties.Name.endsWith('/this-account/stage')).Properties.Value).toBe('none');
    expect(text).not.toMatch(/eu-west-1|eu-central-1/);
  });

  test('the member template holds the portfolios, products and constraints, principals by name or IAM_PATTERN', () => {
    const t = Template.fromJSON(member);
    t.resourceCountIs('AWS::ServiceCatalog::Portfolio', 2);
    t.resourceCountIs('AWS::ServiceCatalog::CloudFormationProduct', 2);
    t.hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', {
      ReplaceProvisioningArtifacts: false,
      ProvisioningArtifactParameters: [
        Match.objectLike({
          Name: '1.0.0',
          Info: {
            LoadTemplateFromURL: {
              'Fn::Sub': Match.stringLikeRegexp(
                '^https://test-catalog-org-555555555555-\\$\\{AWS::Region\\}\\.s3\\.\\$\\{AWS::Region\\}\\.\\$\\{AWS::URLSuffix\\}/[0-9a-f]{64}\\.json$',
              ),
            },
          },
        }),
      ],
    });
    t.hasResourceProperties('AWS::ServiceCatalog::PortfolioPrincipalAssociation', {
      PrincipalType: 'IAM',
      PrincipalARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/MLEngineer']] },
    });
    t.hasResourceProperties('AWS::ServiceCatalog::PortfolioPrincipalAssociation', {
      PrincipalType: 'IAM_PATTERN',
      PrincipalARN: 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Sandbox_*',
    });
    t.hasResourceProperties('AWS::ServiceCatalog::LaunchRoleConstraint', { LocalRoleName: 'SCLaunchSandbox' });
    t.hasResourceProperties('AWS::ServiceCatalog::LaunchRoleConstraint', { LocalRoleName: 'SCLaunchEndpoint' });
  });

  test('each portfolio exists only where its parameter is true; shared products and TagOptions where any user is', () => {
    const conditionOf = (type: string, match: (r: any) => boolean) =>
      Object.values(member.Resources as Record<string, any>).filter((r) => r.Type === type && match(r)).map((r) => r.Condition);
    expect(conditionOf('AWS::ServiceCatalog::Portfolio', (r) => r.Properties.DisplayName === 'Sandbox')).toEqual(['PortfolioSandboxPublished']);
    expect(conditionOf('AWS::ServiceCatalog::LaunchRoleConstraint', (r) => r.Properties.LocalRoleName === 'SCLaunchEndpoint')).toEqual([
      'PortfolioWorkloadsPublished',
    ]);
    expect(conditionOf('AWS::ServiceCatalog::CloudFormationProduct', (r) => r.Properties.Name === 'Endpoint')).toEqual(['PortfolioWorkloadsPublished']);
    expect(conditionOf('AWS::ServiceCatalog::CloudFormationProduct', (r) => r.Properties.Name === 'Environment')).toEqual([
      'SandboxOrWorkloadsPublished',
    ]);
    expect(conditionOf('AWS::ServiceCatalog::TagOption', (r) => r.Properties.Value === 'cc-1')).toEqual(['SandboxOrWorkloadsPublished']);
    expect(conditionOf('AWS::ServiceCatalog::TagOption', (r) => r.Properties.Value === 'cc-9')).toEqual(['PortfolioSandboxPublished']);
    expect(member.Conditions.PortfolioSandboxPublished).toEqual({ 'Fn::Equals': [{ Ref: 'PublishSandbox' }, 'true'] });
    expect(member.Conditions.SandboxOrWorkloadsPublished).toEqual({
      'Fn::Or': [{ Condition: 'PortfolioSandboxPublished' }, { Condition: 'PortfolioWorkloadsPublished' }],
    });
    // Nothing that always exists refers to something that may not.
    expect(unconditionalReferencesToConditional(member)).toEqual([]);
  });

  test("publishes every file the member template refers to into every organisation region's bucket, with the admin account's publishing role", () => {
    const manifest = readJson(path.join(result.outdir, 'Organization-StackSet.assets.json'));
    const referenced = [...JSON.stringify(member).matchAll(/\/([0-9a-f]{64}\.json)/g)].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThan(0);
    for (const key of referenced) {
      const publishes = (f: any) => Object.values(f.destinations).some((d: any) => d.objectKey === key);
      const asset = Object.values(manifest.files as Record<string, any>).find(publishes) as any;
      expect(Object.values(asset.destinations).map((d: any) => [d.bucketName, d.objectKey, d.region, d.assumeRoleArn]).sort()).toEqual(
        [
          ['test-catalog-org-555555555555-eu-central-1', key, 'eu-central-1', 'arn:${AWS::Partition}:iam::555555555555:role/cdk-hnb659fds-file-publishing-role-555555555555-eu-central-1'],
          ['test-catalog-org-555555555555-eu-west-1', key, 'eu-west-1', 'arn:${AWS::Partition}:iam::555555555555:role/cdk-hnb659fds-file-publishing-role-555555555555-eu-west-1'],
        ],
      );
      // The bytes published are a product template itself.
      const published = fs.readFileSync(path.join(result.outdir, asset.source.path));
      const templates = [...result.versions.values()].flat().map((v) => fs.readFileSync(v.templateFile));
      expect(templates.filter((bytes) => bytes.equals(published))).toHaveLength(1);
    }
  });

  test('each region has a KMS-encrypted, versioned bucket the organisation (and only it) may read, and nobody may delete from', () => {
    for (const region of ['eu-west-1', 'eu-central-1']) {
      const t = Template.fromJSON(readJson(path.join(result.outdir, `Organization-Templates-${region}.template.json`)));
      t.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: `test-catalog-org-555555555555-${region}`,
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      const statements = Object.values(t.findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
      const sid = (name: string) => statements.find((s: any) => s.Sid === name);
      expect(sid('OrganizationReadsTemplates')).toMatchObject({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      });
      expect(sid('CdkFilePublishingRoleWrites')).toMatchObject({ Effect: 'Allow', Principal: { AWS: fileRole(region) } });
      expect(sid('PublishedTemplatesAreNeverDeleted')).toMatchObject({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      });
      // The other statements deny plain HTTP and TLS older than 1.2.
      expect(statements.filter((s: any) => !s.Sid).map((s: any) => [s.Effect, s.Condition])).toEqual([
        ['Deny', { Bool: { 'aws:SecureTransport': 'false' } }],
        ['Deny', { NumericLessThan: { 's3:TlsVersion': 1.2 } }],
      ]);

      const keyStatements = Object.values(t.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
      expect(keyStatements.find((s: any) => s.Sid === 'OrganizationDecryptsThroughS3')).toEqual({
        Sid: 'OrganizationDecryptsThroughS3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      });
      t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    }
  });

  test('the StackSet stack deploys after every region bucket it publishes into', () => {
    expect(readJson(path.join(result.outdir, 'manifest.json')).artifacts['Organization-StackSet'].dependencies).toEqual(
      expect.arrayContaining(['Organization-Templates-eu-west-1', 'Organization-Templates-eu-central-1']),
    );
  });
});

/** Resources without a Condition that Ref, GetAtt or DependsOn a resource with one: CloudFormation rejects those. */
function unconditionalReferencesToConditional(template: any): string[] {
  const resources = template.Resources as Record<string, any>;
  const conditional = new Set(Object.keys(resources).filter((id) => resources[id].Condition));
  const referencesOf = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.flatMap(referencesOf);
    if (value === null || typeof value !== 'object') return [];
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') return [object.Ref];
    if (Array.isArray(object['Fn::GetAtt'])) return [String(object['Fn::GetAtt'][0])];
    return Object.values(object).flatMap(referencesOf);
  };
  return Object.entries(resources)
    .filter(([, r]) => !r.Condition)
    .flatMap(([id, r]) => [...referencesOf(r.Properties), ...[r.DependsOn ?? []].flat()].filter((ref) => conditional.has(ref)).map((ref) => `${id} -> ${ref}`));
}

/** The widget catalog (test/versions) with its portfolio moved to organizational units. */
function organizationWidgetCatalog(root: string, versions: Parameters<typeof widgetCatalogYaml>[0]): void {
  writeFiles(root, {
    'catalog.yaml': `${widgetCatalogYaml(versions)}organization:\n  id: o-a1b2c3d4e5\n  account: prod\n  delegatedAdmin: true\n  regions: [eu-west-1]\n`,
    'portfolios/widgets.yaml': [
      'id: widgets',
      'displayName: Widgets',
      'providerName: Platform',
      'organizationalUnits: [ou-ab12-11111111]',
      'principals:',
      '  roles: [Builder]',
      'products:',
      '  - id: widget',
      '    launchRole: SCLaunchWidget',
      '',
    ].join('\n'),
  });
}

describe('organisation StackSet of a catalog whose portfolios all target organizational units', () => {
  test('has no catalog stack, and a delegated administrator administers the StackSet', () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    organizationWidgetCatalog(root, [{ name: '1.0.0' }]);
    const result = synth(root);
    const artifacts = Object.entries(readJson(path.join(result.outdir, 'manifest.json')).artifacts as Record<string, any>);
    expect(artifacts.filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id]) => id)).toEqual([
      'Organization-Templates-eu-west-1',
      'Organization-StackSet',
    ]);
    Template.fromJSON(readJson(path.join(result.outdir, 'Organization-StackSet.template.json'))).hasResourceProperties(
      'AWS::CloudFormation::StackSet',
      { CallAs: 'DELEGATED_ADMIN', StackInstancesGroup: [Match.objectLike({ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-11111111'] } })] },
    );
    // No account is published to by name, so no account is left out of the units.
    const stackSet = Object.values(readJson(path.join(result.outdir, 'Organization-StackSet.template.json')).Resources as Record<string, any>)[0];
    expect(stackSet.Properties.StackInstancesGroup.map((g: any) => g.DeploymentTargets)).toEqual([{ OrganizationalUnitIds: ['ou-ab12-11111111'] }]);
  });

  test('a deprecated version brings its status custom resource: its code is published to the organisation buckets and the StackSet acknowledges CAPABILITY_IAM', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    expect((await cli(root, 'release', 'widget', '1.0.0')).code).toBe(0);
    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0', status: 'deprecated' }, { name: '1.1.0' }]);
    organizationWidgetCatalog(root, [{ name: '1.0.0', status: 'deprecated' }, { name: '1.1.0' }]);
    const result = synth(root);

    const member = readJson(path.join(result.outdir, 'organization.out/organization-member.template.json'));
    const functions = Object.values(member.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    const codeKeys = functions.map((f) => f.Properties.Code.S3Key);
    expect(functions.map((f) => f.Properties.Code.S3Bucket)).toEqual(functions.map(() => ({ 'Fn::Sub': 'widget-catalog-org-333333333333-${AWS::Region}' })));
    expect(unconditionalReferencesToConditional(member)).toEqual([]);

    const manifest = readJson(path.join(result.outdir, 'Organization-StackSet.assets.json'));
    const published = Object.values(manifest.files as Record<string, any>).flatMap((f) => Object.values(f.destinations).map((d: any) => d.objectKey));
    for (const key of codeKeys) expect(published).toContain(key);
    Template.fromJSON(readJson(path.join(result.outdir, 'Organization-StackSet.template.json'))).hasResourceProperties(
      'AWS::CloudFormation::StackSet',
      { Capabilities: ['CAPABILITY_IAM'] },
    );
  });
});

describe('the organisation example of docs/operators.md, with the environment offered to the units too', () => {
  test('the root and the OU reach every account but dev, staging and prod, which have the same TagOptions from their catalog stacks', () => {
    const root = catalogRoot('organization-readme');
    const file = path.join(root, 'portfolios/workloads.yaml');
    writeFiles(root, {
      'portfolios/workloads.yaml': fs
        .readFileSync(file, 'utf8')
        .replace('tagOptions:', '  - id: data-science-environment\n    launchRole: SCLaunch-DataScienceEnvironment\ntagOptions:'),
    });
    const result = synth(root);
    const stackSet = Object.values(readJson(path.join(result.outdir, 'Organization-StackSet.template.json')).Resources as Record<string, any>)[0];
    expect(stackSet.Properties.StackInstancesGroup).toEqual([
      expect.objectContaining({
        DeploymentTargets: {
          OrganizationalUnitIds: ['ou-ab12-11111111', 'r-ab12'],
          AccountFilterType: 'DIFFERENCE',
          Accounts: ['111111111111', '222222222222', '333333333333'],
        },
        Regions: ['eu-west-1', 'eu-central-1'],
      }),
    ]);
    // The named accounts do have the TagOptions the units' template would create again.
    const named = Template.fromJSON(readJson(path.join(result.outdir, 'prod-eu-west-1.template.json')));
    const member = Template.fromJSON(readJson(path.join(result.outdir, 'organization.out/organization-member.template.json')));
    for (const t of [named, member]) t.hasResourceProperties('AWS::ServiceCatalog::TagOption', { Key: 'cost-center', Value: 'cc-1001' });
  });
});

describe('organisation manifest errors', () => {
  test('fails at synth on what the templates read, whatever a product declares', () => {
    // A product whose class declares nothing but whose template reads the VPC id: validate trusts the declaration, synth does not.
    const root = widgetCatalog([{ name: '1.0.0' }]);
    organizationWidgetCatalog(root, [{ name: '1.0.0' }]);
    const source = fs.readFileSync(path.join(root, 'products/widget/index.ts'), 'utf8');
    writeFiles(root, { 'products/widget/index.ts': source.replace(/super\(scope, id, props\);/, "$&\n    new ssm.CfnParameter(this, 'Vpc', { type: 'String', value: this.shared.vpcId });") });
    expect(fs.readFileSync(path.join(root, 'products/widget/index.ts'), 'utf8')).toContain('value: this.shared.vpcId');
    expect(cliProblems(root)).toEqual([]);
    const found = problems(root);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^portfolios\/widgets\.yaml:8:5: product 'widget' reads SSM parameters that no product offered to ou-ab12-11111111 publishes: \/mlops\/team-a\/network\/vpc-id;/);
  });

  test('fails on a product with file assets in a portfolio that targets organizational units', () => {
    const root = widgetCatalog([{ name: '1.0.0' }], { value: 'a', asset: 'seed code' });
    organizationWidgetCatalog(root, [{ name: '1.0.0' }]);
    expect(problems(root)).toEqual([
      "portfolios/widgets.yaml:8:5: product 'widget' (version '1.0.0') ships file assets, read from the per-account bucket " +
        'widget-catalog-assets-${AWS::AccountId}-${AWS::Region}, which accounts reached through organizational units do not have; ' +
        "offer it in a portfolio published to named 'accounts' instead of 'organizationalUnits' (ou-ab12-11111111)",
    ]);
  });

  test('fails on malformed organizational unit, root and organization ids', () => {
    const root = catalogRoot('publishing');
    const edit = (file: string, from: string, to: string) =>
      writeFiles(root, { [file]: fs.readFileSync(path.join(root, file), 'utf8').replace(from, to) });
    edit('portfolios/workloads.yaml', 'ou-ab12-11111111', 'ou-AB12-1');
    edit('portfolios/sandbox.yaml', 'ou-ab12-33333333', 'root');
    edit('catalog.yaml', 'o-a1b2c3d4e5', 'o-123');
    expect(problems(root)).toEqual([
      "catalog.yaml:33:7: 'id' must be an AWS Organizations id such as 'o-a1b2c3d4e5', got 'o-123'",
      "portfolios/sandbox.yaml:5:41: 'organizationalUnits[1]' must be an organizational unit id such as 'ou-ab12-cd34ef56' or a root id such as 'r-ab12', got 'root'",
      "portfolios/workloads.yaml:5:23: 'organizationalUnits[0]' must be an organizational unit id such as 'ou-ab12-cd34ef56' or a root id such as 'r-ab12', got 'ou-AB12-1'",
    ]);
  });

  test('fails on organizational units without an organization to publish them from, and on a portfolio published nowhere', () => {
    const root = catalogRoot('publishing');
    const text = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
    writeFiles(root, {
      'catalog.yaml': text.replace(/organization:\n(  .*\n)+/, ''),
      'portfolios/empty.yaml': 'id: empty\ndisplayName: Empty\nproviderName: Platform\nprincipals: {}\nproducts:\n  - id: sagemaker-endpoint\n    launchRole: SCLaunch\n',
    });
    expect(problems(root)).toEqual([
      "portfolios/empty.yaml:1:5: portfolio 'empty' is published nowhere: list 'accounts' (names from catalog.yaml), 'organizationalUnits' (ou-... or r-... ids), or both",
      "portfolios/sandbox.yaml:5:1: portfolio 'sandbox' targets organizational units, but catalog.yaml has no 'organization' section; add one with the organization 'id', the management (or delegated administrator) 'account' and the 'regions'",
      "portfolios/workloads.yaml:5:1: portfolio 'workloads' targets organizational units, but catalog.yaml has no 'organization' section; add one with the organization 'id', the management (or delegated administrator) 'account' and the 'regions'",
    ]);
  });

  test('fails on an organization account that catalog.yaml does not list', () => {
    const root = catalogRoot('publishing');
    writeFiles(root, { 'catalog.yaml': fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8').replace('account: management', 'account: managment') });
    expect(problems(root)).toEqual(["catalog.yaml:34:12: unknown organization account 'managment', did you mean 'management'?"]);
  });
});
