/**
 * Synthesis speed, in one run, each measurement in a fresh process (as a
 * maintainer or CI runs synth), figures not assertions (machines are shared):
 *
 * - this tool, cache cold: N copies of the data science environment (the
 *   largest product) published to 1, 10 and 100 accounts;
 * - a plain CDK app with the same products and the same rule packs: one stack
 *   per account holding each product's stack (one product template per account,
 *   as a ProductStack per account stack gives) and its Service Catalog product;
 * - the shipped catalog re-synthesized unchanged (cache warm), in process and
 *   through the CLI;
 * - the quota gate's cost per template.
 *
 *   npx projen bench                      (everything; PRODUCTS=50 ACCOUNTS=1,10,100 ROUNDS=2 PLAIN_ACCOUNTS=1,10 to change)
 *   npx ts-node --transpile-only bench/synth-scale.ts tool|plain <products> <accounts>
 *   npx ts-node --transpile-only bench/synth-scale.ts warm|quota
 *
 * Standalone: `npx projen bench` may run other benchmarks too; this file only needs itself.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkProductCode, writeBenchCatalog } from './bench-catalog';

const REPO_ROOT = path.resolve(__dirname, '..');
const PRODUCT = 'data-science-environment';
const REGION = 'eu-west-1';

/** A catalog with `products` copies of PRODUCT, published to `accounts` accounts (one region). */
function generateCatalog(products: number, accounts: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-'));
  // Each product in a folder of its own (its released versions would live there), holding PRODUCT's code.
  for (let i = 0; i < products; i++) linkProductCode(path.join(REPO_ROOT, 'products', PRODUCT), path.join(root, 'products', `p${i}`));
  const ids = Array.from({ length: accounts }, (_, i) => `a${i}`);
  writeBenchCatalog(root, {
    products,
    productPath: (i) => `p${i}`,
    accounts: ids.map((id, i) => `  ${id}: { id: "${String(100000000000 + i)}", regions: [${REGION}] }`),
    portfolioAccounts: ids,
  });
  return root;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** One line of figures, `key=value`, for the parent to read. */
function report(figures: Record<string, string | number>): void {
  console.log(Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' '));
}

/** This tool, cache cold (a fresh cache folder), threads as synth picks them. */
function measureTool(products: number, accounts: number): void {
  const root = generateCatalog(products, accounts);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-cache-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeCatalog } = require('../src/generator/catalog-app') as typeof import('../src/generator/catalog-app');
  const start = process.hrtime.bigint();
  const result = synthesizeCatalog({ root, outdir: path.join(root, 'cdk.out'), cacheDir });
  report({ 'seconds': seconds(start).toFixed(2), 'stacks': result.stacks.length, 'peak-rss-mb': peakMb() });
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
}

/**
 * The plain CDK app: what a team would write without this tool, with the same
 * products and the same checks. One stack per account holding, for each
 * product, the product's stack and a Service Catalog product in a portfolio
 * (one product template per account, as a ProductStack per account stack
 * gives); the same cdk-nag packs and this project's secure-defaults and quota
 * rules as validation plugins; aws-cdk-lib's own CloudFormation validation as
 * aws-cdk-lib adds it; cfn-lint as a plugin running the installed cfn-lint once
 * over all templates; then checkov, as installed, once over every template the
 * app wrote. None of this tool's machinery: no findings cache, no linter
 * server, no product cache, no worker threads.
 */
function measurePlain(products: number, accounts: number): void {
  const root = generateCatalog(products, accounts);
  const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib'); // eslint-disable-line @typescript-eslint/no-require-imports
  const sc = require('aws-cdk-lib/aws-servicecatalog') as typeof import('aws-cdk-lib/aws-servicecatalog'); // eslint-disable-line @typescript-eslint/no-require-imports
  const nag = require('cdk-nag') as typeof import('cdk-nag'); // eslint-disable-line @typescript-eslint/no-require-imports
  const { loadCatalog } = require('../src/manifest/load') as typeof import('../src/manifest/load'); // eslint-disable-line @typescript-eslint/no-require-imports
  const { productContext } = require('../src/generator/product-templates') as typeof import('../src/generator/product-templates'); // eslint-disable-line @typescript-eslint/no-require-imports
  const { CDK_CONTEXT, FIXED_CONTEXT } = require('../src/cdk/context') as typeof import('../src/cdk/context'); // eslint-disable-line @typescript-eslint/no-require-imports
  const { RULE_PACK_CONTEXT } = require('../src/secure/rule-packs') as typeof import('../src/secure/rule-packs'); // eslint-disable-line @typescript-eslint/no-require-imports
  const { SecureDefaultsChecks } = require('../src/secure/secure-defaults-plugin') as typeof import('../src/secure/secure-defaults-plugin'); // eslint-disable-line @typescript-eslint/no-require-imports
  const { QuotaChecks } = require('../src/secure/quotas') as typeof import('../src/secure/quotas'); // eslint-disable-line @typescript-eslint/no-require-imports
  const { CFN_LINT_DISABLED_RULES } = require('../src/secure/cfn-lint-plugin') as typeof import('../src/secure/cfn-lint-plugin'); // eslint-disable-line @typescript-eslint/no-require-imports
  // The tool's offline settings (no PyPI check, no Prisma Cloud download): the same checks, not its machinery.
  const { pythonToolSettings } = require('../src/secure/python-tool-runs') as typeof import('../src/secure/python-tool-runs'); // eslint-disable-line @typescript-eslint/no-require-imports
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DataScienceEnvironmentProduct } = require(path.join(REPO_ROOT, 'products', PRODUCT)) as typeof import('../products/data-science-environment');
  const venvTool = (venv: string, tool: string) => path.join(REPO_ROOT, venv, 'bin', tool);
  const outdir = path.join(root, 'cdk.out');

  const start = process.hrtime.bigint();
  const catalog = loadCatalog(root);
  // The project's context, with aws-cdk-lib's CloudFormation validation on (it adds its own plugin).
  const app = new cdk.App({ outdir, context: { ...CDK_CONTEXT }, postCliContext: { ...FIXED_CONTEXT, ...RULE_PACK_CONTEXT } });
  const cfnLint: import('aws-cdk-lib').IPolicyValidationPluginBeta1 = {
    name: 'cfn-lint',
    validate: (context) => {
      // The tool's settings: the same region and the same rule turned off.
      const args = ['--format', 'json', '--regions', REGION, '--ignore-checks', ...Object.keys(CFN_LINT_DISABLED_RULES), '--', ...context.templatePaths];
      const run = spawnSync(venvTool('.venv', 'cfn-lint'), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      if (run.status === null || run.status > 15) throw new Error(`cfn-lint failed: ${run.stderr}`);
      const matches = JSON.parse(run.stdout) as { Rule: { Id: string }; Message: string; Filename: string; Location: { Path: unknown[] } }[];
      return {
        success: matches.length === 0,
        violations: matches.map((m) => ({
          ruleName: m.Rule.Id,
          description: m.Message,
          violatingResources: [{ resourceLogicalId: String(m.Location.Path[1] ?? ''), templatePath: m.Filename, locations: [m.Location.Path.join('/')] }],
        })),
      };
    },
  };
  cdk.Validations.of(app).addPlugins(
    new nag.AwsSolutionsChecks(app),
    new nag.NIST80053R5Checks(app),
    new nag.HIPAASecurityChecks(app),
    new SecureDefaultsChecks(),
    new QuotaChecks(app),
    cfnLint,
  );
  for (const account of catalog.accounts) {
    const stack = new cdk.Stack(app, `Catalog-${account.name}`, { env: { account: account.id, region: REGION } });
    const portfolio = new sc.Portfolio(stack, 'Portfolio', { displayName: 'All', providerName: 'Bench' });
    for (const product of catalog.products) {
      new DataScienceEnvironmentProduct(stack, product.id, { context: productContext(catalog, product) });
      const scProduct = new sc.CloudFormationProduct(stack, `Product-${product.id}`, {
        productName: product.displayName,
        owner: 'Bench',
        productVersions: [{ productVersionName: '1.0.0', cloudFormationTemplate: sc.CloudFormationTemplate.fromUrl(`https://example.com/${product.id}.json`) }],
      });
      portfolio.addProduct(scProduct);
    }
  }
  app.synth();
  const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(outdir, f));
  const checkov = spawnSync(
    venvTool('.venv-checkov', 'checkov'),
    ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download', ...templates.flatMap((t) => ['--file', t])],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: os.tmpdir(), env: { ...process.env, ...pythonToolSettings('checkov') } },
  );
  if (checkov.status !== 0 && checkov.status !== 1) throw new Error(`checkov failed: ${checkov.stderr}`);
  report({ 'seconds': seconds(start).toFixed(2), 'stacks': app.node.children.length, 'templates': templates.length, 'peak-rss-mb': peakMb() });
  fs.rmSync(root, { recursive: true, force: true });
}

/** The shipped catalog, unchanged, a second time: in process, and as `sc-factory synth` (process start included). */
function measureWarm(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-warm-'));
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-cache-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeCatalog } = require('../src/generator/catalog-app') as typeof import('../src/generator/catalog-app');
  let start = process.hrtime.bigint();
  synthesizeCatalog({ root: REPO_ROOT, outdir: path.join(out, 'cold'), cacheDir });
  const cold = seconds(start);
  start = process.hrtime.bigint();
  synthesizeCatalog({ root: REPO_ROOT, outdir: path.join(out, 'warm'), cacheDir });
  const warm = seconds(start);
  fs.rmSync(path.join(cacheDir, 'assemblies'), { recursive: true, force: true });
  start = process.hrtime.bigint();
  synthesizeCatalog({ root: REPO_ROOT, outdir: path.join(out, 'pieces'), cacheDir });
  const pieces = seconds(start);
  // The CLI loads TypeScript with esbuild, not ts-node as this process does, and traces in the cached
  // metadata name the loader: its first run fills the cache for it, the second is the one measured.
  const runCli = () =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'sc-factory'), 'synth', '--quiet', '--out', path.join(out, 'cli')], {
      cwd: REPO_ROOT,
      env: { ...process.env, SC_FACTORY_CACHE: cacheDir },
    });
  runCli();
  start = process.hrtime.bigint();
  const cli = runCli();
  const cliSeconds = seconds(start);
  if (cli.status !== 0) throw new Error(`sc-factory synth failed: ${cli.stderr}`);
  report({ 'cold': cold.toFixed(2), 'warm': warm.toFixed(3), 'products-cached': pieces.toFixed(2), 'cli-warm': cliSeconds.toFixed(2) });
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
}

/** The quota gate's own cost: every released template of the shipped products, checked 20 times. */
function measureQuotaGate(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkTemplateQuotas } = require('../src/secure/quotas') as typeof import('../src/secure/quotas');
  const templates = fs.readdirSync(path.join(REPO_ROOT, 'products')).flatMap((product) => {
    const versions = path.join(REPO_ROOT, 'products', product, 'versions');
    if (!fs.existsSync(versions)) return [];
    return fs.readdirSync(versions).map((version) => fs.readFileSync(path.join(versions, version, 'template.json'), 'utf8'));
  });
  checkTemplateQuotas(templates[0]);
  const rounds = 20;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const text of templates) checkTemplateQuotas(text);
  report({ 'templates': templates.length, 'ms-per-template': ((seconds(start) * 1000) / (rounds * templates.length)).toFixed(2) });
}

/**
 * Runs one measurement in a fresh process and returns its figures. Cold means
 * cold for the linters too: each measurement gets empty findings caches
 * (cfn-lint, checkov, CloudFormation validation) and linter servers of its own
 * (started, and their tools imported, within the measurement), so neither side
 * profits from templates or servers of the other.
 */
function inChild(...args: string[]): Record<string, string> {
  const lintCache = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-lint-'));
  const servers = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-servers-'));
  const result = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', '-P', path.join(REPO_ROOT, 'tsconfig.json'), __filename, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SC_FACTORY_PYTHON_TOOL_CACHE: lintCache, SC_FACTORY_PYTHON_SERVER_DIR: servers },
  });
  fs.rmSync(lintCache, { recursive: true, force: true });
  fs.rmSync(servers, { recursive: true, force: true }); // their sockets: the servers exit when idle
  if (result.status !== 0) throw new Error(`bench ${args.join(' ')} failed:\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop()!;
  return Object.fromEntries(line.split(' ').map((pair) => pair.split('=') as [string, string]));
}

function main(argv: readonly string[]): void {
  const [what, products, accounts] = argv;
  if (what === 'tool') return measureTool(Number(products), Number(accounts));
  if (what === 'plain') return measurePlain(Number(products), Number(accounts));
  if (what === 'warm') return measureWarm();
  if (what === 'quota') return measureQuotaGate();

  const count = Number(process.env.PRODUCTS ?? 50);
  const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map(Number);
  const load = () => os.loadavg()[0].toFixed(1);
  console.log(`synth bench: ${os.availableParallelism()} cores, ${count} copies of ${PRODUCT}, one region; load average ${load()} at start`);
  const quota = inChild('quota');
  console.log(`quota gate: ${quota['ms-per-template']} ms per template (${quota.templates} released templates)`);
  const warm = inChild('warm');
  console.log(
    `shipped catalog: cold ${warm.cold} s; unchanged (cache warm) ${warm.warm} s in process, ${warm['cli-warm']} s as 'sc-factory synth' ` +
      `(process start included); products cached, catalog stacks rebuilt ${warm['products-cached']} s`,
  );
  // The machines are shared: each size is measured ROUNDS times, the rounds interleaved (1, 10, 100, 1, 10, 100, ...),
  // and the ratios between account counts use each size's fastest run, the one the other tenants disturbed least.
  // Against the plain app (measured once: 50 x 10 takes about 40 minutes), the tool's slowest run counts. Every run is printed.
  const rounds = Math.max(1, Number(process.env.ROUNDS ?? 2));
  const sizes = list('ACCOUNTS', '1,10,100');
  const runs = new Map<number, Record<string, string>[]>(sizes.map((n) => [n, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const n of sizes) {
      const figures = inChild('tool', String(count), String(n));
      runs.get(n)!.push(figures);
      console.log(`tool   ${count} products x ${String(n).padStart(3)} accounts: ${figures.seconds.padStart(7)} s  peak ${figures['peak-rss-mb']} MB  (round ${round}, load ${load()})`);
    }
  }
  const timesOf = (n: number) => runs.get(n)!.map((f) => Number(f.seconds));
  const tool = new Map<number, number>(sizes.map((n) => [n, Math.min(...timesOf(n))]));
  const toolSlowest = new Map<number, number>(sizes.map((n) => [n, Math.max(...timesOf(n))]));
  if (rounds > 1) console.log(`tool, fastest of ${rounds} rounds: ${[...tool].map(([n, fastest]) => `${n} accounts ${fastest.toFixed(2)} s`).join('; ')}`);
  const plain = new Map<number, number>();
  for (const n of list('PLAIN_ACCOUNTS', '1,10')) {
    const figures = inChild('plain', String(count), String(n));
    plain.set(n, Number(figures.seconds));
    console.log(`plain  ${count} products x ${String(n).padStart(3)} accounts: ${figures.seconds.padStart(7)} s  peak ${figures['peak-rss-mb']} MB  (load ${load()})`);
  }
  const ratio = (a?: number, b?: number) => (a && b ? (a / b).toFixed(2) : 'n/a');
  console.log(`ratios: tool 10/1 accounts ${ratio(tool.get(10), tool.get(1))}x; tool 100/1 ${ratio(tool.get(100), tool.get(1))}x; ` +
    `tool (slowest round)/plain at 10 accounts ${ratio(toolSlowest.get(10), plain.get(10))}x; at 1 account ${ratio(toolSlowest.get(1), plain.get(1))}x`);
}

main(process.argv.slice(2));
