/**
 * bin/sc-factory runs the CLI's esbuild bundle (scripts/cli-bundle.js): it must
 * answer exactly as the sources do, never run stale code, and keep validate
 * and list free of aws-cdk-lib. Child processes, as a maintainer runs it; no
 * timings (bench/validate.ts has the figures).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogRoot, cli, REPO_ROOT, tempDir, writeFiles } from '../helpers';

/** Runs `bin` (the repository's unless given) in `cwd`; `preload` is a node -r script. */
function run(cwd: string, args: readonly string[], { bin = path.join(REPO_ROOT, 'bin', 'sc-factory'), preload }: { bin?: string; preload?: string } = {}) {
  const result = spawnSync('node', [...(preload ? ['-r', preload] : []), bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SC_FACTORY_FROM_SOURCE: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the bundled CLI', () => {
  test.each([
    ['valid', ['validate']],
    ['valid', ['list']],
    ['valid', ['list', '--json']],
    ['sagemaker-projects', ['validate']],
    ['semantic', ['validate']],
    ['unknown-keys', ['validate']],
    ['wrong-types', ['validate']],
    ['yaml-syntax', ['validate']],
    ['export-missing', ['validate']],
    ['valid', ['validate', '--rooot', '.']],
    ['valid', ['--help']],
    ['valid', ['publsh']],
  ])('answers as the sources do: %s, %p', async (fixture, args) => {
    const root = catalogRoot(fixture);
    expect(run(root, args)).toEqual(await cli(root, ...args));
  });

  test('reports a product whose code throws as the sources do', async () => {
    const root = catalogRoot('export-missing');
    writeFiles(root, { 'products/empty/index.ts': "throw new Error('boom');\n" });
    const result = run(root, ['validate']);
    expect(result).toEqual(await cli(root, 'validate'));
    expect(result.stderr).toMatch(/failed to load: boom/);
  });
});

describe('validate and list do not load aws-cdk-lib', () => {
  /** A preload that writes every module the process loaded (require.cache) to `file` on exit. */
  const recorder = (file: string): string => {
    const preload = path.join(tempDir(), 'record-modules.js');
    fs.writeFileSync(
      preload,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    return preload;
  };
  const loadedBy = (root: string, args: string[]) => {
    const file = path.join(tempDir(), 'modules.json');
    const result = run(root, args, { preload: recorder(file) });
    return { result, modules: JSON.parse(fs.readFileSync(file, 'utf8')) as string[] };
  };
  const heavy = (modules: readonly string[]) =>
    modules.filter((m) => /[\\/]node_modules[\\/](aws-cdk-lib|constructs|cdk-nag|@aws-cdk|ts-node|typescript)[\\/]/.test(m) || /[\\/]products[\\/][^\\/]+[\\/]index\.ts$/.test(m));

  test.each([['validate'], ['list']])('%s on the shipped catalog', (command) => {
    const { result, modules } = loadedBy(catalogRoot('repo'), [command]);
    expect(result.code).toBe(0);
    expect(heavy(modules)).toEqual([]);
    // The validators are precompiled: ajv's compiler is not loaded either.
    expect(modules.filter((m) => /[\\/]node_modules[\\/]ajv[\\/]dist[\\/]ajv\.js$/.test(m))).toEqual([]);
  });

  test('the recorder sees them when a product must be loaded (an entry the scan cannot read)', () => {
    const root = catalogRoot('export-missing');
    writeFiles(root, {
      'products/empty/index.ts': "export * from './stack';\n",
      'products/empty/stack.ts': `import { SecureProductStack } from '${REPO_ROOT}/src/secure';\nexport class EmptyProduct extends SecureProductStack {}\n`,
    });
    const { result, modules } = loadedBy(root, ['validate']);
    expect(result.code).toBe(0);
    expect(heavy(modules)).toEqual(expect.arrayContaining([expect.stringMatching(/[\\/]aws-cdk-lib[\\/]/)]));
  });
});

describe('a stale bundle never runs', () => {
  /** A copy of the CLI (bin, scripts, src) sharing node_modules, so its sources can change. */
  const copyOfTheCli = (): string => {
    const copy = tempDir('sc-factory-cli-');
    for (const entry of ['bin', 'scripts', 'src', 'package.json', 'tsconfig.json']) {
      fs.cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    return copy;
  };
  const check = (copy: string) => spawnSync('node', [path.join(copy, 'scripts', 'cli-bundle.js'), '--check'], { encoding: 'utf8' });

  test('a changed source is rebuilt before it runs; a touched, unchanged one keeps the bundle', () => {
    const copy = copyOfTheCli();
    const bin = path.join(copy, 'bin', 'sc-factory');
    const root = catalogRoot('valid');
    expect(run(root, ['validate'], { bin })).toMatchObject({ code: 0, stdout: expect.stringMatching(/ is valid: /) });
    expect(check(copy).status).toBe(0);
    const bundles = () => fs.readdirSync(path.join(copy, '.sc-factory', 'cli')).filter((f) => f.endsWith('.js'));
    const built = bundles();

    // Touched, same bytes: still fresh, the same bundle runs.
    const command = path.join(copy, 'src', 'cli', 'commands', 'validate.ts');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(command, later, later);
    expect(check(copy).status).toBe(0);
    expect(run(root, ['validate'], { bin }).stdout).toMatch(/ is valid: /);
    expect(bundles()).toEqual(built);

    // Changed (a bundled module and a module the bundle's modules import): the next run is the new code.
    fs.writeFileSync(command, fs.readFileSync(command, 'utf8').replace('is valid: ', 'is VALID: '));
    expect(check(copy).status).toBe(1);
    expect(run(root, ['validate'], { bin }).stdout).toMatch(/ is VALID: /);
    expect(bundles()).not.toEqual(built);
  });

  test('a source the bundle cannot be built from runs from source (ts-node), never the old bundle', () => {
    const copy = copyOfTheCli();
    const bin = path.join(copy, 'bin', 'sc-factory');
    const root = catalogRoot('valid');
    expect(run(root, ['validate'], { bin }).code).toBe(0);
    const command = path.join(copy, 'src', 'cli', 'commands', 'validate.ts');
    fs.writeFileSync(command, fs.readFileSync(command, 'utf8').replace('is valid: ', 'is VALID: ').replace('run(argv, io) {', 'run(argv, io) { const x = ;'));
    const result = run(root, ['validate'], { bin });
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toMatch(/ is valid: /);
    expect(result.stderr).toMatch(/validate\.ts/);
  });

  test("a product's code is read afresh each run (its compiled form is cached by content)", () => {
    const root = catalogRoot('export-missing');
    fs.symlinkSync(path.join(REPO_ROOT, 'src'), path.join(root, 'src'));
    const contract = (needs: boolean) =>
      [
        "import type { CatalogRequirements } from '../../src/model';",
        'export const catalogRequirements: CatalogRequirements = (catalog, product) =>',
        `  ${needs ? "[{ ...product.source, code: 'PRODUCT_CATALOG_REQUIREMENT', message: 'needs more' }]" : '[]'};`,
        '',
      ].join('\n');
    writeFiles(root, {
      'products/empty/index.ts': [
        `import { SecureProductStack } from '${REPO_ROOT}/src/secure';`,
        "import * as contract from './contract';",
        'export class EmptyProduct extends SecureProductStack {',
        '  static readonly catalogRequirements = contract.catalogRequirements;',
        '}',
        '',
      ].join('\n'),
      'products/empty/contract.ts': contract(false),
    });
    expect(run(root, ['validate']).code).toBe(0);
    writeFiles(root, { 'products/empty/contract.ts': contract(true) });
    const result = run(root, ['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^catalog\.yaml:16:3: needs more$/m);
  });
});
