/**
 * `plan --live` compares with the deployed stacks through the CDK toolkit. No
 * AWS here: a fake toolkit records the arguments it receives and answers with
 * template differences computed locally, as the real diff would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// A dependency of @aws-cdk/toolkit-lib: the very function its diff uses, to build real template differences.
// eslint-disable-next-line import/no-extraneous-dependencies
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import type { DiffOptions, ICloudAssemblySource } from '@aws-cdk/toolkit-lib';
import { planExitCode } from '../../src/cli/commands/plan';
import { formatPlanJson, formatPlanText } from '../../src/cli/plan-format';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import type { LiveDiffToolkit, StackTemplateDiff } from '../../src/plan/live-plan';
import { planCatalog } from '../../src/plan/plan-catalog';
import { isChange } from '../../src/plan/plan-changes';
import { cli, tempDir, writeFiles } from '../helpers';
import { readJson, setWidgetSettings, setWidgetVersions, widgetCatalog } from '../versions/widget-catalog';

interface FakeAssembly extends ICloudAssemblySource {
  readonly directory: string;
}

/** Stands in for @aws-cdk/toolkit-lib's Toolkit: deployed templates by stack id; a missing one was never deployed. */
class FakeToolkit implements LiveDiffToolkit {
  public readonly assemblies: string[] = [];
  public readonly diffs: DiffOptions[] = [];
  public readonly stackFiles: string[] = [];

  constructor(
    private readonly deployed: Record<string, any>,
    private readonly failing: Record<string, string> = {},
  ) {}

  public async fromAssemblyDirectory(directory: string): Promise<ICloudAssemblySource> {
    this.assemblies.push(directory);
    this.stackFiles.push(...fs.readdirSync(directory).filter((f) => f.endsWith('.template.json')));
    return { directory, produce: async () => { throw new Error('not used'); } } as unknown as FakeAssembly;
  }

  public async diff(cx: ICloudAssemblySource, options: DiffOptions): Promise<Record<string, StackTemplateDiff>> {
    this.diffs.push(options);
    const id = options.stacks!.patterns![0];
    if (this.failing[id]) throw new Error(this.failing[id]);
    const current = readJson(path.join((cx as FakeAssembly).directory, `${id}.template.json`));
    return { [`${id} (widget-catalog-${id})`]: fullDiff(this.deployed[id] ?? {}, current) };
  }
}

/** The catalog stacks as they were deployed: widget 1.0.0 released and published everywhere. */
async function deployedCatalog(): Promise<{ root: string; deployed: Record<string, any> }> {
  const root = widgetCatalog([{ name: '1.0.0' }]);
  await cli(root, 'release', 'widget', '1.0.0');
  const synthesized = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  return { root, deployed: Object.fromEntries(synthesized.stacks.map((s) => [s.id, readJson(s.templateFile)])) };
}

describe('plan --live', () => {
  test('asks the toolkit for a template diff of each catalog stack, one stack at a time, from the synthesized assembly', async () => {
    const { root, deployed } = await deployedCatalog();
    const toolkit = new FakeToolkit(deployed);

    await planCatalog({ root, live: true, toolkit });

    expect(toolkit.assemblies).toHaveLength(1);
    expect(toolkit.stackFiles.sort()).toEqual(['dev-eu-west-1.template.json', 'prod-eu-west-1.template.json']);
    expect(toolkit.diffs.map((d) => ({ stacks: d.stacks, method: d.method?.method }))).toEqual([
      { stacks: { strategy: 'pattern-must-match-single', patterns: ['dev-eu-west-1'] }, method: 'template-only' },
      { stacks: { strategy: 'pattern-must-match-single', patterns: ['prod-eu-west-1'] }, method: 'template-only' },
    ]);
  });

  test('with --change-set, lets CloudFormation compute a change set and does not fall back silently', async () => {
    const { root, deployed } = await deployedCatalog();
    const toolkit = new FakeToolkit(deployed);
    await planCatalog({ root, live: true, liveMethod: 'change-set', toolkit });
    expect(toolkit.diffs.map((d) => [d.method?.method, d.method?.options])).toEqual([
      ['change-set', { fallbackToTemplate: false }],
      ['change-set', { fallbackToTemplate: false }],
    ]);
  });

  test('reports nothing to do when the deployed stacks are what would be published', async () => {
    const { root, deployed } = await deployedCatalog();
    const plan = await planCatalog({ root, live: true, toolkit: new FakeToolkit(deployed) });
    expect(plan.baseline).toBe('live');
    expect(plan.changes).toBe(false);
    expect(planExitCode(plan)).toBe(0);
    expect(plan.targets[0].changes).toEqual([{ subject: 'version', action: 'unchanged', product: 'widget', version: '1.0.0' }]);
  });

  test('reads the differences back as versions, portfolio, principal, constraint and TagOption changes', async () => {
    const { root, deployed } = await deployedCatalog();
    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0', status: 'deprecated' }, { name: '1.1.0' }]);
    writeFiles(root, {
      'portfolios/widgets.yaml': fs
        .readFileSync(path.join(root, 'portfolios/widgets.yaml'), 'utf8')
        .replace('displayName: Widgets', 'displayName: Widgets and gadgets')
        .replace('roles: [Builder]', 'roles: [Builder, Reviewer]')
        .replace('SCLaunchWidget', 'SCLaunchWidgetV2')
        .replace('[cc-1]', '[cc-1, cc-2]'),
    });
    // prod was never deployed.
    const plan = await planCatalog({ root, live: true, toolkit: new FakeToolkit({ 'dev-eu-west-1': deployed['dev-eu-west-1'] }) });

    expect(plan.changes).toBe(true);
    expect(planExitCode(plan)).toBe(2);
    const [dev, prod] = plan.targets;
    expect(dev.status).toBe('changed');
    const catalogChanges = dev.changes.filter((c) => c.subject !== 'resource');
    expect(catalogChanges).toEqual(
      expect.arrayContaining([
        { subject: 'version', action: 'create', product: 'widget', version: '1.1.0' },
        { subject: 'version', action: 'deprecate', product: 'widget', version: '1.0.0', from: 'active', to: 'deprecated' },
        { subject: 'principal', action: 'create', portfolio: 'widgets', principalType: 'role', principal: 'Reviewer' },
        { subject: 'constraint', action: 'update', portfolio: 'widgets', product: 'widget', from: 'SCLaunchWidget', to: 'SCLaunchWidgetV2', detail: 'launch role' },
        { subject: 'tag-option', action: 'create', portfolio: 'widgets', tagKey: 'cost-center', tagValue: 'cc-2' },
        { subject: 'portfolio', action: 'update', portfolio: 'widgets', detail: 'DisplayName' },
      ]),
    );
    expect(catalogChanges).toHaveLength(6);
    // The custom resources' function, role, policies, log group and its key come with the first deprecated version.
    expect(dev.changes.filter((c) => c.subject === 'resource').map((c) => c.detail!.split(' ')[0]).sort()).toEqual([
      'AWS::IAM::Policy',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::KMS::Key',
      'AWS::Lambda::Function',
      'AWS::Logs::LogGroup',
    ]);

    expect(prod.status).toBe('new');
    expect(prod.changes.filter(isChange).map((c) => `${c.action} ${c.subject}`)).toEqual(
      expect.arrayContaining(['create product', 'create version', 'create portfolio', 'create principal', 'create portfolio-product', 'create constraint', 'create tag-option']),
    );
  });

  test('reports a target it could not compare, still compares the others, and exits 1', async () => {
    const { root, deployed } = await deployedCatalog();
    const plan = await planCatalog({
      root,
      live: true,
      toolkit: new FakeToolkit(deployed, { 'prod-eu-west-1': 'Need to perform AWS calls for account 333333333333, but no credentials have been configured' }),
    });

    expect(plan.targets.map((t) => t.status)).toEqual(['unchanged', 'not-compared']);
    expect(plan.notCompared).toBe(1);
    // Nothing changes where it could compare, but prod is unknown: neither "no changes" nor "changes".
    expect(plan.changes).toBeNull();
    expect(planExitCode(plan)).toBe(1);
    expect(formatPlanText(plan).split('\n').slice(6, 8)).toEqual([
      'prod (333333333333) eu-west-1, stack widget-catalog-prod-eu-west-1: could not be compared',
      '  error: Need to perform AWS calls for account 333333333333, but no credentials have been configured',
    ]);
  });

  test('without credentials, no target is compared: none is reported as a change, in text or JSON, and the exit code is 1', async () => {
    const { root } = await deployedCatalog();
    const noCredentials = (account: string) => `Need to perform AWS calls for account ${account}, but no credentials have been configured`;
    const plan = await planCatalog({
      root,
      live: true,
      toolkit: new FakeToolkit({}, { 'dev-eu-west-1': noCredentials('111111111111'), 'prod-eu-west-1': noCredentials('333333333333') }),
    });

    expect(plan.targets.map((t) => t.status)).toEqual(['not-compared', 'not-compared']);
    expect(plan.targets.flatMap((t) => t.changes)).toEqual([]);
    expect(plan.changes).toBeNull();
    expect(plan.notCompared).toBe(2);
    expect(planExitCode(plan)).toBe(1);

    const text = formatPlanText(plan);
    expect(text).not.toMatch(/would change/);
    expect(text.split('\n').filter((l) => l.endsWith(': could not be compared'))).toHaveLength(2);
    const json = JSON.parse(formatPlanJson(plan, planExitCode(plan)));
    expect(json).toMatchObject({
      changes: null,
      notCompared: 2,
      exitCode: 1,
      summary: {},
      targetSummary: { total: 2, compared: 0, changed: 0, unchanged: 0, notCompared: 2 },
    });
  });

  test('changes in the targets it could compare are reported as changes, the others counted apart; still exit 1 (incomplete)', async () => {
    const { root } = await deployedCatalog();
    // dev was never deployed (everything new); prod cannot be read.
    const plan = await planCatalog({ root, live: true, toolkit: new FakeToolkit({}, { 'prod-eu-west-1': 'AccessDenied' }) });

    expect(plan.targets.map((t) => t.status)).toEqual(['new', 'not-compared']);
    expect(plan.changes).toBe(true);
    expect(planExitCode(plan)).toBe(1);
    expect(JSON.parse(formatPlanJson(plan, 1)).targetSummary).toEqual({ total: 2, compared: 1, changed: 1, unchanged: 0, notCompared: 1 });
    const summary = formatPlanText(plan).split('\n').at(-1)!;
    expect(summary).toMatch(/^1 of 1 compared targets would change: .*\. 1 target of 2 could not be compared/);
  });
});
