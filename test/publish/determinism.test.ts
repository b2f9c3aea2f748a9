/**
 * Same inputs, same bytes: synthesizing a catalog twice, into two different
 * folders, through the two entry points (`sc-factory synth`, and `cdk-app` as
 * `cdk synth` runs it), gives two cloud assemblies whose every file is
 * byte-identical, and none of them names where it was synthesized or where this
 * checkout lives. Each synth runs in a process of its own, as in real use.
 * (What was found and fixed: asset construct ids hashed from the staging
 * folder's path; construct stack traces with absolute paths and the caller's
 * frames.)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogRoot, REPO_ROOT, tempDir } from '../helpers';

const BIN = path.join(REPO_ROOT, 'bin', 'sc-factory');

/** `sc-factory synth --out <outdir>` in `root`. */
function synthCommand(root: string, outdir: string): string {
  execFileSync(process.execPath, [BIN, 'synth', '--quiet', '--out', outdir], { cwd: root, stdio: 'pipe' });
  return outdir;
}

/** What `cdk synth` runs (cdk.json "app"), writing to $CDK_OUTDIR. */
function cdkApp(root: string, outdir: string): string {
  execFileSync(process.execPath, [BIN, 'cdk-app'], { cwd: root, stdio: 'pipe', env: { ...process.env, CDK_OUTDIR: outdir } });
  return outdir;
}

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
  test('for the shipped catalog (catalog stacks, product templates, the pipeline and its stages)', () => {
    const root = catalogRoot('repo');
    const firstDir = synthCommand(root, path.join(tempDir('sc-factory-first-'), 'cdk.out'));
    const secondDir = synthCommand(root, path.join(tempDir('sc-factory-second-'), 'nested', 'cdk.out'));
    const first = filesOf(firstDir);
    expect(first.has('Pipeline.template.json')).toBe(true);
    expect([...first.keys()].some((f) => f.startsWith(`product-templates.out${path.sep}`))).toBe(true);
    expectIdentical(first, filesOf(secondDir));
    expectNoAbsolutePaths(firstDir, first, root);
  });

  test('for a catalog with an organisation (StackSet, member template and its files) and a pipeline, by either entry point', () => {
    const root = catalogRoot('publishing');
    const firstDir = synthCommand(root, path.join(tempDir('sc-factory-first-'), 'cdk.out'));
    const secondDir = cdkApp(root, path.join(tempDir('sc-factory-second-'), 'nested', 'cdk.out'));
    const first = filesOf(firstDir);
    expect(first.has(path.join('organization.out', 'organization-member.template.json'))).toBe(true);
    expect(first.has('Organization-StackSet.assets.json')).toBe(true);
    expectIdentical(first, filesOf(secondDir));
    expectNoAbsolutePaths(firstDir, first, root);
  });
});
