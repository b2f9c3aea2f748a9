/**
 * The exit codes CI reads, through the documented commands as separate
 * processes: `npx sc-factory plan` (the package's bin) exits 0 nothing to
 * publish, 2 changes, 1 bad input; `npx projen plan` exits 0 or 1 (projen's task
 * runner turns every non-zero exit into 1) and says "changes" by writing
 * `.sc-factory/plan-changes.json` beside the catalog.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { desiredTargetStates, recordPublished } from '../../src/plan/published-state';
import { catalogRoot, cli, REPO_ROOT, tempDir } from '../helpers';
import { readJson, widgetCatalog } from '../versions/widget-catalog';

function run(command: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, CI: 'true' };
  const result = spawnSync(command, args, { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 500_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const projenPlan = (root: string) => run('npx', ['projen', 'plan', '--root', root]);
const binPlan = (root: string) => run('npx', ['--no', 'sc-factory', 'plan', '--root', root]);
const changesFile = (root: string) => path.join(root, '.sc-factory', 'plan-changes.json');

/** The widget catalog, released and recorded as published: nothing to publish. */
async function publishedCatalog(): Promise<string> {
  const root = widgetCatalog([{ name: '1.0.0' }]);
  expect((await cli(root, 'release', 'widget', '1.0.0')).code).toBe(0);
  const synthesized = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  recordPublished(root, desiredTargetStates(synthesized.catalog, synthesized.versions), new Date('2026-11-20T10:00:00Z'));
  return root;
}

// Each test starts four to six processes that load the CLI from its TypeScript sources.
jest.setTimeout(900_000);

describe('plan exit codes through the documented commands', () => {
  test('nothing to publish: npx sc-factory plan exits 0; npx projen plan exits 0 and writes no changes file', async () => {
    const root = await publishedCatalog();
    // A file from an earlier run must not answer for this one.
    fs.mkdirSync(path.dirname(changesFile(root)), { recursive: true });
    fs.writeFileSync(changesFile(root), '{}');

    expect(binPlan(root)).toMatchObject({ code: 0 });
    expect(projenPlan(root)).toMatchObject({ code: 0 });
    expect(fs.existsSync(changesFile(root))).toBe(false);
  });

  test('changes: npx sc-factory plan exits 2; npx projen plan exits 0 and writes the plan to the changes file', () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);

    expect(binPlan(root)).toMatchObject({ code: 2 });
    expect(projenPlan(root)).toMatchObject({ code: 0 });
    expect(readJson(changesFile(root))).toMatchObject({ baseline: 'nothing-published', changes: true, exitCode: 2 });
  });

  test('bad input: both exit 1 and no changes file is written', () => {
    const root = catalogRoot('yaml-syntax');

    const bin = binPlan(root);
    expect(bin.code).toBe(1);
    expect(bin.stderr).toMatch(/catalog\.yaml:\d+:\d+/);
    expect(projenPlan(root)).toMatchObject({ code: 1 });
    expect(fs.existsSync(changesFile(root))).toBe(false);
  });
});
