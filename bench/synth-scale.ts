/**
 * How synthesis scales with the catalog: products are synthesized once each,
 * catalog stacks once per account x region. Prints wall time and peak memory for
 * growing generated catalogs. Figures, not assertions: machines are shared.
 *
 *   npx projen bench            (or: npx ts-node --transpile-only bench/synth-scale.ts [products] [accounts] [regions])
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeCatalog } from '../src/generator/catalog-app';
import { checkTemplateQuotas } from '../src/secure/quotas';

const REPO_ROOT = path.resolve(__dirname, '..');
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];

/** A catalog with `products` copies of the endpoint product, published to `accounts` accounts in `regions` regions. */
function generateCatalog(products: number, accounts: number, regions: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-'));
  // The endpoint product's code, not its released versions/ (frozen for the shipped catalog, not this one).
  const product = path.join(root, 'products', 'sagemaker-endpoint');
  fs.mkdirSync(product, { recursive: true });
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, 'products', 'sagemaker-endpoint'))) {
    if (entry !== 'versions') fs.symlinkSync(path.join(REPO_ROOT, 'products', 'sagemaker-endpoint', entry), path.join(product, entry));
  }
  const lines = [
    'catalog: { name: bench, owner: Bench, supportEmail: bench@example.com }',
    'defaults: { environmentName: bench }',
    'accounts:',
    ...Array.from({ length: accounts }, (_, i) =>
      `  a${i}: { id: "${String(100000000000 + i)}", regions: [${REGIONS.slice(0, regions).join(', ')}] }`,
    ),
    'products:',
    ...Array.from({ length: products }, (_, i) =>
      `  p${i}: { path: sagemaker-endpoint, displayName: P${i}, owner: Bench, description: Bench, ` +
        'versions: [{ name: 1.0.0, description: First, status: active }] }',
    ),
  ];
  fs.writeFileSync(path.join(root, 'catalog.yaml'), lines.join('\n') + '\n');
  fs.mkdirSync(path.join(root, 'portfolios'));
  fs.writeFileSync(
    path.join(root, 'portfolios', 'all.yaml'),
    [
      'id: all',
      'displayName: All',
      'providerName: Bench',
      `accounts: [${Array.from({ length: accounts }, (_, i) => `a${i}`).join(', ')}]`,
      'principals: { roles: [Someone] }',
      'products:',
      ...Array.from({ length: products }, (_, i) => `  - { id: p${i}, launchRole: Launch }`),
    ].join('\n') + '\n',
  );
  return root;
}

function measure(products: number, accounts: number, regions: number): void {
  const root = generateCatalog(products, accounts, regions);
  const outdir = path.join(root, 'cdk.out');
  const start = process.hrtime.bigint();
  const result = synthesizeCatalog({ root, outdir });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const templates = fs.readdirSync(path.join(outdir, 'product-templates.out')).filter((f) => f.endsWith('.template.json'));
  console.log(
    [
      `products=${String(products).padStart(3)}`,
      `accounts=${String(accounts).padStart(3)}`,
      `regions=${regions}`,
      `stacks=${String(result.stacks.length).padStart(4)}`,
      `product-templates=${String(templates.length).padStart(3)}`,
      `seconds=${seconds.toFixed(2).padStart(6)}`,
      `peak-rss-mb=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`,
    ].join('  '),
  );
  fs.rmSync(root, { recursive: true, force: true });
}

/** The quota gate's own cost: every released template of the shipped products, checked 20 times. */
function measureQuotaGate(): void {
  const templates = fs.readdirSync(path.join(REPO_ROOT, 'products')).flatMap((product) => {
    const versions = path.join(REPO_ROOT, 'products', product, 'versions');
    if (!fs.existsSync(versions)) return [];
    return fs.readdirSync(versions).map((version) => fs.readFileSync(path.join(versions, version, 'template.json'), 'utf8'));
  });
  checkTemplateQuotas(templates[0]);
  const rounds = 20;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const text of templates) checkTemplateQuotas(text);
  const perTemplateMs = Number(process.hrtime.bigint() - start) / 1e6 / (rounds * templates.length);
  console.log(`quota-gate  released-templates=${templates.length}  ms-per-template=${perTemplateMs.toFixed(2)}`);
}

const [products, accounts, regions] = process.argv.slice(2).map(Number);
if (products) {
  measure(products, accounts || 1, regions || 1);
} else {
  measureQuotaGate();
  for (const [p, a, r] of [[1, 3, 1], [5, 3, 1], [5, 30, 1], [5, 30, 2], [10, 100, 1]]) measure(p, a, r);
}
