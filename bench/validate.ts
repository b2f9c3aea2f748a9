/**
 * How long `validate` takes, as a maintainer runs it: the CLI binary on the
 * shipped catalog and on a generated 1,000-product catalog, `npx projen
 * validate`, and what projen itself costs to start (`npx projen --help`). Wall
 * time of whole processes, median and fastest of several runs. Figures, not
 * assertions: machines are shared.
 *
 *   npx projen bench:validate              (npx projen bench runs it, then the synthesis benchmark)
 *   npx ts-node --transpile-only bench/validate.ts [--runs N] [--baseline DIR]
 *
 * --baseline DIR: also time another checkout's bin/sc-factory (e.g. the main
 * branch before a change) on the same catalogs, in the same run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkProductCode, writeBenchCatalog } from './bench-catalog';

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * A catalog with `products` products, each in a folder of its own holding
 * `checkout`'s endpoint product code (linked), published to two accounts.
 */
function generateCatalog(checkout: string, products: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-validate-'));
  const code = path.join(checkout, 'products', 'sagemaker-endpoint');
  for (let i = 0; i < products; i++) linkProductCode(code, path.join(root, 'products', `p${i}`));
  writeBenchCatalog(root, {
    products,
    productPath: (i) => `p${i}`,
    accounts: [
      '  dev: { id: "111111111111", regions: [eu-west-1, eu-central-1], stage: dev }',
      '  prod: { id: "222222222222", regions: [eu-west-1], stage: prod }',
    ],
    portfolioAccounts: ['dev', 'prod'],
  });
  return root;
}

interface Timing {
  readonly median: number;
  readonly fastest: number;
  readonly output: string;
}

/** Runs `command` `runs` times (after one warm-up run) in `cwd`; wall seconds. */
function time(command: string, args: readonly string[], cwd: string, runs: number): Timing {
  let output = '';
  const once = () => {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-1)[0] ?? '';
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd}: exit ${result.status}\n${result.stdout}${result.stderr}`);
    return seconds;
  };
  once(); // warm: the bundle and the TypeScript cache are built, files are in the page cache
  const samples = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], fastest: samples[0], output };
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const runs = Number(option('--runs') ?? 5);
  const baseline = option('--baseline');

  const rows: [string, Timing][] = [];
  const checkouts: [string, string][] = [['', REPO_ROOT], ...(baseline ? [['baseline ', path.resolve(baseline)] as [string, string]] : [])];
  for (const [label, checkout] of checkouts) {
    const bin = path.join(checkout, 'bin', 'sc-factory');
    const thousand = generateCatalog(checkout, 1000);
    rows.push([`${label}sc-factory validate, shipped catalog`, time('node', [bin, 'validate'], checkout, runs)]);
    rows.push([`${label}sc-factory validate, 1,000 products`, time('node', [bin, 'validate'], thousand, runs)]);
    fs.rmSync(thousand, { recursive: true, force: true });
  }
  rows.push(['npx projen validate, shipped catalog', time('npx', ['projen', 'validate'], REPO_ROOT, runs)]);
  rows.push(["projen's own start (npx projen --help)", time('npx', ['projen', '--help'], REPO_ROOT, runs)]);
  rows.push(['node itself (node -e 0)', time('node', ['-e', '0'], REPO_ROOT, runs)]);

  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`validate: wall seconds, median and fastest of ${runs} runs after a warm-up (load average ${os.loadavg()[0].toFixed(2)}, ${os.cpus().length} cores)`);
  for (const [name, { median, fastest }] of rows) console.log(`  ${name.padEnd(width)}  ${median.toFixed(2)} s  (fastest ${fastest.toFixed(2)} s)`);
}

main();
