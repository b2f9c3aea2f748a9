/**
 * Same inputs, same bytes: synthesizing a catalog twice, into two different
 * folders, through the two entry points (`sc-factory synth`, and `cdk-app` as
 * `cdk synth` runs it), gives two cloud assemblies whose every file is
 * byte-identical, and none of them names where it was synthesized or where this
 * checkout lives. Each synth runs in a process of its own, as in real use.
 * The reference is always a serial run without the cache; the other runs
 * synthesize products on worker threads, fill the cache, are served from it
 * (the whole assembly, or product pieces only) and survive a damaged entry.
 * (What was found and fixed: asset construct ids hashed from the staging
 * folder's path; construct stack traces with absolute paths and the caller's
 * frames.)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../src/manifest';
import { catalogRoot, REPO_ROOT, tempDir } from '../helpers';

const BIN = path.join(REPO_ROOT, 'bin', 'sc-factory');

/** How a run synthesizes: with or without a cache folder, on how many threads. */
interface Mode {
  readonly cache: string | 'off';
  readonly workers: number;
}

const SERIAL_UNCACHED: Mode = { cache: 'off', workers: 1 };

const envOf = (mode: Mode) => ({ ...process.env, SC_FACTORY_CACHE: mode.cache, SC_FACTORY_SYNTH_WORKERS: String(mode.workers) });

/** `sc-factory synth --out <outdir>` in `root`. */
function synthCommand(root: string, outdir: string, mode: Mode = SERIAL_UNCACHED): string {
  execFileSync(process.execPath, [BIN, 'synth', '--quiet', '--out', outdir], { cwd: root, stdio: 'pipe', env: envOf(mode) });
  return outdir;
}

/** What `cdk synth` runs (cdk.json "app"), writing to $CDK_OUTDIR. */
function cdkApp(root: string, outdir: string, mode: Mode = SERIAL_UNCACHED): string {
  execFileSync(process.execPath, [BIN, 'cdk-app'], { cwd: root, stdio: 'pipe', env: { ...envOf(mode), CDK_OUTDIR: outdir } });
  return outdir;
}

/** Folder names under `dir` (none when it does not exist). */
const entriesOf = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

/** Relative path -> bytes, of every file under `dir`. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const file = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(file);
      else files.set(file, fs.readFileSync(path.join(dir, file)));
    }
  };
  walk('');
  return files;
}

function expectIdentical(first: Map<string, Buffer>, second: Map<string, Buffer>): void {
  expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
  const differing = [...first].filter(([file, bytes]) => !bytes.equals(second.get(file)!)).map(([file]) => file);
  expect(differing).toEqual([]);
}

function expectNoAbsolutePaths(outdir: string, files: Map<string, Buffer>, root: string): void {
  // The unique folders only: '/tmp' itself appears in legitimate code (a Lambda handler's scratch space).
  const forbidden = [path.dirname(outdir), REPO_ROOT, root, fs.realpathSync(root)];
  const offending = [...files].flatMap(([file, bytes]) => {
    const text = bytes.toString('latin1');
    return forbidden.filter((p) => text.includes(p)).map((p) => `${file} names ${p}`);
  });
  expect(offending).toEqual([]);
}

describe('the synthesized output is byte-identical across runs', () => {
  test('for the shipped catalog (catalog stacks, product templates, the pipeline and its stages): serial, parallel, cached', () => {
    const root = catalogRoot('repo');
    const firstDir = synthCommand(root, path.join(tempDir('sc-factory-first-'), 'cdk.out'));
    const first = filesOf(firstDir);
    expect(first.has('Pipeline.template.json')).toBe(true);
    expect([...first.keys()].some((f) => f.startsWith(`product-templates.out${path.sep}`))).toBe(true);
    expectNoAbsolutePaths(firstDir, first, root);

    // Products on two threads, cache cold: it fills the cache (one entry per product, one assembly).
    const cache = tempDir('sc-factory-cache-');
    const parallel = { cache, workers: 2 };
    expectIdentical(first, filesOf(synthCommand(root, path.join(tempDir('sc-factory-second-'), 'nested', 'cdk.out'), parallel)));
    const products = entriesOf(path.join(cache, 'products'));
    expect(products).toHaveLength(loadCatalog(root).products.length);
    expect(entriesOf(path.join(cache, 'assemblies'))).toHaveLength(1);

    // Warm: the whole assembly from the cache.
    expectIdentical(first, filesOf(synthCommand(root, path.join(tempDir('sc-factory-warm-'), 'cdk.out'), parallel)));

    // Without the assembly, the product pieces from the cache, one of them damaged: detected, rebuilt, never served.
    fs.rmSync(path.join(cache, 'assemblies'), { recursive: true });
    const damaged = path.join(cache, 'products', products[0]);
    const template = fs.readdirSync(path.join(damaged, 'files')).find((f) => f.endsWith('.template.json'))!;
    fs.appendFileSync(path.join(damaged, 'files', template), ' ');
    expectIdentical(first, filesOf(synthCommand(root, path.join(tempDir('sc-factory-pieces-'), 'cdk.out'), { cache, workers: 1 })));
    expect(entriesOf(path.join(cache, 'products'))).toEqual(products);
    expect(fs.readFileSync(path.join(damaged, 'files', template)).equals(fs.readFileSync(path.join(firstDir, 'product-templates.out', template)))).toBe(true);
  });

  test('for a catalog with an organisation (StackSet, member template and its files) and a pipeline, by either entry point', () => {
    const root = catalogRoot('publishing');
    const firstDir = synthCommand(root, path.join(tempDir('sc-factory-first-'), 'cdk.out'));
    const secondDir = cdkApp(root, path.join(tempDir('sc-factory-second-'), 'nested', 'cdk.out'), { cache: tempDir('sc-factory-cache-'), workers: 2 });
    const first = filesOf(firstDir);
    expect(first.has(path.join('organization.out', 'organization-member.template.json'))).toBe(true);
    expect(first.has('Organization-StackSet.assets.json')).toBe(true);
    expectIdentical(first, filesOf(secondDir));
    expectNoAbsolutePaths(firstDir, first, root);
  });
});
