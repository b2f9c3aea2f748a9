/**
 * The synthesized catalog stacks: one per (account, region), with explicit env,
 * Service Catalog resources, principals, launch constraints, TagOptions, and
 * logical ids that stay put when the catalog grows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { catalogRoot, REPO_ROOT, tempDir, writeFiles } from '../helpers';

function synth(root: string): SynthesizedCatalog {
  return synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
}

function template(result: SynthesizedCatalog, id: string): Template {
  const stack = result.stacks.find((s) => s.id === id);
  if (!stack) throw new Error(`no stack ${id}; stacks: ${result.stacks.map((s) => s.id).join(', ')}`);
  return Template.fromJSON(JSON.parse(fs.readFileSync(stack.templateFile, 'utf8')));
}

function manifestOf(result: SynthesizedCatalog): any {
  return JSON.parse(fs.readFileSync(path.join(result.outdir, 'manifest.json'), 'utf8'));
}

describe('catalog stacks of the valid fixture', () => {
  let result: SynthesizedCatalog;
  beforeAll(() => {
    result = synth(catalogRoot('valid'));
  });

  test('one stack per account and region, named after both, with explicit env', () => {
    expect(result.stacks.map((s) => [s.id, s.stackName])).toEqual([
      ['dev-eu-west-1', 'test-catalog-dev-eu-west-1'],
      ['dev-eu-central-1', 'test-catalog-dev-eu-central-1'],
      ['prod-eu-west-1', 'test-catalog-prod-eu-west-1'],
    ]);
    const artifacts = manifestOf(result).artifacts;
    expect(artifacts['dev-eu-west-1'].environment).toBe('aws://111111111111/eu-west-1');
    expect(artifacts['dev-eu-central-1'].environment).toBe('aws://111111111111/eu-central-1');
    expect(artifacts['prod-eu-west-1'].environment).toBe('aws://333333333333/eu-west-1');
  });

  test('publishes the product with its versions, never replacing a published artifact', () => {
    template(result, 'prod-eu-west-1').hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', {
      Name: 'Endpoint',
      Owner: 'Platform',
      Description: 'A private endpoint.',
      ReplaceProvisioningArtifacts: false,
      ProvisioningArtifactParameters: [
        Match.objectLike({
          Name: '1.0.0',
          Description: 'First.',
          DisableTemplateValidation: false,
          Info: { LoadTemplateFromURL: Match.anyValue() },
        }),
      ],
    });
  });

  test('creates the portfolio with its display name and provider', () => {
    template(result, 'dev-eu-west-1').hasResourceProperties('AWS::ServiceCatalog::Portfolio', {
      DisplayName: 'Hosting',
      ProviderName: 'Platform',
    });
  });

  test('associates IAM role principals of the target account, paths included', () => {
    const t = template(result, 'prod-eu-west-1');
    const arn = (name: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::333333333333:role/${name}`]],
    });
    t.hasResourceProperties('AWS::ServiceCatalog::PortfolioPrincipalAssociation', {
      PrincipalType: 'IAM',
      PrincipalARN: arn('MLEngineer'),
    });
    t.hasResourceProperties('AWS::ServiceCatalog::PortfolioPrincipalAssociation', {
      PrincipalType: 'IAM',
      PrincipalARN: arn('service-role/StudioExecution'),
    });
  });

  test('associates IAM_PATTERN principals through the L1 resource', () => {
    template(result, 'dev-eu-central-1').hasResourceProperties('AWS::ServiceCatalog::PortfolioPrincipalAssociation', {
      PrincipalType: 'IAM_PATTERN',
      PrincipalARN: 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_ML_*',
    });
    template(result, 'dev-eu-central-1').resourceCountIs('AWS::ServiceCatalog::PortfolioPrincipalAssociation', 3);
  });

  test('constrains launches to the launch role by local name, after the product is associated', () => {
    const t = template(result, 'dev-eu-west-1');
    t.hasResourceProperties('AWS::ServiceCatalog::LaunchRoleConstraint', {
      LocalRoleName: 'SCLaunchEndpoint',
      PortfolioId: { Ref: Match.stringLikeRegexp('^Portfolioshosting') },
      ProductId: { Ref: Match.stringLikeRegexp('^Productssagemakerendpoint') },
    });
    const constraint = Object.values(t.findResources('AWS::ServiceCatalog::LaunchRoleConstraint'))[0];
    expect(constraint.Properties.RoleArn).toBeUndefined();
    expect(constraint.DependsOn).toEqual([expect.stringMatching(/^PortfolioshostingPortfolioProductAssociation/)]);
    // No IAM role is created: the launch role is the account's own.
    t.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('creates each TagOption once and associates it with the portfolio', () => {
    const t = template(result, 'dev-eu-west-1');
    t.resourceCountIs('AWS::ServiceCatalog::TagOption', 2);
    t.hasResourceProperties('AWS::ServiceCatalog::TagOption', { Key: 'cost-center', Value: 'cc-1', Active: true });
    t.hasResourceProperties('AWS::ServiceCatalog::TagOption', { Key: 'cost-center', Value: 'cc-2', Active: true });
    t.resourceCountIs('AWS::ServiceCatalog::TagOptionAssociation', 2);
  });

  test('every catalog stack points at the same product template, synthesized once', () => {
    const urls = result.stacks.map((s) => {
      const product = Object.values(template(result, s.id).findResources('AWS::ServiceCatalog::CloudFormationProduct'))[0];
      return JSON.stringify(product.Properties.ProvisioningArtifactParameters[0].Info.LoadTemplateFromURL);
    });
    const hashes = urls.map((u) => /([0-9a-f]{64})\.json/.exec(u)![1]);
    expect(new Set(hashes).size).toBe(1);
    const productAssemblies = fs.readdirSync(path.join(result.outdir, 'product-templates.out'));
    expect(productAssemblies.filter((f) => f.endsWith('.template.json'))).toEqual(['sagemaker-endpoint.template.json']);
  });

  test('the product template is environment-agnostic: no account id or region in it', () => {
    const file = result.versions.get('sagemaker-endpoint')![0].templateFile;
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/\b(eu|us|ap|sa|ca|me|af|il|mx)-(west|east|central|north|south|northeast|southeast)-\d\b/);
    expect(JSON.parse(text).Parameters.BootstrapVersion).toBeUndefined();
  });
});

describe('stable identities', () => {
  const logicalIds = (result: SynthesizedCatalog, id: string) => Object.keys(template(result, id).toJSON().Resources).sort();

  test('logical ids are a contract: renaming a manifest id is a breaking change', () => {
    // If this list changes, every deployed catalog stack would replace these resources.
    expect(logicalIds(synth(catalogRoot('valid')), 'prod-eu-west-1')).toEqual([
      'CatalogFactsAccountStage16A6D2C0',
      'CatalogFactsDeploymentTargetAccountsFC5FF350',
      'CatalogFactsDevAccountsC7CD7C80',
      'CatalogFactsProdAccounts05172CE6',
      'CatalogFactsStagingAccounts3740257A',
      'Portfolioshosting9DA44BD2',
      'PortfolioshostingLaunchRoleConstraintbf8f70bfadf93BD546F1',
      'PortfolioshostingPortfolioProductAssociationbf8f70bfadf9824AC7B6',
      'PortfolioshostingPortolioPrincipalAssociation3e95050dad8565149078',
      'PortfolioshostingPortolioPrincipalAssociation43354cf34b6c02F9505D',
      'PortfolioshostingPrincipalsPatternab9eebf538c8D4F3392A',
      'PortfolioshostingTagOptionAssociationTagOption00e709ee076c99B94F9A',
      'PortfolioshostingTagOptionAssociationTagOption25702ab1150d8CCD0324',
      'ProductssagemakerendpointD1A56E4B',
      'TagOptionsTagOption00e709ee076c952E009A',
      'TagOptionsTagOption25702ab1150d6E311795',
    ]);
  });

  test('adding a product, a portfolio and an account renames nothing that exists', () => {
    const before = synth(catalogRoot('valid'));
    const root = catalogRoot('valid');
    const catalog = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
    writeFiles(root, {
      'catalog.yaml': catalog
        .replace('accounts:\n', 'accounts:\n  sandbox:\n    id: "999999999999"\n    regions: [us-east-1]\n')
        .replace(
          'products:\n',
          'products:\n  tiny:\n    path: tiny\n    displayName: Tiny\n    owner: Platform\n    description: Tiny.\n' +
            '    versions:\n      - name: 0.1.0\n        description: First.\n        status: active\n',
        ),
      'portfolios/aaa-extra.yaml':
        'id: aaa-extra\ndisplayName: Extra\nproviderName: Platform\naccounts: [sandbox, dev]\nprincipals:\n  roles: [Someone]\n' +
        'products:\n  - id: tiny\n    launchRole: SCLaunchTiny\n  - id: sagemaker-endpoint\n    launchRole: SCLaunchEndpoint\n',
      'products/tiny/index.ts': [
        `import { CfnWaitConditionHandle } from '${REPO_ROOT}/node_modules/aws-cdk-lib';`,
        `import { SecureProductStack } from '${REPO_ROOT}/src/secure/secure-product-stack';`,
        'export class TinyProduct extends SecureProductStack {',
        '  constructor(scope: any, id: string, props: any) {',
        '    super(scope, id, props);',
        '    new CfnWaitConditionHandle(this, \'Nothing\');',
        '  }',
        '}',
      ].join('\n'),
    });
    const after = synth(root);
    for (const id of ['dev-eu-west-1', 'dev-eu-central-1', 'prod-eu-west-1']) {
      const previous = logicalIds(before, id);
      expect(logicalIds(after, id)).toEqual(expect.arrayContaining(previous));
    }
    expect(after.stacks.map((s) => s.id)).toEqual(['sandbox-us-east-1', 'dev-eu-west-1', 'dev-eu-central-1', 'prod-eu-west-1']);
  });
});
