/**
 * How the catalog stack makes the factory's launch roles (src/generator/launch-roles.ts),
 * on copies of the shipped catalog: one per product a portfolio offers without a
 * launch role of its own, named per account and region, referenced by its launch
 * constraints, which wait for it, as does the asset bucket naming it; a role the
 * manifest names (a portfolio's, or catalog.yaml's for SageMaker projects) is kept
 * and no role is made for it; the policies fit IAM's quotas at the longest values;
 * products released stay byte-identical (the roles live in the catalog stack only).
 * In the organisation's member template each role carries its product's condition.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CatalogStack } from '../../src/generator/catalog-stack';
import { launchRolePolicy, namePattern } from '../../src/generator/launch-role-policy';
import { synthesizeOrganizationMemberTemplate } from '../../src/generator/organization-member-template';
import { loadCatalog } from '../../src/manifest';
import { type Catalog, catalogTargets, factoryLaunchRoleName } from '../../src/model';
import { checkTemplateQuotas, measurePolicies } from '../../src/secure/quotas';
import { REPO_ROOT, tempDir } from '../helpers';
import { shippedVersions } from '../secure/shipped-versions';

type Json = any;

/** A copy of the shipped catalog (its products linked, not copied), with `edits` applied: file -> [from, to]. */
function shippedCopy(edits: Record<string, [string, string][]> = {}): string {
  const root = tempDir('launch-roles-');
  fs.copyFileSync(path.join(REPO_ROOT, 'catalog.yaml'), path.join(root, 'catalog.yaml'));
  fs.cpSync(path.join(REPO_ROOT, 'portfolios'), path.join(root, 'portfolios'), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'products'), path.join(root, 'products'));
  for (const [file, replacements] of Object.entries(edits)) {
    let text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [from, to] of replacements) {
      if (!text.includes(from)) throw new Error(`${file} has no '${from}'`);
      text = text.replace(from, to);
    }
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** The catalog stack templates of a catalog, by stack id. */
function catalogStacks(catalog: Catalog): Map<string, Json> {
  const versions = shippedVersions(catalog);
  const app = new App({ outdir: tempDir() });
  const stacks = catalogTargets(catalog).map((target) => new CatalogStack(app, { catalog, target, versions }));
  return new Map(stacks.map((stack) => [stack.node.id, Template.fromStack(stack).toJSON()]));
}

const resources = (template: Json, type: string): [string, Json][] => Object.entries<Json>(template.Resources).filter(([, r]) => r.Type === type);
const roleNames = (template: Json) => resources(template, 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName).filter((n) => typeof n === 'string').sort();
const constraints = (template: Json) => resources(template, 'AWS::ServiceCatalog::LaunchRoleConstraint').map(([id, r]) => ({ id, ...r }));

describe('launch roles of the shipped catalog', () => {
  const catalog = loadCatalog(REPO_ROOT);
  const stacks = catalogStacks(catalog);
  const dev = stacks.get('dev-eu-west-1')!;

  test('one role per product in each account and region, named <catalog>-<product>-<region>, trusted by Service Catalog only', () => {
    const expected = (stack: string, products: string[]) => [stack, products.map((p) => factoryLaunchRoleName(catalog.name, p, 'eu-west-1')).sort()];
    const made = [...stacks].map(([id, template]) => [id, roleNames(template).filter((n: string) => n.startsWith(`${catalog.name}-`))]);
    expect(made).toEqual([
      expected('dev-eu-west-1', ['sagemaker-endpoint', 'data-science-environment', 'environment-monitoring', 'sagemaker-project-build-train', 'sagemaker-project-deploy']),
      expected('staging-eu-west-1', ['sagemaker-endpoint', 'model-deployment-baseline', 'deployment-monitoring']),
      expected('prod-eu-west-1', ['sagemaker-endpoint', 'model-deployment-baseline', 'deployment-monitoring']),
    ]);
    for (const [, role] of resources(dev, 'AWS::IAM::Role').filter(([id]) => id.startsWith('LaunchRoles'))) {
      expect(role.Properties.RoleName.length).toBeLessThanOrEqual(64);
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'servicecatalog.amazonaws.com' } },
      ]);
    }
  });

  test('every launch constraint names its factory role and waits for it and its policies; so does the asset bucket', () => {
    const roles = new Map(resources(dev, 'AWS::IAM::Role').map(([id, r]) => [r.Properties.RoleName, id]));
    for (const constraint of constraints(dev)) {
      const roleId = roles.get(constraint.Properties.LocalRoleName);
      expect({ constraint: constraint.id, role: roleId !== undefined }).toEqual({ constraint: constraint.id, role: true });
      const policies = dev.Resources[roleId!].Properties.ManagedPolicyArns.map((arn: Json) => arn.Ref);
      expect(constraint.DependsOn).toEqual(expect.arrayContaining([roleId, ...policies]));
    }
    const [bucketPolicyId, bucketPolicy] = resources(dev, 'AWS::S3::BucketPolicy').find(([id]) => id.startsWith('ProductAssets'))!;
    const assetReaders = JSON.stringify(bucketPolicy.Properties.PolicyDocument);
    for (const product of ['sagemaker-project-build-train', 'sagemaker-project-deploy']) {
      const name = factoryLaunchRoleName(catalog.name, product, 'eu-west-1');
      expect(assetReaders).toContain(`:iam::111111111111:role/${name}`);
      const dependsOn = dev.Resources[bucketPolicyId].DependsOn;
      expect({ bucketPolicyId, dependsOn }).toEqual({ bucketPolicyId, dependsOn: expect.arrayContaining([roles.get(name)]) });
    }
  });

  test('the launch role policies fit IAM quotas at the longest launch values (managed policy 6,144 characters, 10 per role)', () => {
    for (const [id, template] of stacks) {
      const text = JSON.stringify(template);
      const findings = checkTemplateQuotas(text).filter((v) => v.logicalId?.startsWith('LaunchRoles'));
      expect({ id, findings }).toEqual({ id, findings: [] });
      const sizes = measurePolicies(template).filter((m) => m.logicalId.startsWith('LaunchRoles') && m.check === 'IamManagedPolicySize');
      expect(sizes.length).toBeGreaterThan(0);
      for (const size of sizes) {
        const { logicalId: policy, unbounded } = size;
        expect({ policy, fits: size.length <= size.limit, unbounded }).toEqual({ policy, fits: true, unbounded: [] });
      }
    }
  });

  test('the roles live in the catalog stacks only: no product template names them', () => {
    for (const product of catalog.products) {
      const folder = path.join(REPO_ROOT, product.directory, 'versions');
      for (const version of fs.readdirSync(folder)) {
        expect(fs.readFileSync(path.join(folder, version, 'template.json'), 'utf8')).not.toContain(`${catalog.name}-${product.id}-`);
      }
    }
  });
});

describe('bring your own launch role', () => {
  const root = shippedCopy({
    'portfolios/ml-hosting.yaml': [['  - id: sagemaker-endpoint\n', '  - id: sagemaker-endpoint\n    launchRole: SCLaunch-SageMakerEndpoint\n']],
    'catalog.yaml': [['    - ds-team-studio-execution\n', '    - ds-team-studio-execution\n  launchRole: service-role/AmazonSageMakerServiceCatalogProductsLaunchRole\n']],
  });
  const catalog = loadCatalog(root);
  const stacks = catalogStacks(catalog);
  const dev = stacks.get('dev-eu-west-1')!;

  test("a portfolio's own launchRole is kept, by name, and no role is made for the product", () => {
    for (const [, template] of stacks) {
      expect(constraints(template).filter((c) => c.Properties.LocalRoleName === 'SCLaunch-SageMakerEndpoint')).toHaveLength(1);
      expect(roleNames(template)).not.toContain(factoryLaunchRoleName(catalog.name, 'sagemaker-endpoint', 'eu-west-1'));
    }
  });

  test("catalog.yaml's SageMaker launch role is kept for the project templates, by ARN (it has a path)", () => {
    const projectConstraints = constraints(dev).filter((c) => JSON.stringify(c.Properties.ProductId).includes('sagemakerproject'));
    expect(projectConstraints).toHaveLength(2);
    for (const c of projectConstraints) {
      expect(c.Properties).toMatchObject({
        RoleArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/service-role/AmazonSageMakerServiceCatalogProductsLaunchRole']] },
      });
      expect(c.Properties.LocalRoleName).toBeUndefined();
    }
    expect(roleNames(dev).filter((n: string) => n.includes('sagemaker-project'))).toEqual([]);
  });

  test('the other products keep their factory roles', () => {
    expect(roleNames(dev)).toEqual(
      expect.arrayContaining(['data-science-environment', 'environment-monitoring'].map((p) => factoryLaunchRoleName(catalog.name, p, 'eu-west-1'))),
    );
  });
});

describe("the organisation's member template", () => {
  test('each launch role exists in a member account exactly when its product does', () => {
    const root = shippedCopy({
      'catalog.yaml': [['\naccounts:\n', '\norganization:\n  id: o-a1b2c3d4e5\n  account: tooling\n  regions: [eu-west-1]\n\naccounts:\n']],
      'portfolios/ml-hosting.yaml': [['accounts: [dev, staging, prod]\n', 'accounts: [dev, staging, prod]\norganizationalUnits: [ou-ab12-cdefgh34]\n']],
      // (the endpoint reads the parameters the baseline publishes)
      'portfolios/model-deployment.yaml': [['accounts: [staging, prod]\n', 'accounts: [staging, prod]\norganizationalUnits: [ou-ab12-cdefgh34]\n']],
    });
    const catalog = loadCatalog(root);
    const member = synthesizeOrganizationMemberTemplate(catalog, shippedVersions(catalog), tempDir())!;
    const template = JSON.parse(fs.readFileSync(member.templateFile, 'utf8'));
    const launchRole = resources(template, 'AWS::IAM::Role').filter(([id]) => id.startsWith('LaunchRolessagemakerendpoint'));
    expect(launchRole).toHaveLength(1);
    expect(launchRole[0][1].Properties.RoleName).toEqual({ 'Fn::Join': ['', [`${catalog.name}-sagemaker-endpoint-`, { Ref: 'AWS::Region' }]] });
    const products = resources(template, 'AWS::ServiceCatalog::CloudFormationProduct');
    expect(products.length).toBe(3);
    for (const [productId, product] of products) {
      const scope = `LaunchRoles${productId.replace(/^Products/, '').replace(/[A-F0-9]{8}$/, '')}`;
      const own = Object.entries<Json>(template.Resources).filter(([id]) => id.startsWith(scope));
      expect({ productId, parts: own.length >= 2 }).toEqual({ productId, parts: true });
      for (const [id, resource] of own) expect({ id, condition: resource.Condition }).toEqual({ id, condition: product.Condition });
    }
    expect(member.capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
  });
});

describe('what the roles are derived from', () => {
  const catalog = loadCatalog(REPO_ROOT);

  test('a resource type the permissions table does not know fails at the product in catalog.yaml', () => {
    const versions = new Map(shippedVersions(catalog));
    const [first, ...rest] = versions.get('sagemaker-endpoint')!;
    const unknown = { ...first, template: { ...(first.template as Json), Resources: { Thing: { Type: 'AWS::Foo::Bar', Properties: {} } } } };
    versions.set('sagemaker-endpoint', [unknown, ...rest]);
    const { policy, diagnostics } = launchRolePolicy(catalog, 'sagemaker-endpoint', versions);
    expect(policy).toBeUndefined();
    const product = catalog.products.find((p) => p.id === 'sagemaker-endpoint')!;
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['INVALID_VALUE', product.source.file, product.source.line]]);
    expect(diagnostics[0].message).toContain('AWS::Foo::Bar');
  });

  test('role names fit IAM in the longest region, however long the catalog and product names', () => {
    const name = factoryLaunchRoleName('a-catalog-with-a-rather-long-name', 'a-product-whose-id-is-long-too', 'us-isof-south-1');
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).not.toBe(factoryLaunchRoleName('a-catalog-with-a-rather-long-name', 'a-product-whose-id-is-long-tooo', 'us-isof-south-1'));
    expect(factoryLaunchRoleName('mlops-catalog', 'sagemaker-endpoint', 'eu-west-1')).toBe('mlops-catalog-sagemaker-endpoint-eu-west-1');
  });

  test('names the templates give become IAM patterns: literals kept, pseudo parameters placeholders, launch values wildcards', () => {
    expect(namePattern({ 'Fn::Join': ['', ['sagemaker-project-', { Ref: 'SageMakerProjectId' }, '-build-', { Ref: 'AWS::AccountId' }]] })).toBe(
      'sagemaker-project-*-build-{{account}}',
    );
    expect(namePattern({ 'Fn::Sub': ['alias/${Prefix}/data', { Prefix: { 'Fn::Join': ['-', [{ Ref: 'A' }, { Ref: 'B' }]] } }] })).toBe('alias/*-*/data');
    expect(namePattern({ 'Fn::GetAtt': ['X', 'Arn'] })).toBe('*');
  });
});
