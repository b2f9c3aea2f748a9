/**
 * The organisation path checked offline (docs/operators.md, "Organisation scale"): the
 * root is refused beside units that get other portfolios, and a product offered
 * to units must find the SSM parameters it reads among what the products
 * offered there publish. Each check with a catalog it passes and one it fails,
 * at file:line:col with its code; the documentation's own example is refused until the
 * endpoint's inputs are offered with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../src/manifest';
import { organizationSsmInputs } from '../../src/manifest/checks/organization-ssm-inputs';
import { sha256 } from '../../src/model/sha256';
import { productSsmUses } from '../../src/model/ssm-parameter-use';
import type { SsmParameterUse } from '../../src/model/ssm-parameter-use';
import { catalogRoot, cli, validationDiagnostics, writeFiles } from '../helpers';

/** What validate throws for `root`: [file:line:col, code]. */
function problems(root: string): [string, string][] {
  return validationDiagnostics(root).map((d) => [`${d.file}:${d.line}:${d.col}`, d.code]);
}


const edit = (root: string, file: string, from: string, to: string) => {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no '${from}'`);
  writeFiles(root, { [file]: text.replace(from, to) });
};

const ENDPOINT_INPUTS = [
  '/mlops/ds-team/kms/data-key-arn',
  '/mlops/ds-team/iam/model-execution-role-arn',
  '/mlops/ds-team/s3/models-bucket-name',
  '/mlops/ds-team/network/private-subnet-ids',
  '/mlops/ds-team/network/security-group-ids',
  '/mlops/ds-team/kms/volume-key-arn',
];

describe('the organisation example of docs/operators.md (an OU and the root, beside named dev, staging and prod accounts)', () => {
  test('is refused: the endpoint offered to the units reads six SSM parameters nothing offered there publishes', async () => {
    const root = catalogRoot('organization-readme');
    const [diagnostic, ...others] = validationDiagnostics(root);
    expect(others).toEqual([]);
    expect([`${diagnostic.file}:${diagnostic.line}:${diagnostic.col}`, diagnostic.code]).toEqual([
      'portfolios/workloads.yaml:9:5',
      'ORGANIZATION_SSM_INPUTS_MISSING',
    ]);
    // It names the parameters, the units, and the products that would publish them.
    for (const name of ENDPOINT_INPUTS) expect(diagnostic.message).toContain(name);
    expect(diagnostic.message).toContain('ou-ab12-11111111, r-ab12');
    expect(diagnostic.message).toContain("'data-science-environment' or 'model-deployment-baseline'");

    const run = await cli(root, 'validate');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('portfolios/workloads.yaml:9:5: ');
  });

  test('passes once a product that publishes those parameters is offered to the same units; the root beside its own OU is no overlap', () => {
    const root = catalogRoot('organization-readme');
    edit(root, 'portfolios/workloads.yaml', 'tagOptions:', '  - id: data-science-environment\n    launchRole: SCLaunch-DataScienceEnvironment\ntagOptions:');
    expect(problems(root)).toEqual([]);
  });

  test('a publisher offered in another portfolio to the same unit counts; one offered to another unit does not', () => {
    const root = catalogRoot('organization-readme');
    const environmentFor = (units: string) =>
      [
        'id: environments',
        'displayName: Environments',
        'providerName: Platform',
        `organizationalUnits: [${units}]`,
        'principals:',
        '  roles: [DataScienceTeamAdmin]',
        'products:',
        '  - id: model-deployment-baseline',
        '    launchRole: SCLaunch-ModelDeploymentBaseline',
        '',
      ].join('\n');
    edit(root, 'portfolios/workloads.yaml', 'r-ab12', 'ou-ab12-22222222');
    writeFiles(root, { 'portfolios/environments.yaml': environmentFor('ou-ab12-11111111, ou-ab12-22222222') });
    expect(problems(root)).toEqual([]);

    writeFiles(root, { 'portfolios/environments.yaml': environmentFor('ou-ab12-11111111') });
    const [diagnostic, ...others] = validationDiagnostics(root);
    expect(others).toEqual([]);
    expect(diagnostic.code).toBe('ORGANIZATION_SSM_INPUTS_MISSING');
    expect(diagnostic.message).toContain('no product offered to ou-ab12-22222222 publishes');
    expect(diagnostic.message).not.toContain('ou-ab12-11111111');
  });
});

describe('the root beside units that get other portfolios', () => {
  test('passes: the publishing fixture lists units only', () => {
    expect(problems(catalogRoot('publishing'))).toEqual([]);
  });

  test('is refused at the root id in each portfolio file that lists it', () => {
    const root = catalogRoot('publishing');
    edit(root, 'portfolios/sandbox.yaml', 'ou-ab12-33333333', 'r-ab12');
    expect(problems(root)).toEqual([['portfolios/sandbox.yaml:5:41', 'ORGANIZATION_UNITS_OVERLAP']]);
    const [diagnostic] = validationDiagnostics(root);
    // The units whose accounts would be targeted twice, with their portfolios.
    expect(diagnostic.message).toContain('ou-ab12-11111111 (workloads)');
    expect(diagnostic.message).toContain('ou-ab12-22222222 (sandbox, workloads)');
  });

  test('passes: the root alone, or beside units that get the same portfolios', () => {
    const withUnits = (units: Record<string, string[]>) => {
      const root = catalogRoot('publishing');
      for (const [file, list] of Object.entries(units)) {
        const text = fs.readFileSync(path.join(root, `portfolios/${file}.yaml`), 'utf8');
        writeFiles(root, { [`portfolios/${file}.yaml`]: text.replace(/organizationalUnits: \[.*\]/, `organizationalUnits: [${list.join(', ')}]`) });
      }
      return problems(root);
    };
    expect(withUnits({ sandbox: ['r-ab12'], workloads: ['r-ab12'] })).toEqual([]);
    expect(withUnits({ sandbox: ['r-ab12', 'ou-ab12-11111111'], workloads: ['ou-ab12-11111111', 'r-ab12'] })).toEqual([]);
    expect(withUnits({ sandbox: ['r-ab12'], workloads: ['ou-ab12-11111111'] })).toEqual([
      ['portfolios/sandbox.yaml:5:23', 'ORGANIZATION_UNITS_OVERLAP'],
    ]);
  });
});

describe('what a product is judged by', () => {
  const use = (reads: SsmParameterUse['reads'], publishes: SsmParameterUse['publishes'] = []): SsmParameterUse => ({ reads, publishes });

  test('every launchable version: reads of any, publishes of all; inactive and removed versions do not count', () => {
    const root = catalogRoot('organization-readme');
    const catalog = loadCatalog(root);
    const product = { ...catalog.products[0], versions: ['active', 'deprecated', 'inactive', 'removed'].map((status, i) => ({ ...catalog.products[0].versions[0], name: `${i}.0.0`, status: status as never })) };
    const byVersion: Record<string, SsmParameterUse> = {
      '0.0.0': use(['vpcId'], ['dataKeyArn', 'logsKeyArn']),
      '1.0.0': use(['privateSubnetIds'], ['dataKeyArn']),
      '2.0.0': use(['studioDomainId'], []),
      '3.0.0': use(['teamAdminRoleArn'], []),
    };
    const uses = productSsmUses({ products: [product] }, (_, version) => byVersion[version.name]);
    expect(uses.get(product.id)).toEqual({ reads: ['privateSubnetIds', 'vpcId'], publishes: ['dataKeyArn'] });
  });

  test('the shipped catalog validates (its released 1.0.0 versions are read from their frozen templates)', () => {
    expect(problems(catalogRoot('repo'))).toEqual([]);
  });

  test('validate reads a released version from its frozen template, the unreleased newest from its declaration', () => {
    const root = catalogRoot('organization-readme');
    edit(root, 'catalog.yaml', 'description: First.\n        status: active', 'description: First.\n        status: deprecated\n      - name: 1.1.0\n        description: Next.\n        status: active');
    // The released 1.0.0 read the Studio domain id (a frozen template of this fixture's own, not the shipped one,
    // with its release record: validate checks released folders are intact).
    const template = JSON.stringify({
      Parameters: { DomainId: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mlops/ds-team/sagemaker/domain-id' } },
      Resources: {},
    });
    writeFiles(root, {
      'products/sagemaker-endpoint/versions/1.0.0/template.json': template,
      'products/sagemaker-endpoint/versions/1.0.0/release.json': JSON.stringify({
        product: 'sagemaker-endpoint',
        version: '1.0.0',
        sha256: sha256(Buffer.from(template)),
        releasedAt: '2026-01-01T00:00:00.000Z',
        awsCdkLib: '2.0.0',
      }),
    });
    edit(root, 'portfolios/workloads.yaml', 'tagOptions:', '  - id: model-deployment-baseline\n    launchRole: SCLaunch-ModelDeploymentBaseline\ntagOptions:');
    const [diagnostic, ...others] = validationDiagnostics(root);
    expect(others).toEqual([]);
    expect(diagnostic.code).toBe('ORGANIZATION_SSM_INPUTS_MISSING');
    // The baseline publishes what 1.1.0 (the code) reads, not what 1.0.0 read; the environment would.
    expect(diagnostic.message).toContain('publishes: /mlops/ds-team/sagemaker/domain-id;');
    expect(diagnostic.message).toContain("published by 'data-science-environment' of this catalog");
  });

  test('named accounts are not judged: the publishing fixture offers the endpoint to dev, staging and prod without an environment', () => {
    const catalog = loadCatalog(catalogRoot('publishing'));
    const endpointOnly = new Map([['sagemaker-endpoint', use(['vpcId'])]]);
    const hosting = catalog.portfolios.filter((p) => p.id === 'hosting');
    expect(organizationSsmInputs({ ...catalog, portfolios: hosting }, endpointOnly)).toEqual([]);
  });
});
