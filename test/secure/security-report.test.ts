/**
 * `security-report`: what a reviewer reads. Per product, the rule packs that
 * ran and every acknowledgement: rule, reason, where it is written, and what it
 * covers; stale acknowledgements and open findings stand out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecurityReport } from '../../src/cli/commands/security-report';
import { catalogRoot, cli, carelessCatalog } from '../helpers';

describe('security-report', () => {
  let root: string;
  let report: SecurityReport;
  beforeAll(async () => {
    root = catalogRoot('data-science-environment');
    const result = await cli(root, 'security-report', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    report = JSON.parse(result.stdout);
  });

  test('names the rule packs run on every template, and the rules disabled everywhere with why', () => {
    expect(report.rulePacks).toEqual(['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'SecureDefaults', 'Quotas', 'CloudFormation Validate', 'cfn-lint', 'checkov']);
    expect(report.disabledRules).toEqual([{ id: 'cfn-lint::W3005', reason: expect.stringMatching(/^Style only: /) }]);
  });

  test('reports each deployed stack as it reports products', () => {
    expect(report.stacks).toEqual([
      { stackId: 'dev-eu-west-1', stackName: 'test-catalog-dev-eu-west-1', app: 'catalog', openFindings: [], acknowledgements: expect.any(Array) },
    ]);
  });

  test('lists every acknowledgement of the product with its reason, where it is written and what it covers', () => {
    const [product] = report.products;
    expect(product).toMatchObject({ productId: 'data-science-environment', directory: 'products/data-science-environment', openFindings: [] });
    const replication = product.acknowledgements.find((a) => a.id === 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled')!;
    expect(replication).toEqual({
      id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: expect.stringMatching(/^Single-region by design/),
      acknowledgedAt: 'data-science-environment/Storage',
      writtenAt: expect.stringMatching(/^products\/data-science-environment\/acknowledgements\.ts:\d+:\d+$/),
      covers: [
        'data-science-environment/Storage/AccessLogsBucket/Resource',
        'data-science-environment/Storage/DataBucket/Resource',
        'data-science-environment/Storage/ModelsBucket/Resource',
      ],
    });
    for (const acknowledgement of product.acknowledgements) {
      expect(acknowledgement.reason.length).toBeGreaterThan(40);
      expect(acknowledgement.covers.length).toBeGreaterThan(0);
    }
  });

  test('prints the same as text for a reader', async () => {
    const result = await cli(root, 'security-report');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Rule packs run on every template: AwsSolutions, NIST.800.53.R5, HIPAA.Security, SecureDefaults, Quotas, CloudFormation Validate, cfn-lint, checkov',
    );
    expect(result.stdout).toContain('data-science-environment (products/data-science-environment)\n  open findings: none\n');
    expect(result.stdout).toMatch(
      /  - AwsSolutions::AwsSolutions-IAM5\[Resource::\*\]\n      on      Identity \(products\/data-science-environment\/acknowledgements\.ts:\d+:\d+\)\n      covers  6 constructs: Identity\/Studio\/DataScientistPermissions\/Resource, Identity\/Studio\/TeamAdminPermissions\/Resource, Identity\/Workloads\/PackageMirrorRead\/Resource, /,
    );
  });

  test('flags a stale acknowledgement and an open finding, exiting 1', async () => {
    // The notebook is at line 6 of its index.ts, the acknowledgement at line 9.
    const careless = carelessCatalog();
    const result = await cli(careless, 'security-report', '--product', 'sagemaker-endpoint');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  ! SecureDefaults::SageMakerNotebookNoDirectInternet on Notebook at products/careless/index.ts:6:5: ');
    expect(result.stdout).toContain(
      '  - AwsSolutions::AwsSolutions-S1\n      on      (the stack) (products/careless/index.ts:9:10)\n      covers  nothing: stale, remove it\n',
    );
  });

  test('fails on an unknown product, naming the known ones', async () => {
    const result = await cli(root, 'security-report', '--product', 'data-science');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "security-report: unknown product 'data-science'; products: data-science-environment\n" +
        'usage: sc-factory security-report [--root DIR] [--product ID] [--json]\n',
    );
  });
});

/** `<product or stack>: <rule>` of every stale acknowledgement and open finding, and every acknowledgement without a real reason. */
function problems(report: SecurityReport): string[] {
  const entries = [...report.products.map((p) => ({ ...p, id: p.productId })), ...report.stacks.map((s) => ({ ...s, id: s.stackId }))];
  return entries.flatMap((entry) => [
    ...entry.openFindings.map((f) => `${entry.id}: open ${f.acknowledgeId} on ${f.constructPath}`),
    ...entry.acknowledgements.filter((a) => a.covers.length === 0).map((a) => `${entry.id}: stale ${a.id} on ${a.acknowledgedAt}`),
    ...entry.acknowledgements.filter((a) => a.reason.length < 40).map((a) => `${entry.id}: no real reason for ${a.id}`),
  ]);
}

describe('security-report on the shipped catalog', () => {
  test('every product and deployed stack: no open finding, and every acknowledgement has a reason and still covers something', async () => {
    const result = await cli(catalogRoot('repo'), 'security-report', '--json');
    expect(result.code).toBe(0);
    const shipped: SecurityReport = JSON.parse(result.stdout);
    expect(shipped.products.length).toBeGreaterThanOrEqual(5);
    expect(shipped.stacks.map((s) => s.stackId)).toEqual(['dev-eu-west-1', 'staging-eu-west-1', 'prod-eu-west-1', 'Pipeline']);
    expect(problems(shipped)).toEqual([]);
    // The pipeline's generated roles and the asset bucket's BucketDeployment are reviewed, not skipped.
    const pipeline = shipped.stacks.find((s) => s.stackId === 'Pipeline')!;
    expect(pipeline.acknowledgements.map((a) => a.id)).toEqual(
      expect.arrayContaining(['AwsSolutions::AwsSolutions-IAM5[Resource::*]', 'cfn-lint::E3703', 'AwsSolutions::AwsSolutions-L1']),
    );
    // So are the status custom resources of the deprecated 1.0.0 versions.
    const dev = shipped.stacks.find((s) => s.stackId === 'dev-eu-west-1')!;
    const provider = dev.acknowledgements.filter((a) => a.acknowledgedAt === 'dev-eu-west-1/AWS679f53fac002430cb0da5b7982bd2287');
    expect(provider.map((a) => a.id)).toEqual(expect.arrayContaining(['NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ']));

    // checkov's findings too, in every released version, acknowledged outside the templates (0 open: problems() above).
    const checkov = (entry: { acknowledgements: SecurityReport['products'][number]['acknowledgements'] }, id: string) =>
      entry.acknowledgements.filter((a) => a.id === `checkov::${id}`).flatMap((a) => a.covers);
    const environment = shipped.products.find((p) => p.productId === 'data-science-environment')!;
    expect(checkov(environment, 'CKV_AWS_18')).toEqual(
      expect.arrayContaining(['1.0.0', '2.0.0', '3.0.0', '4.0.0'].map((v) => `data-science-environment/${v}/StorageAccessLogsBucketFEE4D6FB`)),
    );
    const baseline = shipped.products.find((p) => p.productId === 'model-deployment-baseline')!;
    expect(checkov(baseline, 'CKV_AWS_111')).toEqual(
      expect.arrayContaining(['1.0.0', '2.0.0', '3.0.0'].map((v) => `model-deployment-baseline/${v}/RolesCloudFormationExecutionPolicy89FCAED2`)),
    );
    expect(checkov(dev, 'CKV_AWS_116')).toEqual(expect.arrayContaining(['dev-eu-west-1/AWS679f53fac002430cb0da5b7982bd22872D164C4C']));
    expect(checkov(pipeline, 'CKV_AWS_111')).toEqual(['Pipeline/PipelineAssetsFileRoleDefaultPolicy14DB8755']);
  });
});

describe('security-report on a catalog with every publishing option (pipeline across regions, organisation)', () => {
  test('the pipeline, its cross-region support stack, the organisation stacks and the member template: nothing open or stale', async () => {
    const result = await cli(catalogRoot('publishing'), 'security-report', '--json');
    const report: SecurityReport = JSON.parse(result.stdout);
    expect(report.stacks.map((s) => [s.stackId, s.app])).toEqual([
      ['organization-member', 'organization-member'],
      ['dev-eu-west-1', 'catalog'],
      ['dev-eu-central-1', 'catalog'],
      ['staging-eu-west-1', 'catalog'],
      ['prod-eu-west-1', 'catalog'],
      ['Organization-Templates-eu-west-1', 'catalog'],
      ['Organization-Templates-eu-central-1', 'catalog'],
      ['Organization-StackSet', 'catalog'],
      ['Pipeline', 'catalog'],
      ['cross-region-stack-444444444444:eu-central-1', 'catalog'],
    ]);
    expect(problems(report)).toEqual([]);
    expect(result.code).toBe(0);
  });
});
