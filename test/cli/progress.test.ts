/**
 * Progress during synth: one line per step on stderr, only when stderr is a
 * terminal and not in CI. The summary names each stack once (its
 * CloudFormation stack name) and shows the cdk.out file holding its template.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terminalProgress } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { catalogRoot, REPO_ROOT, tempDir } from '../helpers';

jest.setTimeout(600_000);

describe('when progress is shown', () => {
  const write = (): boolean => true;
  const tty = { isTTY: true, write };
  test.each([
    ['a terminal', tty, {}, true],
    ['a terminal, CI=true', tty, { CI: 'true' }, false],
    ['a terminal, CI=1', tty, { CI: '1' }, false],
    ['a terminal, CI=false', tty, { CI: 'false' }, true],
    ['a pipe', { isTTY: false, write }, {}, false],
    ['a file', { write }, {}, false],
  ])('%s: %s', (_label, stream, env, shown) => {
    expect(terminalProgress(stream, env) !== undefined).toBe(shown);
  });
});

async function synth(root: string, ...flags: string[]) {
  const progress: string[] = [];
  let stdout = '';
  const code = await runCli(['synth', ...flags], { cwd: root, out: (t) => (stdout += `${t}\n`), err: () => {}, progress: (line) => progress.push(line) });
  return { code, progress, stdout };
}

test('synth reports each product, then its rule packs, versions and catalog stacks; the summary shows each stack with its template file', async () => {
  const root = catalogRoot('valid');
  const result = await synth(root);
  expect(result.code).toBe(0);
  expect(result.progress).toEqual(['synth 1/4 sagemaker-endpoint', 'synth 2/4 rule packs', 'synth 3/4 versions', 'synth 4/4 catalog stacks']);

  const row = result.stdout.split('\n').find((line) => line.startsWith('test-catalog-dev-eu-west-1 '))!;
  const file = row.trim().split(/\s+/).at(-1)!;
  expect(file).toBe('cdk.out/dev-eu-west-1.template.json');
  const template = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  expect(template.Resources).toBeDefined();

  expect((await synth(root, '--quiet')).progress).toEqual([]);
});

test('a real terminal gets the progress lines on stderr; CI=true and a pipe do not', () => {
  const root = catalogRoot('valid');
  const command = `node ${JSON.stringify(path.join(REPO_ROOT, 'bin/sc-factory'))} synth --root ${JSON.stringify(root)} --out ${JSON.stringify(tempDir())} >/dev/null`;
  // Without the cache: the test above built this very catalog, and a whole assembly served from the cache has no steps.
  const env: NodeJS.ProcessEnv = { ...process.env, SC_FACTORY_CACHE: 'off' };
  delete env.CI;
  // `script` runs the command on a pseudo-terminal and copies what it writes there.
  const onTerminal = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 500_000 });
  expect(onTerminal.status).toBe(0);
  expect(onTerminal.stdout).toMatch(/synth 1\/4 sagemaker-endpoint\r?\n/);
  const inCi = spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...env, CI: 'true' }, encoding: 'utf8', timeout: 500_000 });
  expect(inCi.status).toBe(0);
  expect(inCi.stdout).not.toMatch(/synth \d+\/\d+/);
  const piped = spawnSync('sh', ['-c', command], { env, encoding: 'utf8', timeout: 500_000 });
  expect(piped.status).toBe(0);
  expect(piped.stderr).toBe('');
});
