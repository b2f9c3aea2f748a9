/**
 * cfn-lint runs on every template as one of the rule packs: a finding fails
 * synth at the source line of the construct behind the template element it
 * names; a warning acknowledged with a reason passes and is listed by
 * security-report with what it covers; an error cannot be acknowledged away.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecurityReport } from '../../src/cli/commands/security-report';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { type Diagnostic, ManifestError } from '../../src/model';
import { readRuleFindings } from '../../src/secure/rule-packs';
import { catalogRoot, cli, tempDir, writeFiles, writeProduct } from '../helpers';

/** The `valid` fixture with its endpoint product replaced by `code` (one import: the code starts at line 6). */
function rootWithProduct(code: string[]): string {
  const root = catalogRoot('valid');
  const catalog = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
  writeFiles(root, { 'catalog.yaml': catalog.replace('path: sagemaker-endpoint', 'path: linted') });
  writeProduct(root, 'linted', code, { cdk: 'aws-cdk-lib' });
  return root;
}

function synthDiagnostics(root: string): Diagnostic[] {
  try {
    synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  } catch (error) {
    if (ManifestError.is(error)) return [...(error as ManifestError).diagnostics];
    throw error;
  }
  return [];
}

const cfnLint = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => / cfn-lint::/.test(d.message));

// A parameter no resource uses: cfn-lint W2001, and nothing the other packs look at (a template needs a resource).
const UNUSED_PARAMETER = [
  "    new cdk.CfnParameter(this, 'Unused', { type: 'String', default: 'x' });",
  "    new cdk.CfnWaitConditionHandle(this, 'Handle');",
];
// A property the resource type does not have: cfn-lint E3002 (CloudFormation would reject the template).
const UNKNOWN_PROPERTY = [
  "    const parameter = new cdk.aws_ssm.CfnParameter(this, 'Setting', { type: 'String', value: 'x' });",
  "    parameter.addPropertyOverride('Colour', 'blue');",
];

describe('cfn-lint on product templates', () => {
  test('a warning fails synth at the line that created the construct it names', () => {
    const diagnostics = cfnLint(synthDiagnostics(rootWithProduct(UNUSED_PARAMETER)));
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'products/linted/index.ts', line: 6, col: 5, code: 'RULE_PACK_FINDING' }),
    ]);
    expect(diagnostics[0].message).toMatch(/^warning cfn-lint::W2001 on sagemaker-endpoint\/Unused: /);
  });

  test('an acknowledged warning passes, and security-report lists it with its reason and what it covers', async () => {
    const root = rootWithProduct([
      ...UNUSED_PARAMETER,
      "    this.acknowledge(this.node.findChild('Unused'), { id: 'cfn-lint::W2001', reason: 'test: kept for a later version' });",
    ]);
    expect(cfnLint(synthDiagnostics(root))).toEqual([]);

    const result = await cli(root, 'security-report', '--json', '--product', 'sagemaker-endpoint');
    const report: SecurityReport = JSON.parse(result.stdout);
    expect(report.products[0].acknowledgements).toEqual([
      {
        id: 'cfn-lint::W2001',
        reason: 'test: kept for a later version',
        acknowledgedAt: 'sagemaker-endpoint/Unused',
        writtenAt: 'products/linted/index.ts:8:10',
        covers: ['sagemaker-endpoint/Unused'],
      },
    ]);
    expect(report.products[0].openFindings.filter((f) => f.pack === 'cfn-lint')).toEqual([]);
  });

  test('an error is fatal: acknowledging it does not let it through', () => {
    const plain = cfnLint(synthDiagnostics(rootWithProduct(UNKNOWN_PROPERTY)));
    expect(plain).toEqual([expect.objectContaining({ file: 'products/linted/index.ts', line: 6, col: 23 })]);
    expect(plain[0].message).toMatch(/^fatal cfn-lint::E3002 on sagemaker-endpoint\/Setting: .*cannot be acknowledged\.$/);

    const acknowledged = cfnLint(
      synthDiagnostics(
        rootWithProduct([
          ...UNKNOWN_PROPERTY,
          "    this.acknowledge(parameter, { id: 'cfn-lint::E3002', reason: 'test: trying to wave an error through' });",
        ]),
      ),
    );
    expect(acknowledged.map((d) => [d.file, d.line, d.message.split(' on ')[0]])).toEqual([
      ['products/linted/index.ts', 6, 'fatal cfn-lint::E3002'],
    ]);
  });
});

describe('a validation plugin that fails', () => {
  test('is a fatal finding, not a silent pass', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'validation-report.json'),
      JSON.stringify({
        pluginReports: [{ pluginName: 'cfn-lint', conclusion: 'failure', metadata: { error: "Validation plugin 'cfn-lint' failed: no cfn-lint" }, violations: [] }],
      }),
    );
    expect(readRuleFindings(dir)).toEqual([
      expect.objectContaining({ pack: 'cfn-lint', acknowledgeId: 'cfn-lint::PluginFailed', severity: 'fatal' }),
    ]);
  });
});
