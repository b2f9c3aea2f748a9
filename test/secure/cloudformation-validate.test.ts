/**
 * aws-cdk-lib's CloudFormation validation with its findings cached per template
 * (src/secure/cloudformation-validate.ts): the report is aws-cdk-lib's own
 * plugin's, cold, warm and after a damaged entry; a warm run starts no engine;
 * a template's findings do not depend on the templates validated with it; and
 * the tool's apps use it in place of aws-cdk-lib's default.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnParameter, CloudFormationValidatePlugin, type IPolicyValidationContext, type PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { CachedCloudFormationValidate } from '../../src/secure/cloudformation-validate';
import { checkedApp } from '../../src/secure/rule-packs';
import { tempDir } from '../helpers';

/** Findings of several kinds: schema errors and warnings on resources, and a warning on the template (an unused parameter). */
const FLAWED = {
  Parameters: { Unused: { Type: 'String' } },
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'Not_Valid', VersioningConfiguration: { Status: 'Sometimes' } } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 5, Unknown: 1 } },
  },
};
/** Shares one finding with FLAWED (the same rule, severity and description: merged into one violation). */
const SIMILAR = { Resources: { Other: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'Not_Valid' } }, Queue: { Type: 'AWS::SQS::Queue' } } };
const CLEAN = { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } };

function contextOf(templates: Record<string, object>, region = 'eu-west-1'): IPolicyValidationContext {
  const dir = tempDir();
  const stackTemplates = Object.entries(templates).map(([name, template]) => {
    const templatePath = path.join(dir, `${name}.template.json`);
    fs.writeFileSync(templatePath, JSON.stringify(template, undefined, 1));
    return { stackConstructPath: name, templatePath, accountId: undefined, region };
  });
  return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: new App() };
}

/** The report with each violation's resources and the violations in a fixed order (aws-cdk-lib orders them by the engine's output). */
const sorted = (report: PolicyValidationPluginReport) => ({
  success: report.success,
  violations: report.violations
    .map((v) => ({ ...v, violatingResources: [...v.violatingResources].sort((a, b) => (a.templatePath ?? '').localeCompare(b.templatePath ?? '')) }))
    .sort((a, b) => JSON.stringify([a.ruleName, a.description]).localeCompare(JSON.stringify([b.ruleName, b.description]))),
});

describe('aws-cdk-lib\'s CloudFormation validation, cached per template', () => {
  const context = contextOf({ Flawed: FLAWED, Similar: SIMILAR, Clean: CLEAN });
  const uncached = new CloudFormationValidatePlugin().validate(context);

  test('reports what aws-cdk-lib\'s own plugin reports: cold, then warm from the cache', () => {
    // The comparison could fail: there are findings of each kind, one of them on two templates.
    expect(uncached.success).toBe(false);
    expect(uncached.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['F3002', 'F3031', 'W2001', 'W3030']));
    expect(uncached.violations.find((v) => v.ruleName === 'F3031')!.violatingResources).toHaveLength(2);
    expect(uncached.violations.find((v) => v.ruleName === 'W2001')!.violatingResources[0].constructPath).toBe('Flawed');

    const plugin = new CachedCloudFormationValidate(tempDir());
    const cold = plugin.validate(context);
    expect(sorted(cold)).toEqual(sorted(uncached));
    expect(plugin.validate(context)).toEqual(cold);
    // Another plugin, with the same cache: the same report.
    expect(new CachedCloudFormationValidate((plugin as unknown as { cacheDir: string }).cacheDir).validate(context)).toEqual(cold);
  });

  test('a warm run starts no engine; a template not seen yet (another region counts) does', () => {
    const cache = tempDir();
    new CachedCloudFormationValidate(cache).validate(context);
    const engine = jest.spyOn(CloudFormationValidatePlugin.prototype, 'validate');
    try {
      new CachedCloudFormationValidate(cache).validate(context);
      expect(engine).not.toHaveBeenCalled();
      const elsewhere = contextOf({ Flawed: FLAWED }, 'us-east-1');
      new CachedCloudFormationValidate(cache).validate(elsewhere);
      expect(engine).toHaveBeenCalledTimes(1);
    } finally {
      engine.mockRestore();
    }
  });

  test('a damaged cache entry is recomputed, never served', () => {
    const cache = tempDir();
    const first = new CachedCloudFormationValidate(cache).validate(context);
    const entries = fs.readdirSync(cache);
    expect(entries).toHaveLength(3);
    for (const [i, entry] of entries.entries()) {
      // Cut short, emptied of findings under another key, not JSON at all.
      const file = path.join(cache, entry);
      const damaged = [fs.readFileSync(file, 'utf8').slice(0, 20), JSON.stringify({ key: 'other', findings: [] }), '\u0000'][i];
      fs.writeFileSync(file, damaged);
    }
    expect(new CachedCloudFormationValidate(cache).validate(context)).toEqual(first);
    for (const entry of entries) expect(JSON.parse(fs.readFileSync(path.join(cache, entry), 'utf8')).key).toBe(entry.replace(/\.json$/, ''));
  });

  test('a template\'s findings do not depend on the templates validated with it', () => {
    const alone = new CachedCloudFormationValidate(tempDir()).validate(contextOf({ Flawed: FLAWED }));
    const together = new CloudFormationValidatePlugin().validate(contextOf({ Flawed: FLAWED, Similar: SIMILAR, Clean: CLEAN }));
    const flawedOnly = {
      ...together,
      violations: together.violations
        .map((v) => ({ ...v, violatingResources: v.violatingResources.filter((r) => r.templatePath?.endsWith('Flawed.template.json')) }))
        .filter((v) => v.violatingResources.length > 0),
    };
    const withoutPaths = (report: PolicyValidationPluginReport) =>
      sorted({ ...report, violations: report.violations.map((v) => ({ ...v, violatingResources: v.violatingResources.map(({ templatePath: _, ...r }) => ({ ...r, templatePath: '' })) })) });
    expect(withoutPaths(alone)).toEqual(withoutPaths(flawedOnly));
  });

  test('the tool\'s apps use it in place of aws-cdk-lib\'s default (which would validate every template twice)', () => {
    const outdir = tempDir();
    const app = checkedApp({ outdir });
    // A finding for the plugin to report: an unused parameter.
    new CfnParameter(new Stack(app, 'One'), 'Unused');
    const plugins = (app as unknown as { _validationPlugins: unknown[] })._validationPlugins;
    // The last plugin: reports are merged in the order aws-cdk-lib writes them, its own validation last.
    expect(plugins.filter((p) => p instanceof CloudFormationValidatePlugin)).toEqual([CachedCloudFormationValidate.instance()]);
    expect(plugins[plugins.length - 1]).toBe(CachedCloudFormationValidate.instance());
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
    };
    const own = report.pluginReports.filter((r) => r.pluginName === CloudFormationValidatePlugin.PLUGIN_NAME);
    expect(own.map((r) => r.violations.map((v) => v.ruleName))).toEqual([expect.arrayContaining(['W2001'])]);
  });
});
