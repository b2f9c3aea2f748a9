/**
 * The rule packs are live on every product template: an insecure resource fails
 * synth with a diagnostic at the product line that created it, and nothing is
 * written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { ManifestError } from '../../src/model';
import { catalogRoot, tempDir, writeFiles, writeProduct } from '../helpers';

function rootWithProduct(code: string[]): string {
  const root = catalogRoot('valid');
  const catalog = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
  writeFiles(root, { 'catalog.yaml': catalog.replace('path: sagemaker-endpoint', 'path: careless') });
  // One import: the code starts at line 6.
  writeProduct(root, 'careless', code, { sagemaker: 'aws-cdk-lib/aws-sagemaker' });
  return root;
}

describe('rule packs on product templates', () => {
  // The secure defaults attach a notebook to the VPC, so the insecure choice here is an explicit one.
  test('fails synth on a notebook instance with direct internet access, at the line that created it, writing nothing', () => {
    const root = rootWithProduct([
      "    new sagemaker.CfnNotebookInstance(this, 'Notebook', {",
      "      instanceType: 'ml.t3.medium',",
      "      roleArn: 'arn:aws:iam::111111111111:role/x',",
      "      directInternetAccess: 'Enabled',",
      '    });',
    ]);
    const outdir = path.join(tempDir(), 'cdk.out');
    let error: unknown;
    try {
      synthesizeCatalog({ root, outdir });
    } catch (e) {
      error = e;
    }
    if (!ManifestError.is(error)) throw error;
    const diagnostics = (error as ManifestError).diagnostics;
    const atModel = diagnostics.filter((d) => d.file === 'products/careless/index.ts' && d.line === 6);
    expect(atModel.map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('AwsSolutions::AwsSolutions-SM3 on sagemaker-endpoint/Notebook: ')]),
    );
    expect(atModel[0].message).toMatch(/Fix the resource, or acknowledge '.+' with a reason in the product\.$/);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });

  test('an acknowledgement with a reason lets exactly that finding through', () => {
    const root = rootWithProduct([
      "    const notebook = new sagemaker.CfnNotebookInstance(this, 'Notebook', {",
      "      instanceType: 'ml.t3.medium',",
      "      roleArn: 'arn:aws:iam::111111111111:role/x',",
      "      directInternetAccess: 'Enabled',",
      '    });',
      "    this.acknowledge(notebook, { id: 'AwsSolutions::AwsSolutions-SM3', reason: 'test: only this rule is acknowledged' });",
    ]);
    let messages: string[] = [];
    try {
      synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
    } catch (e) {
      messages = (e as ManifestError).diagnostics.map((d) => d.message);
    }
    expect(messages.some((m) => m.includes('AwsSolutions::AwsSolutions-SM3 '))).toBe(false);
    // The other packs still see the same notebook.
    expect(messages.some((m) => m.includes('NIST.800.53.R5::'))).toBe(true);
  });
});
