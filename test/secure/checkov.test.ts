/**
 * checkov, the second scanner (src/secure/checkov.ts, src/generator/checkov-check.ts):
 * the real checkov of .venv-checkov over deliberately insecure templates. Its
 * findings fail synth with a diagnostic naming product, version, logical id and
 * check, at the product class (current code) or the released template's line;
 * acknowledgements live outside the template (the class's checkovAcknowledgements),
 * need a reason, cover released versions without changing them, and appear in
 * security-report with what they cover.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecurityReport } from '../../src/cli/commands/security-report';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { type Diagnostic, ManifestError } from '../../src/model';
import { scanTemplates } from '../../src/secure/checkov';
import { balancedGroups } from '../../src/secure/python-tool-runs';
import { catalogRoot, cli, FIXTURES, REPO_ROOT, tempDir, validationDiagnostics, writeFiles } from '../helpers';

describe('scanTemplates', () => {
  test('a deliberately insecure template: every failed check with its resource and lines', () => {
    const file = path.join(FIXTURES, 'checkov', 'insecure-template.json');
    const findings = scanTemplates([{ file }]);
    expect(findings.map((f) => [f.checkId, f.resourceType, f.logicalId, f.lines]).sort()).toEqual([
      ['CKV_AWS_136', 'AWS::ECR::Repository', 'Images', [11, 14]],
      ['CKV_AWS_163', 'AWS::ECR::Repository', 'Images', [11, 14]],
      ['CKV_AWS_23', 'AWS::EC2::SecurityGroup', 'OpenSsh', [4, 10]],
      ['CKV_AWS_24', 'AWS::EC2::SecurityGroup', 'OpenSsh', [4, 10]],
      ['CKV_AWS_51', 'AWS::ECR::Repository', 'Images', [11, 14]],
    ]);
    expect(new Set(findings.map((f) => f.templateFile))).toEqual(new Set([file]));
  });

  test('several templates, one checkov run per core side by side: each finding on its own template', () => {
    const insecure = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'checkov', 'insecure-template.json'), 'utf8'));
    const dir = tempDir();
    // New bytes on every run, so checkov runs (the findings of known bytes are cached).
    const write = (name: string, resources: string[]) => {
      const file = path.join(dir, `${name}.json`);
      const kept = Object.fromEntries(Object.entries(insecure.Resources).filter(([id]) => resources.includes(id)));
      fs.writeFileSync(file, JSON.stringify({ Description: `${name} ${process.pid} ${Date.now()}`, Resources: kept }, undefined, 2));
      return file;
    };
    const both = write('both', ['OpenSsh', 'Images']);
    const ssh = write('ssh', ['OpenSsh']);
    const images = write('images', ['Images']);
    expect(balancedGroups([both, ssh, images], 2)).toHaveLength(2);

    const found = scanTemplates([both, ssh, images].map((file) => ({ file })));
    const of = (file: string) => found.filter((f) => f.templateFile === file).map((f) => `${f.checkId} ${f.logicalId}`).sort();
    expect([of(both), of(ssh), of(images)]).toEqual([
      ['CKV_AWS_136 Images', 'CKV_AWS_163 Images', 'CKV_AWS_23 OpenSsh', 'CKV_AWS_24 OpenSsh', 'CKV_AWS_51 Images'],
      ['CKV_AWS_23 OpenSsh', 'CKV_AWS_24 OpenSsh'],
      ['CKV_AWS_136 Images', 'CKV_AWS_163 Images', 'CKV_AWS_51 Images'],
    ]);
  });

  test('balancedGroups: every file in exactly one group, groups of about the same size, no empty group', () => {
    const dir = tempDir();
    const sizes = [9000, 5000, 4000, 3000, 1000];
    const files = sizes.map((size, i) => {
      const file = path.join(dir, `t${i}.json`);
      fs.writeFileSync(file, 'x'.repeat(size));
      return file;
    });
    const groups = balancedGroups(files, 2);
    expect(groups.flat().sort()).toEqual([...files].sort());
    const bytes = groups.map((group) => group.reduce((sum, file) => sum + fs.statSync(file).size, 0));
    // Largest first, each to the lighter group: 9000+3000 and 5000+4000+1000.
    expect(bytes.sort()).toEqual([10000, 12000]);
    expect(balancedGroups(files.slice(0, 1), 2)).toEqual([files.slice(0, 1)]);
    expect(balancedGroups([], 2)).toEqual([]);
  });
});

/**
 * The 'valid' catalog with its one product (id sagemaker-endpoint) replaced by
 * an ECR repository with no settings: cdk-nag and cfn-lint pass it, checkov
 * does not (KMS, tag immutability, scan on push). The class is at line 4; its
 * acknowledgements, one per line, from line 6.
 */
function writeRegistry(root: string, acknowledgements: readonly string[]): void {
  writeFiles(root, {
    'products/registry/index.ts': [
      `import * as ecr from '${REPO_ROOT}/node_modules/aws-cdk-lib/aws-ecr';`,
      `import { acknowledgeCheckov } from '${REPO_ROOT}/src/model/checkov-acknowledgement';`,
      `import { SecureProductStack } from '${REPO_ROOT}/src/secure/secure-product-stack';`,
      'export class RegistryProduct extends SecureProductStack {',
      '  public static readonly checkovAcknowledgements = [',
      ...acknowledgements,
      '  ];',
      '  constructor(scope: any, id: string, props: any) {',
      '    super(scope, id, props);',
      "    new ecr.CfnRepository(this, 'Images', {});",
      '  }',
      '}',
      '',
    ].join('\n'),
  });
}

const acknowledge = (check: string, reason: string) => `    acknowledgeCheckov({ check: '${check}', logicalIds: ['Images'], reason: '${reason}' }),`;
const ACKNOWLEDGED = [
  acknowledge('CKV_AWS_136', 'Holds public base images only; encrypted at rest with the AWS managed key of ECR.'),
  acknowledge('CKV_AWS_51', 'Tags are moved on purpose: latest points at the newest approved base image.'),
  acknowledge('CKV_AWS_163', 'Images are scanned by the registry-wide enhanced scanning of Amazon Inspector.'),
];

function synthDiagnostics(root: string): readonly Diagnostic[] {
  try {
    synthesizeCatalog({ root, outdir: path.join(root, 'cdk.out') });
  } catch (error) {
    if (ManifestError.is(error)) return error.diagnostics;
    throw error;
  }
  return [];
}

/** [code, file, line, col, check id] of each diagnostic, by check id. */
const positions = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => [d.code, d.file, d.line, d.col, /CKV2?_[A-Z]+_\d+/.exec(d.message)?.[0] ?? '']).sort((a, b) => String(a[4]).localeCompare(String(b[4])));

/** A fresh catalog root with the registry product (a product module is loaded once per path). */
function registryCatalog(acknowledgements: readonly string[]): string {
  const root = catalogRoot('valid');
  const catalog = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
  writeFiles(root, { 'catalog.yaml': catalog.replace('path: sagemaker-endpoint', 'path: registry') });
  writeRegistry(root, acknowledgements);
  return root;
}

describe('checkov findings in a product template', () => {
  test('unacknowledged, they fail synth: one diagnostic each at the product class, naming product, version, logical id and check', () => {
    const root = registryCatalog([]);
    const diagnostics = synthDiagnostics(root);
    expect(positions(diagnostics)).toEqual([
      ['CHECKOV_FINDING', 'products/registry/index.ts', 4, 8, 'CKV_AWS_136'],
      ['CHECKOV_FINDING', 'products/registry/index.ts', 4, 8, 'CKV_AWS_163'],
      ['CHECKOV_FINDING', 'products/registry/index.ts', 4, 8, 'CKV_AWS_51'],
    ]);
    for (const d of diagnostics) {
      expect(d.message).toContain("product 'sagemaker-endpoint' version 1.0.0");
      expect(d.message).toContain('AWS::ECR::Repository Images');
      expect(d.message).toContain('checkovAcknowledgements');
    }
    expect(fs.existsSync(path.join(root, 'cdk.out'))).toBe(false);
  });

  test('an acknowledgement without a reason is rejected by validate, at its line', () => {
    const root = registryCatalog([...ACKNOWLEDGED.slice(1), acknowledge('CKV_AWS_136', ' ')]);
    expect(validationDiagnostics(root).map((d) => [d.code, d.file, d.line])).toEqual([
      ['CHECKOV_ACKNOWLEDGEMENT_INVALID', 'products/registry/index.ts', 8],
    ]);
  });

  test('acknowledged with reasons, synth passes; security-report lists each with what it covers, and a stale one', async () => {
    // The fourth names a check the repository does not fail: it covers nothing.
    const root = registryCatalog([...ACKNOWLEDGED, acknowledge('CKV_AWS_18', 'There is no bucket in this product; nothing to log.')]);
    expect(synthDiagnostics(root)).toEqual([]);

    const result = await cli(root, 'security-report', '--json');
    expect(result.code).toBe(1);
    const report: SecurityReport = JSON.parse(result.stdout);
    expect(report.rulePacks).toContain('checkov');
    const [product] = report.products;
    expect(product.openFindings).toEqual([]);
    const checkov = product.acknowledgements.filter((a) => a.id.startsWith('checkov::'));
    expect(checkov.map((a) => [a.id, a.writtenAt, a.acknowledgedAt, a.covers])).toEqual([
      ['checkov::CKV_AWS_136', expect.stringMatching(/^products\/registry\/index\.ts:6:\d+$/), 'sagemaker-endpoint/Images', ['sagemaker-endpoint/1.0.0/Images']],
      ['checkov::CKV_AWS_51', expect.stringMatching(/^products\/registry\/index\.ts:7:\d+$/), 'sagemaker-endpoint/Images', ['sagemaker-endpoint/1.0.0/Images']],
      ['checkov::CKV_AWS_163', expect.stringMatching(/^products\/registry\/index\.ts:8:\d+$/), 'sagemaker-endpoint/Images', ['sagemaker-endpoint/1.0.0/Images']],
      ['checkov::CKV_AWS_18', expect.stringMatching(/^products\/registry\/index\.ts:9:\d+$/), 'sagemaker-endpoint/Images', []],
    ]);
    expect(checkov[0].reason).toMatch(/^Holds public base images only/);
  });

  test('release refuses open findings; a released version is acknowledged outside its frozen template, which stays byte for byte', async () => {
    const careless = registryCatalog([]);
    const refused = await cli(careless, 'release', 'sagemaker-endpoint', '1.0.0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('products/registry/index.ts:4:8: checkov CKV_AWS_51');
    expect(fs.existsSync(path.join(careless, 'products/registry/versions'))).toBe(false);

    const reviewed = registryCatalog(ACKNOWLEDGED);
    expect(await cli(reviewed, 'release', 'sagemaker-endpoint', '1.0.0')).toMatchObject({ code: 0 });
    const versions = path.join(reviewed, 'products/registry/versions');
    const bytes = fs.readFileSync(path.join(versions, '1.0.0/template.json'));
    expect(synthDiagnostics(reviewed)).toEqual([]);
    expect(fs.readFileSync(path.join(versions, '1.0.0/template.json')).equals(bytes)).toBe(true);

    // The same released version, from a class that no longer acknowledges: at the frozen template's line.
    fs.cpSync(versions, path.join(careless, 'products/registry/versions'), { recursive: true });
    const line = bytes.toString('utf8').split('\n').findIndex((l) => l.includes('"Images":')) + 1;
    expect(positions(synthDiagnostics(careless))).toEqual([
      ['CHECKOV_FINDING', 'products/registry/versions/1.0.0/template.json', line, 3, 'CKV_AWS_136'],
      ['CHECKOV_FINDING', 'products/registry/versions/1.0.0/template.json', line, 3, 'CKV_AWS_163'],
      ['CHECKOV_FINDING', 'products/registry/versions/1.0.0/template.json', line, 3, 'CKV_AWS_51'],
    ]);
  });
});
