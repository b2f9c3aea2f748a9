/**
 * The quota plugin works for any stack the tool deploys, not only products:
 * catalog stacks with Service Catalog resources, the pipeline and its stages,
 * organisation stacks. Its findings carry the construct path and the creation
 * line the rule-pack machinery reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnOutput, Stack, Stage, Validations } from 'aws-cdk-lib';
import { synthesizeCatalog } from '../../../src/generator/catalog-app';
import { checkTemplateQuotas, measurePolicies, QuotaChecks } from '../../../src/secure/quotas';
import { readRuleFindings, RULE_PACK_CONTEXT } from '../../../src/secure/rule-packs';
import { catalogRoot, tempDir } from '../../helpers';

/** Every template file under an assembly folder, nested assemblies included. */
function templatesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return templatesUnder(full);
    return entry.name.endsWith('.template.json') ? [full] : [];
  });
}

describe('QuotaChecks on every stack', () => {
  test('a finding in a stack inside a stage is reported on its construct, at the line that created it', () => {
    const outdir = tempDir();
    const app = new App({ outdir, postCliContext: { ...RULE_PACK_CONTEXT } });
    Validations.of(app).addPlugins(new QuotaChecks(app));
    const stack = new Stack(new Stage(app, 'Dev'), 'Catalog');
    for (let i = 0; i < 201; i++) new CfnOutput(stack, `O${i}`, { value: 'x' });
    app.synth();
    const findings = readRuleFindings(outdir).filter((f) => f.pack === 'Quotas');
    expect(findings.map((f) => [f.acknowledgeId, f.constructPath])).toEqual([['Quotas::TemplateOutputCount', 'Dev/Catalog/O200']]);
    expect(findings[0].createdAt).toMatch(/test\/secure\/quotas\/plugin\.test\.ts:30:\d+$/);
  });

  test('the publishing fixture: catalog, pipeline, stage and product templates are measured, and fit', () => {
    const result = synthesizeCatalog({ root: catalogRoot('publishing'), outdir: path.join(tempDir(), 'cdk.out') });
    const templates = templatesUnder(result.outdir);
    const names = templates.map((t) => path.basename(t));
    expect(names).toEqual(expect.arrayContaining(['dev-eu-west-1.template.json', 'Pipeline.template.json', 'sagemaker-endpoint.template.json']));
    expect(templates.some((t) => t.includes(`${path.sep}assembly-Pipeline-`))).toBe(true);
    for (const template of templates) {
      expect([path.basename(template), checkTemplateQuotas(fs.readFileSync(template, 'utf8'))]).toEqual([path.basename(template), []]);
    }
    const pipeline = JSON.parse(fs.readFileSync(templates.find((t) => path.basename(t) === 'Pipeline.template.json')!, 'utf8'));
    expect(measurePolicies(pipeline).length).toBeGreaterThan(5);
  });
});
