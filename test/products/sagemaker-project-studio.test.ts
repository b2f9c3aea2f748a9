/**
 * `kind: sagemaker-project` makes a product a SageMaker project template Studio
 * users see: the product tag sagemaker:studio-visibility=true, the factory's
 * launch role unless catalog.yaml or the portfolio names another, the Studio
 * execution roles (named in catalog.yaml) among the principals of every
 * portfolio offering it; and validation that rejects a project product Studio
 * could not launch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { loadCatalog } from '../../src/manifest';
import { formatDiagnostic, ManifestError } from '../../src/model';
import { catalogRoot, REPO_ROOT, tempDir, writeFiles } from '../helpers';

const product = (className: string, body: string[]) =>
  [
    `import * as ssm from '${REPO_ROOT}/node_modules/aws-cdk-lib/aws-ssm';`,
    `import { addSageMakerProjectParameters } from '${REPO_ROOT}/src/sagemaker-projects';`,
    `import { SecureProductStack } from '${REPO_ROOT}/src/secure/secure-product-stack';`,
    `export class ${className} extends SecureProductStack {`,
    '  constructor(scope: any, id: string, props: any) {',
    '    super(scope, id, props);',
    ...body,
    '  }',
    '}',
    '',
  ].join('\n');

const PROJECT = product('TinyProjectProduct', [
  '    const project = addSageMakerProjectParameters(this);',
  "    new ssm.CfnParameter(this, 'Name', { type: 'String', value: project.name });",
]);
const PROJECT_WITHOUT_ID = product('TinyProjectProduct', [
  "    const name = this.addParameter('SageMakerProjectName', { type: 'String', label: 'Name', group: 'Project' });",
  "    new ssm.CfnParameter(this, 'Name', { type: 'String', value: name.valueAsString });",
]);
const TOOL = product('TinyToolProduct', ["    new ssm.CfnParameter(this, 'Setting', { type: 'String', value: 'on' });"]);

function studioRoot(files: Record<string, string> = {}): string {
  const root = catalogRoot('sagemaker-project-studio');
  writeFiles(root, { 'products/tiny-project/index.ts': PROJECT, 'products/tiny-tool/index.ts': TOOL, ...files });
  return root;
}

function edit(root: string, file: string, from: string, to: string): void {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no '${from}'`);
  fs.writeFileSync(full, text.replace(from, to));
}

function problems(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (ManifestError.is(error)) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  return [];
}

function devStack(result: SynthesizedCatalog): Template {
  return Template.fromJSON(JSON.parse(fs.readFileSync(result.stacks.find((s) => s.id === 'dev-eu-west-1')!.templateFile, 'utf8')));
}

const account = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::111111111111:${rest}`]] });

describe('SageMaker project templates in Studio', () => {
  let result: SynthesizedCatalog;
  beforeAll(() => {
    result = synthesizeCatalog({ root: studioRoot(), outdir: path.join(tempDir(), 'cdk.out') });
  });

  test('a project product carries sagemaker:studio-visibility=true; a standard one does not', () => {
    const products = devStack(result).findResources('AWS::ServiceCatalog::CloudFormationProduct');
    const tags = (prefix: string) => {
      const [, resource] = Object.entries(products).find(([id]) => id.startsWith(prefix))!;
      return Object.fromEntries((resource.Properties.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
    };
    expect(tags('Productsproject')['sagemaker:studio-visibility']).toBe('true');
    expect(tags('Productstool')['sagemaker:studio-visibility']).toBeUndefined();
  });

  test("a project product is launched with the factory's launch role unless catalog.yaml or the portfolio names one", () => {
    const constraints = Object.values(devStack(result).findResources('AWS::ServiceCatalog::LaunchRoleConstraint')).map((c) => c.Properties);
    expect(constraints).toContainEqual(
      expect.objectContaining({ LocalRoleName: 'studio-catalog-project-eu-west-1', ProductId: { Ref: expect.stringMatching(/^Productsproject/) } }),
    );
    devStack(result).hasResourceProperties('AWS::IAM::Role', { RoleName: 'studio-catalog-project-eu-west-1' });
    expect(constraints.filter((c) => c.LocalRoleName === 'SCLaunchTool')).toHaveLength(2);
  });

  test('the portfolio offering a project product admits the Studio execution roles, by name and pattern; others do not', () => {
    const associations = Object.values(devStack(result).findResources('AWS::ServiceCatalog::PortfolioPrincipalAssociation')).map((a) => a.Properties);
    const of = (portfolio: string) => associations.filter((a) => JSON.stringify(a.PortfolioId).includes(portfolio)).map((a) => a.PrincipalARN);
    expect(of('Portfoliosprojects')).toEqual(
      expect.arrayContaining([account('role/DataScientist'), account('role/service-role/StudioExecution'), 'arn:aws:iam:::role/studio/*']),
    );
    expect(of('Portfoliosprojects')).toHaveLength(3);
    expect(of('Portfoliostools')).toEqual([account('role/Engineer')]);
  });

  test('catalog.yaml may name another launch role for project products, and a portfolio entry may override it', () => {
    const root = studioRoot();
    edit(root, 'catalog.yaml', '  studioExecutionRoles:', '  launchRole: SCLaunch-Projects\n  studioExecutionRoles:');
    const catalog = loadCatalog(root);
    const entry = (portfolio: string, id: string) => catalog.portfolios.find((p) => p.id === portfolio)!.products.find((p) => p.id === id)!;
    expect(entry('projects', 'project').launchRole).toBe('SCLaunch-Projects');
    edit(root, 'portfolios/projects.yaml', '  - id: project\n', '  - id: project\n    launchRole: SCLaunch-Special\n');
    expect(loadCatalog(root).portfolios.find((p) => p.id === 'projects')!.products[0].launchRole).toBe('SCLaunch-Special');
  });

  test("a standard product without a launch role is launched with the factory's (test/secure/launch-roles.test.ts)", () => {
    const root = studioRoot();
    edit(root, 'portfolios/tools.yaml', '    launchRole: SCLaunchTool\n', '');
    expect(loadCatalog(root).portfolios.find((p) => p.id === 'tools')!.products[0].launchRole).toBeUndefined();
  });

  test('fails on a project product offered without a Studio execution role named in catalog.yaml, at its kind', () => {
    const root = studioRoot();
    edit(root, 'catalog.yaml', '  studioExecutionRoles: [service-role/StudioExecution]\n  studioExecutionRolePatterns: ["arn:aws:iam:::role/studio/*"]\n', '  launchRole: SCLaunch-Projects\n');
    expect(problems(() => loadCatalog(root))).toEqual([
      "catalog.yaml:19:11: product 'project' is a SageMaker project template, but catalog.yaml names no Studio execution role, so " +
        "no Studio user would see it; add 'sagemakerProjects: { studioExecutionRoles: [<role name>] }' (or studioExecutionRolePatterns) to catalog.yaml",
    ]);
  });

  test('fails on a Studio execution role given as an ARN, still knowing which products are projects', () => {
    const root = studioRoot();
    edit(root, 'catalog.yaml', '[service-role/StudioExecution]', '["arn:aws:iam::111111111111:role/StudioExecution"]');
    expect(problems(() => loadCatalog(root))).toEqual([
      "catalog.yaml:38:26: 'studioExecutionRoles[0]' must be an IAM role name such as 'DataScientist' or 'service-role/MyRole' (not an ARN), got 'arn:aws:iam::111111111111:role/StudioExecution'",
    ]);
  });

  test('fails synth on a project product whose template lacks a parameter SageMaker passes, at the product in catalog.yaml', () => {
    const root = studioRoot({ 'products/tiny-project/index.ts': PROJECT_WITHOUT_ID });
    const out = path.join(tempDir(), 'cdk.out');
    expect(problems(() => synthesizeCatalog({ root, outdir: out }))).toEqual([
      "catalog.yaml:17:3: product 'project' is a SageMaker project template (kind: sagemaker-project), but " +
        "products/tiny-project/index.ts has no String parameter 'SageMakerProjectId'; SageMaker passes SageMakerProjectName and " +
        "SageMakerProjectId on every project launch: add them (addSageMakerProjectParameters in src/sagemaker-projects), or remove 'kind: sagemaker-project'",
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('the shipped catalog', () => {
  const catalog = loadCatalog(REPO_ROOT);

  test('offers both project templates in a dev portfolio Studio users see, and the baseline in staging and prod', () => {
    const projects = catalog.portfolios.find((p) => p.id === 'sagemaker-projects')!;
    expect(projects.accounts).toEqual(['dev']);
    expect(projects.products.map((p) => p.id)).toEqual(['sagemaker-project-build-train', 'sagemaker-project-deploy']);
    expect(projects.principals.roles).toContain('ds-team-studio-execution');
    const deployment = catalog.portfolios.find((p) => p.id === 'model-deployment')!;
    expect(deployment.accounts).toEqual(['staging', 'prod']);
    expect(deployment.products.map((p) => p.id)).toEqual(['model-deployment-baseline', 'deployment-monitoring']);
  });

  test('publishes 1.0.0 of each as released and deprecated (its frozen template); the newest version, with the holes of 1.0.0 closed, is the active one', () => {
    // 3.0.0 of the deploy project and the baseline binds each deployment session to its project's stacks (docs/security.md).
    // 3.0.0 of the build project: starter code on the SageMaker Python SDK, installed from the environment's package mirror.
    // 4.0.0 of all three: the accounts come from the catalog facts (SSM parameters of the catalog stack), read at launch.
    // 5.0.0 of both projects: their scripts call AWS through the SDKs (boto3, SageMaker Python SDK), no AWS CLI stand-in.
    const newest: Record<string, string> = { 'sagemaker-project-build-train': '5.0.0', 'sagemaker-project-deploy': '5.0.0', 'model-deployment-baseline': '4.0.0' };
    for (const [id, active] of Object.entries(newest)) {
      const shipped = catalog.products.find((p) => p.id === id)!;
      const versions = shipped.versions.map((v) => [v.name, v.status]);
      expect([id, shipped.kind, versions[0], versions[versions.length - 1], versions.filter(([, status]) => status === 'active')]).toEqual([
        id,
        id === 'model-deployment-baseline' ? 'standard' : 'sagemaker-project',
        ['1.0.0', 'deprecated'],
        [active, 'active'],
        [[active, 'active']],
      ]);
      expect(fs.readdirSync(path.join(REPO_ROOT, shipped.directory, 'versions', '1.0.0')).sort()).toEqual(
        expect.arrayContaining(['release.json', 'template.json']),
      );
    }
  });
});
