/**
 * `plan` end to end: synthesize what a publish would deploy, compare it with
 * catalog.lock.json, print it for people or CI, and say by the exit code
 * whether anything would change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { ManifestError } from '../../src/model/diagnostics';
import {
  desiredTargetStates,
  PUBLISHED_STATE_FILE,
  readPublishedState,
  recordPublished,
  recordPublishedStacks,
} from '../../src/plan/published-state';
import { cli, tempDir, writeFiles } from '../helpers';
import { setWidgetSettings, setWidgetVersions, widgetCatalog } from '../versions/widget-catalog';

/** What `publish` does after deploying: record the state of every target. */
function recordAsPublished(root: string, now = new Date('2026-11-20T10:00:00Z')): void {
  const synthesized = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  recordPublished(root, desiredTargetStates(synthesized.catalog, synthesized.versions), now);
}

const PORTFOLIO_CHANGED = `id: widgets
displayName: Widgets and gadgets
providerName: Platform
accounts: [dev, prod]
principals:
  roles: [Builder, Reviewer]
products:
  - id: widget
    launchRole: SCLaunchWidgetV2
tagOptions:
  cost-center: [cc-1, cc-2]
`;

describe('plan with nothing published yet', () => {
  test('shows everything as new, per account and region, and exits 2', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    const target = (account: string, id: string) => [
      `${account} (${id}) eu-west-1, stack widget-catalog-${account}-eu-west-1: 7 changes (not published yet)`,
      '     KIND               WHAT                      CHANGE',
      '  +  product            widget                    create',
      '  +  version            widget 1.0.0              create (released)',
      '  +  portfolio          widgets                   create',
      '  +  principal          widgets role Builder      create',
      '  +  portfolio-product  widgets widget            create',
      '  +  constraint         widgets widget            create launch role: SCLaunchWidget',
      '  +  tag-option         widgets cost-center=cc-1  create',
      '',
    ];
    expect(await cli(root, 'plan')).toEqual({
      code: 2,
      stdout: [
        'Plan compared with nothing: catalog.lock.json does not exist, so everything is new',
        '',
        ...target('dev', '111111111111'),
        ...target('prod', '333333333333'),
        '2 of 2 targets would change: 14 create.',
        '',
      ].join('\n'),
      stderr: '',
    });
  });
});

describe('plan against catalog.lock.json', () => {
  test('with nothing changed since the last publish, lists the versions as unchanged and exits 0', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    recordAsPublished(root);
    const target = (account: string, id: string) => [
      `${account} (${id}) eu-west-1, stack widget-catalog-${account}-eu-west-1: no changes`,
      '     KIND     WHAT          CHANGE',
      '  =  version  widget 1.0.0  unchanged (released)',
      '',
    ];
    expect(await cli(root, 'plan')).toEqual({
      code: 0,
      stdout: [
        'Plan compared with catalog.lock.json (the state last published from this repository)',
        '',
        ...target('dev', '111111111111'),
        ...target('prod', '333333333333'),
        'Nothing to publish: 2 targets up to date.',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  test('shows new, deprecated and unchanged versions and portfolio, principal, constraint and TagOption changes, and exits 2', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    recordAsPublished(root);
    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0', status: 'deprecated' }, { name: '1.1.0' }]);
    writeFiles(root, { 'portfolios/widgets.yaml': PORTFOLIO_CHANGED });

    const result = await cli(root, 'plan');

    expect(result.code).toBe(2);
    expect(result.stdout.split('\n').slice(0, 13)).toEqual([
      'Plan compared with catalog.lock.json (the state last published from this repository)',
      '',
      'dev (111111111111) eu-west-1, stack widget-catalog-dev-eu-west-1: 6 changes',
      '     KIND        WHAT                      CHANGE',
      '  ~  version     widget 1.0.0              deprecate: active -> deprecated',
      '  +  version     widget 1.1.0              create (built from the current code, not released)',
      '  ~  portfolio   widgets                   update displayName: Widgets -> Widgets and gadgets',
      '  +  principal   widgets role Reviewer     create',
      '  ~  constraint  widgets widget            update launch role: SCLaunchWidget -> SCLaunchWidgetV2',
      '  +  tag-option  widgets cost-center=cc-2  create',
      '  warning: widget 1.1.0: not released: its template is not frozen, so a later code change would replace it; release it first',
      '',
      'prod (333333333333) eu-west-1, stack widget-catalog-prod-eu-west-1: 6 changes',
    ]);
    expect(result.stdout.split('\n').slice(-2)).toEqual(['2 of 2 targets would change: 2 deprecate, 6 create, 4 update.', '']);
  });

  test('--json gives CI the same plan, with the exit code and a summary', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    recordAsPublished(root);
    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0', status: 'inactive' }, { name: '1.1.0' }]);
    writeFiles(root, { 'portfolios/widgets.yaml': PORTFOLIO_CHANGED.replace('accounts: [dev, prod]', 'accounts: [dev]') });

    const result = await cli(root, 'plan', '--json');

    expect(result.code).toBe(2);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ baseline: 'published-state', changes: true, exitCode: 2 });
    expect(plan.summary).toEqual({ deactivate: 1, create: 3, update: 2, remove: 1 });
    expect(plan.targets.map((t: any) => [t.id, t.account, t.accountId, t.region, t.stackName, t.status])).toEqual([
      ['dev-eu-west-1', 'dev', '111111111111', 'eu-west-1', 'widget-catalog-dev-eu-west-1', 'changed'],
      ['prod-eu-west-1', 'prod', '333333333333', 'eu-west-1', 'widget-catalog-prod-eu-west-1', 'removed'],
    ]);
    expect(plan.targets[0].changes.slice(0, 2)).toEqual([
      { subject: 'version', action: 'deactivate', product: 'widget', version: '1.0.0', from: 'active', to: 'inactive' },
      {
        subject: 'version',
        action: 'create',
        product: 'widget',
        version: '1.1.0',
        to: 'active',
        detail: 'built from the current code, not released',
        warning: 'not released: its template is not frozen, so a later code change would replace it; release it first',
      },
    ]);
  });

  test('fails like synth when the code changed a released version (publish would fail too)', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetSettings(root, { value: 'b' });
    const result = await cli(root, 'plan');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^catalog\.yaml:23:9: product 'widget' version '1\.0\.0' is released, but the current code builds a different template/);
  });

  test('fails on a catalog.lock.json that is not a published-state record, at the position', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    writeFiles(root, { [PUBLISHED_STATE_FILE]: '{\n  "format": 1,\n  "targets": {,}\n}\n' });
    const result = await cli(root, 'plan');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^catalog\.lock\.json:3:15: catalog\.lock\.json is not a published-state record: .*\. It is written by sc-factory publish; restore it from version control \(or delete it to plan as if nothing was published\)\n1 problem found; nothing was written\.\n$/,
    );
  });

  test('fails on a record of another format', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    writeFiles(root, { [PUBLISHED_STATE_FILE]: '{"format": 7, "targets": {}}' });
    expect((await cli(root, 'plan')).stderr).toBe(
      'catalog.lock.json:1:1: catalog.lock.json is not a published-state record: expected {"format": 1, "targets": {...}} as written by ' +
        'sc-factory publish. It is written by sc-factory publish; restore it from version control (or delete it to plan as if nothing was published)\n' +
        '1 problem found; nothing was written.\n',
    );
  });

  test('fails on a record that lacks part of a target, at the entry that lacks it', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    recordAsPublished(root);
    const text = malformedRecord(root, (record) => delete record.targets['dev-eu-west-1'].products.widget.versions);
    const { line, col } = positionIn(text, '"widget": {');
    const result = await cli(root, 'plan');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `catalog.lock.json:${line}:${col}: catalog.lock.json is not a published-state record: missing required key 'versions' in 'widget'. ` +
        'It is written by sc-factory publish; restore it from version control (or delete it to plan as if nothing was published)\n' +
        '1 problem found; nothing was written.\n',
    );
  });

  test('never writes cdk.out', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'plan');
    expect(fs.existsSync(path.join(root, 'cdk.out'))).toBe(false);
  });

  test('fails on arguments it does not know', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    expect(await cli(root, 'plan', '--change-set')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'plan: --change-set needs --live\nusage: sc-factory plan [--root DIR] [--json] [--live [--change-set]] [--changes-file FILE]\n',
    });
  });
});

describe('recording what was published', () => {
  test('writes one entry per target, keeps the others, in a stable order', () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    const synthesized = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
    const [dev, prod] = desiredTargetStates(synthesized.catalog, synthesized.versions);

    recordPublished(root, [prod], new Date('2026-11-20T10:00:00Z'));
    recordPublished(root, [dev], new Date('2026-11-21T10:00:00Z'));

    const state = readPublishedState(root)!;
    expect(Object.keys(state.targets)).toEqual(['dev-eu-west-1', 'prod-eu-west-1']);
    expect(state.targets['prod-eu-west-1'].publishedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(state.targets['dev-eu-west-1']).toEqual({ ...dev, publishedAt: '2026-11-21T10:00:00.000Z' });
    expect(state.targets['dev-eu-west-1'].products.widget.versions).toEqual([
      { name: '1.0.0', description: 'Widget 1.0.0.', status: 'active', sha256: synthesized.versions.get('widget')![0].sha256, released: false },
    ]);
  });

  test("publish's hook records the catalog stacks it deployed and ignores other stacks", () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    const synthesized = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });

    expect(recordPublishedStacks(synthesized, ['Pipeline'], new Date('2026-11-20T10:00:00Z'))).toBeUndefined();
    expect(fs.existsSync(path.join(root, PUBLISHED_STATE_FILE))).toBe(false);
    recordPublishedStacks(synthesized, ['prod-eu-west-1', 'Pipeline'], new Date('2026-11-20T10:00:00Z'));

    expect(Object.keys(readPublishedState(root)!.targets)).toEqual(['prod-eu-west-1']);
  });
});

describe('plan with an organisation', () => {
  test("shows the organisation's StackSet as a target of its own, with the organizational units each portfolio reaches", async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    const catalogYaml = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
    writeFiles(root, {
      'catalog.yaml': catalogYaml
        .replace('  prod:\n', '  management:\n    id: "555555555555"\n    regions: [us-east-1]\n  prod:\n')
        .replace('defaults:\n', 'organization:\n  id: o-a1b2c3d4e5\n  account: management\n  regions: [eu-west-1, eu-central-1]\ndefaults:\n'),
      'portfolios/sandbox.yaml': [
        'id: sandbox',
        'displayName: Sandbox',
        'providerName: Platform',
        'organizationalUnits: [ou-ab12-22222222, r-ab12]',
        'principals:',
        '  rolePatterns: ["arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Sandbox_*"]',
        'products:',
        '  - id: widget',
        '    launchRole: SCLaunchSandbox',
        '',
      ].join('\n'),
    });

    const plan = JSON.parse((await cli(root, 'plan', '--json')).stdout);

    const organization = plan.targets.find((t: any) => t.id === 'Organization-StackSet');
    expect(organization).toMatchObject({
      account: 'management',
      accountId: '555555555555',
      region: 'eu-west-1,eu-central-1',
      stackName: 'widget-catalog-organization-stackset',
      status: 'new',
    });
    expect(organization.changes.filter((c: any) => c.subject === 'organizational-unit')).toEqual([
      { subject: 'organizational-unit', action: 'create', portfolio: 'sandbox', organizationalUnit: 'ou-ab12-22222222' },
      { subject: 'organizational-unit', action: 'create', portfolio: 'sandbox', organizationalUnit: 'r-ab12' },
    ]);
    expect(organization.changes.map((c: any) => c.portfolio).filter(Boolean)).not.toContain('widgets');
  });
});

describe('catalog.lock.json is validated by its schema (src/model/published-state-schema.ts)', () => {
  /** The diagnostics reading the record gives, as codes and positions. */
  function problemsOf(root: string): unknown[] {
    try {
      readPublishedState(root);
    } catch (error) {
      if (!ManifestError.is(error)) throw error;
      return error.diagnostics.map((d) => ({ code: d.code, file: d.file, line: d.line, col: d.col }));
    }
    throw new Error('the record was read without a problem');
  }

  function published(): string {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    recordAsPublished(root);
    return root;
  }

  test('a record as publish writes it is read back as written', () => {
    const root = published();
    expect(readPublishedState(root)).toEqual(JSON.parse(fs.readFileSync(path.join(root, PUBLISHED_STATE_FILE), 'utf8')));
  });

  test('a value of the wrong type is reported at the value', () => {
    const root = published();
    const text = malformedRecord(root, (record) => (record.targets['dev-eu-west-1'].products.widget.versions[0].released = 'yes'));
    expect(problemsOf(root)).toEqual([{ code: 'WRONG_TYPE', file: PUBLISHED_STATE_FILE, ...positionIn(text, '"yes"') }]);
  });

  test('an unknown key is reported at the key', () => {
    const root = published();
    const text = malformedRecord(root, (record) => (record.targets['prod-eu-west-1'].portfolios.widgets.colour = 'blue'));
    expect(problemsOf(root)).toEqual([{ code: 'UNKNOWN_KEY', file: PUBLISHED_STATE_FILE, ...positionIn(text, '"colour"') }]);
  });

  test('a missing key is reported at the entry that lacks it', () => {
    const root = published();
    const text = malformedRecord(root, (record) => delete record.targets['dev-eu-west-1'].stackName);
    expect(problemsOf(root)).toEqual([{ code: 'MISSING_KEY', file: PUBLISHED_STATE_FILE, ...positionIn(text, '"dev-eu-west-1": {') }]);
  });

  test('every problem is reported, not just the first', () => {
    const root = published();
    malformedRecord(root, (record) => {
      record.targets['dev-eu-west-1'].products.widget.versions[0].status = 'retired';
      record.targets['prod-eu-west-1'].portfolios.widgets.principals.roles = 'Builder';
    });
    expect(problemsOf(root).map((p: any) => p.code)).toEqual(['INVALID_VALUE', 'WRONG_TYPE']);
  });

  test('plan exits 1 with the positioned diagnostic, never a stack trace', async () => {
    const root = published();
    const text = malformedRecord(root, (record) => (record.targets['dev-eu-west-1'].accountId = 111111111111));
    const { line, col } = positionIn(text, '111111111111,');
    const result = await cli(root, 'plan');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(new RegExp(`^catalog\\.lock\\.json:${line}:${col}: catalog\\.lock\\.json is not a published-state record: 'accountId' `));
    expect(result.stderr).not.toMatch(/bug in sc-factory|    at /);
  });
});

/** Rewrites the recorded catalog.lock.json with `change` applied, as publish formats it; returns the new text. */
function malformedRecord(root: string, change: (record: any) => void): string {
  const file = path.join(root, PUBLISHED_STATE_FILE);
  const record = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(record);
  const text = `${JSON.stringify(record, null, 2)}\n`;
  fs.writeFileSync(file, text);
  return text;
}

/** The 1-based line and column where `needle` first occurs in `text`. */
function positionIn(text: string, needle: string): { line: number; col: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' is not in the text`);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}
