/**
 * The generated catalogs the benchmarks measure: `products` products, each
 * version 1.0.0, all in one portfolio published to the given accounts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BenchCatalogSpec {
  readonly products: number;
  /** catalog.yaml `path` of product i. */
  readonly productPath: (i: number) => string;
  /** catalog.yaml `accounts` entries, as YAML flow lines (`  dev: { id: ..., regions: [...] }`). */
  readonly accounts: readonly string[];
  /** The portfolio's accounts, by name. */
  readonly portfolioAccounts: readonly string[];
}

/** Writes catalog.yaml and portfolios/all.yaml under `root`. */
export function writeBenchCatalog(root: string, spec: BenchCatalogSpec): void {
  const products = Array.from({ length: spec.products }, (_, i) => i);
  const lines = [
    'catalog: { name: bench, owner: Bench, supportEmail: bench@example.com }',
    'defaults: { environmentName: bench }',
    'accounts:',
    ...spec.accounts,
    'products:',
    ...products.map((i) =>
      `  p${i}: { path: ${spec.productPath(i)}, displayName: P${i}, owner: Bench, description: Bench, ` +
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
      `accounts: [${spec.portfolioAccounts.join(', ')}]`,
      'principals: { roles: [Someone] }',
      'products:',
      ...products.map((i) => `  - { id: p${i}, launchRole: Launch }`),
    ].join('\n') + '\n',
  );
}

/** Links a product folder's code into `target` (created), without its released versions/ (frozen for the shipped catalog, not this one). */
export function linkProductCode(source: string, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(source)) if (entry !== 'versions') fs.symlinkSync(path.join(source, entry), path.join(target, entry));
}
