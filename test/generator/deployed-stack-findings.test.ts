/**
 * The stacks the tool deploys (catalog, pipeline, organisation) go through the
 * same rule packs as product templates: an unacknowledged finding is a
 * diagnostic at the line that created the construct, and an acknowledgement
 * with a reason lets exactly that finding through.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildCatalogApp } from '../../src/generator/catalog-app';
import { resolveProductClasses } from '../../src/generator/product-registry';
import { synthesizeCurrentTemplates } from '../../src/generator/product-templates';
import { checkRulePacks } from '../../src/generator/rule-pack-check';
import { resolveVersionTemplates } from '../../src/generator/versions';
import { loadCatalog } from '../../src/manifest';
import { type Diagnostic, ManifestError } from '../../src/model';
import { catalogRoot, tempDir } from '../helpers';

const catalog = loadCatalog(catalogRoot('publishing'));
const versions = resolveVersionTemplates(
  catalog,
  synthesizeCurrentTemplates(catalog, resolveProductClasses(catalog), { outdir: path.join(tempDir(), 'products') }),
);

/** The publishing fixture's catalog app with `add` applied to its dev catalog stack; the diagnostics of its check. */
function check(add: (stack: Stack) => void): Diagnostic[] {
  const outdir = tempDir();
  const app = buildCatalogApp(catalog, versions, { outdir });
  add(app.node.findChild('dev-eu-west-1') as Stack);
  app.synth();
  try {
    checkRulePacks(catalog, 'catalog', app, outdir);
  } catch (error) {
    if (ManifestError.is(error)) return [...(error as ManifestError).diagnostics];
    throw error;
  }
  return [];
}

describe('rule packs on the deployed stacks', () => {
  test('an unencrypted topic in a catalog stack fails at the line that created it', () => {
    const diagnostics = check((stack) => new sns.Topic(stack, 'Careless'));
    const at = diagnostics.filter((d) => d.message.includes(' on dev-eu-west-1/Careless/Resource: '));
    expect(at.map((d) => d.message.split(' on ')[0])).toEqual(expect.arrayContaining(['error AwsSolutions::AwsSolutions-SNS3', 'error NIST.800.53.R5::NIST.800.53.R5-SNSEncryptedKMS']));
    const created = fs.readFileSync(__filename, 'utf8').split('\n').findIndex((line) => line.includes("new sns.Topic(stack, 'Careless')")) + 1;
    expect(new Set(at.map((d) => `${path.basename(d.file)}:${d.line}`))).toEqual(new Set([`deployed-stack-findings.test.ts:${created}`]));
    expect(at[0].message).toMatch(/acknowledge '.+' with a reason where the construct is created\.$/);
    // Everything the generator itself deploys there is fixed or acknowledged.
    expect(diagnostics.filter((d) => !d.message.includes('/Careless/'))).toEqual([]);
  });

  test('an acknowledgement with a reason lets exactly that finding through', () => {
    const diagnostics = check((stack) => {
      const topic = new sns.Topic(stack, 'Careless');
      Validations.of(topic).acknowledge({ id: 'AwsSolutions::AwsSolutions-SNS3', reason: 'test: only this rule is acknowledged' });
    });
    const ids = diagnostics.map((d) => d.message.split(' ')[1]);
    expect(ids).not.toContain('AwsSolutions::AwsSolutions-SNS3');
    expect(ids).toContain('NIST.800.53.R5::NIST.800.53.R5-SNSEncryptedKMS');
  });
});
