/**
 * The quota gate is live wherever the rule packs are: a managed policy that
 * only breaks IAM's quota at the longest launch values fails synth and release
 * with a diagnostic at the product line that created it, can be acknowledged
 * like a rule finding, and shows in security-report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { type Diagnostic, ManifestError } from '../../src/model';
import { cli, catalogRoot, tempDir, writeFiles, writeProduct } from '../helpers';

/** The 'valid' fixture with its endpoint product replaced by `code` (one import: the code starts at line 6). */
function rootWithProduct(code: string[]): string {
  const root = catalogRoot('valid');
  const catalog = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
  writeFiles(root, { 'catalog.yaml': catalog.replace('path: sagemaker-endpoint', 'path: quota-product') });
  writeProduct(root, 'quota-product', code, { cdk: 'aws-cdk-lib' });
  return root;
}

/**
 * A managed policy of 30 statements, each naming a bucket `<Prefix>-<n>`. With
 * the default prefix it is ~2,500 characters; with a 200-character prefix (the
 * parameter's MaxLength) it is over 8,000, past IAM's 6,144.
 */
function policyProduct(maxLength: number, acknowledge = false): string[] {
  return [
    `    const prefix = new cdk.CfnParameter(this, 'Prefix', { type: 'String', default: 'a', maxLength: ${maxLength} });`,
    "    const policy = new cdk.aws_iam.CfnManagedPolicy(this, 'Wide', {",
    "      policyDocument: { Version: '2012-10-17', Statement: Array.from({ length: 30 }, (_, i) => ({",
    "        Sid: `Read${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${prefix.valueAsString}-${i}/*` })) },",
    '    });',
    ...(acknowledge ? ["    this.acknowledge(policy, { id: 'Quotas::IamManagedPolicySize', reason: 'test: a reasoned acknowledgement lets exactly this finding through' });"] : []),
  ];
}

function synthDiagnostics(root: string): readonly Diagnostic[] {
  try {
    synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  } catch (error) {
    if (ManifestError.is(error)) return (error as ManifestError).diagnostics;
    throw error;
  }
  return [];
}

const quotaDiagnostics = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.message.includes('Quotas::'));

describe('quota gate on product templates', () => {
  test('fails synth on a managed policy over 6,144 characters at the longest parameter value, at the line that created it', () => {
    const diagnostics = quotaDiagnostics(synthDiagnostics(rootWithProduct(policyProduct(200))));
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['RULE_PACK_FINDING', 'products/quota-product/index.ts', 7]]);
    expect(diagnostics[0].message).toContain('Quotas::IamManagedPolicySize on sagemaker-endpoint/Wide');
  });

  test('passes the same policy when the parameter is bounded short enough', () => {
    expect(quotaDiagnostics(synthDiagnostics(rootWithProduct(policyProduct(20))))).toEqual([]);
  });

  test('an acknowledgement with a reason lets exactly that finding through', () => {
    expect(quotaDiagnostics(synthDiagnostics(rootWithProduct(policyProduct(200, true))))).toEqual([]);
  });

  test('a template-wide limit is reported on the first element past it, at its product line', () => {
    const root = rootWithProduct([
      "    for (let i = 0; i < 201; i++) new cdk.CfnOutput(this, `Output${i}`, { value: 'x' });",
    ]);
    const diagnostics = quotaDiagnostics(synthDiagnostics(root));
    expect(diagnostics.map((d) => d.message.split(':')[0] + '::' + d.message.split('::')[1].split(' ')[0])).toEqual([
      'error Quotas::TemplateOutputCount',
    ]);
    expect(diagnostics[0].message).toContain(' on sagemaker-endpoint/Output200: ');
    expect([diagnostics[0].file, diagnostics[0].line]).toEqual(['products/quota-product/index.ts', 6]);
  });

  test('release refuses a version that breaks a quota, at the product line', async () => {
    const root = rootWithProduct(policyProduct(200));
    const result = await cli(root, 'release', 'sagemaker-endpoint', '1.0.0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^products\/quota-product\/index\.ts:7:\d+: error Quotas::IamManagedPolicySize /m);
    expect(fs.existsSync(path.join(root, 'products/quota-product/versions'))).toBe(false);
  });

  test('security-report lists the breach as an open finding of the product', async () => {
    const root = rootWithProduct(policyProduct(200));
    const result = await cli(root, 'security-report', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.rulePacks).toContain('Quotas');
    const open = report.products.find((p: any) => p.productId === 'sagemaker-endpoint').openFindings;
    expect(open.filter((f: any) => f.pack === 'Quotas').map((f: any) => [f.acknowledgeId, f.constructPath])).toEqual([
      ['Quotas::IamManagedPolicySize', 'sagemaker-endpoint/Wide'],
    ]);
  });
});
