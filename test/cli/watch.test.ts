/**
 * `watch` as a maintainer runs it (the binary, a process of its own): it
 * validates at start and again after each save of catalog.yaml, a portfolio or
 * product code, printing validate's diagnostics; it never synthesizes or
 * deploys. Output is polled with a generous timeout, never timed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCatalogSource } from '../../src/cli/commands/watch';
import { REPO_ROOT } from '../helpers';
import { widgetCatalog } from '../versions/widget-catalog';

jest.setTimeout(600_000);

class Watcher {
  public output = '';
  private readonly child: ChildProcess;
  public exit: Promise<number | null>;

  constructor(root: string) {
    this.child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/sc-factory'), 'watch', '--root', root], { cwd: root, env: { ...process.env, CI: 'true' } });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exit = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Waits until the output after `from` matches `pattern`; returns the end of the match. */
  public async waitFor(pattern: RegExp, from = 0, timeoutMs = 240_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output.slice(from));
      if (match) return from + match.index + match[0].length;
      if (Date.now() > deadline) throw new Error(`no ${pattern} in watch output:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  public stop(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exit;
  }
}

test('validates at start, after a broken and a fixed catalog.yaml, and after product code changes; stops on SIGINT with 0', async () => {
  const root = widgetCatalog([{ name: '1.0.0' }]);
  const catalogYaml = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
  const watcher = new Watcher(root);
  try {
    let at = await watcher.waitFor(/is valid: 2 accounts/);

    // An unknown account stage: a positioned diagnostic, and the watch goes on.
    fs.writeFileSync(path.join(root, 'catalog.yaml'), catalogYaml.replace('stage: prod', 'stage: production'));
    at = await watcher.waitFor(/changed: catalog\.yaml[\s\S]*catalog\.yaml:\d+:\d+: [\s\S]*problems? found/, at);

    fs.writeFileSync(path.join(root, 'catalog.yaml'), catalogYaml);
    at = await watcher.waitFor(/changed: catalog\.yaml[\s\S]*is valid/, at);

    // Product code is reloaded, not served from the module cache: no stack class exported any more.
    const index = path.join(root, 'products/widget/index.ts');
    const code = fs.readFileSync(index, 'utf8');
    fs.writeFileSync(index, code.replace('export class WidgetProduct', 'class WidgetProduct'));
    at = await watcher.waitFor(/changed: products\/widget\/index\.ts[\s\S]*catalog\.yaml:\d+:\d+: product 'widget'[\s\S]*problems? found/, at);

    fs.writeFileSync(index, code);
    at = await watcher.waitFor(/changed: products\/widget\/index\.ts[\s\S]*is valid/, at);
  } finally {
    expect(await watcher.stop()).toBe(0);
  }
  // Never synthesizes: no cloud assembly appears.
  expect(fs.readdirSync(root).filter((f) => f.startsWith('cdk.out'))).toEqual([]);
});

test('what counts as a catalog source', () => {
  expect(['catalog.yaml', 'portfolios/widgets.yaml', 'portfolios/w.yml', 'products/widget/index.ts', 'products/widget/seed/a.txt'].filter(isCatalogSource)).toHaveLength(5);
  expect(['README.md', 'cdk.out/x.json', 'portfolios/.widgets.yaml.swp', 'catalog.yaml~', 'portfolios/sub/x.yaml', 'products/x/node_modules/y.js'].filter(isCatalogSource)).toEqual([]);
});
