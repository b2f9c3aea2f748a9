/**
 * Product code -> product templates. Every product's current code is
 * synthesized ONCE, environment-agnostic, in an app checked by the rule packs;
 * catalog stacks in every account and region then point at the same template
 * files.
 *
 * Products whose inputs are unchanged are served from the product cache
 * (product-cache.ts); the others are synthesized in chunks, one per core, on
 * this thread and on worker threads (product-worker.ts). The products'
 * assembly is then written from one piece per product, in catalog order
 * (product-pieces.ts), so its bytes do not depend on the cache or the chunks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TemplateJson } from './frozen-versions';
import { productCacheDir, productKey, readCachedPiece, writeCachedPiece } from './product-cache';
import { synthesizeProductChunk } from './product-chunk';
import { hasOpenFindings, type ProductPiece, writeAssembly } from './product-pieces';
import type { ProductRegistry } from './product-registry';
import { runChunks } from './product-worker';
import { type AppRuleCheck, throwOpenFindings } from './rule-pack-check';
import type { Catalog, Product } from '../model/catalog';
import { sha256File } from '../model/sha256';
import type { ProductContext } from '../secure/secure-product-stack';

/** A product's template as built from its current code. */
export interface CurrentTemplate {
  readonly productId: string;
  /** Absolute path of the synthesized template. */
  readonly templateFile: string;
  /** sha256 of the template file's bytes. */
  readonly sha256: string;
  /** The template, parsed. */
  readonly template: TemplateJson;
}

export interface SynthesizeProductsOptions {
  /** Where the products' cloud assembly is written. */
  readonly outdir: string;
  /** Only these products (default: all). */
  readonly productIds?: readonly string[];
  /** Collect the rule-pack results here instead of throwing open findings (security-report). */
  readonly collect?: AppRuleCheck[];
  /** Called as each step starts (progress lines on a terminal): each product's id (as this thread builds it, or when a worker thread or the cache delivers it), then `rule packs`. */
  readonly onStep?: (name: string) => void;
  /**
   * Threads synthesizing products at once (this one included). Default: the
   * SC_FACTORY_SYNTH_WORKERS environment variable, else one per core
   * (os.availableParallelism), else 1 under jest (which runs test files in
   * parallel already).
   */
  readonly workers?: number;
  /** The product cache folder, or false for none. Default: productCacheDir() (SC_FACTORY_CACHE). */
  readonly cacheDir?: string | false;
}

/** What a product template may depend on: catalog-wide settings only. */
export function productContext(catalog: Catalog, product: Product): ProductContext {
  return {
    productId: product.id,
    kind: product.kind,
    catalogName: catalog.name,
    defaults: catalog.defaults,
  };
}

/**
 * Synthesizes the current template of each product (or serves it from the
 * cache). Throws a ManifestError listing every unacknowledged rule-pack
 * finding, each at the product source line that created the offending construct.
 */
export function synthesizeCurrentTemplates(
  catalog: Catalog,
  registry: ProductRegistry,
  options: SynthesizeProductsOptions,
): Map<string, CurrentTemplate> {
  const products = catalog.products.filter((p) => !options.productIds || options.productIds.includes(p.id));
  const cacheDir = options.cacheDir === undefined ? productCacheDir() : options.cacheDir || undefined;
  const keys = new Map(cacheDir ? products.map((p) => [p.id, productKey(catalog, p)]) : []);
  const sources = new Map<string, { piece: ProductPiece; folder: string }>();
  for (const product of products) {
    const cached = cacheDir ? readCachedPiece(cacheDir, keys.get(product.id)!) : undefined;
    if (cached) {
      options.onStep?.(product.id);
      sources.set(product.id, cached);
    }
  }

  const missing = products.filter((p) => !sources.has(p.id)).map((p) => p.id);
  const chunks = splitChunks(missing, synthWorkers(options.workers));
  const chunkDir = (i: number) => `${options.outdir}.chunk-${i}`;
  try {
    const { inline, pieces } = runChunks(
      chunks.slice(1).map((productIds, i) => ({ root: catalog.root, productIds, outdir: chunkDir(i + 1) })),
      () => (chunks.length === 0 ? [] : synthesizeProductChunk(catalog, (id) => {
        options.onStep?.(id);
        return registry.get(id)!;
      }, chunks[0], chunkDir(0))),
    );
    [inline, ...pieces].forEach((chunk, i) => {
      for (const piece of chunk) {
        if (i > 0) options.onStep?.(piece.productId);
        sources.set(piece.productId, { piece, folder: chunkDir(i) });
        if (cacheDir && !hasOpenFindings(piece)) writeCachedPiece(cacheDir, keys.get(piece.productId)!, piece, chunkDir(i));
      }
    });

    options.onStep?.('rule packs');
    const ordered = products.map((p) => sources.get(p.id)!);
    if (options.collect) options.collect.push({ app: 'products', stacks: ordered.map(({ piece }) => piece.ruleCheck) });
    else throwOpenFindings(catalog, 'products', ordered.flatMap(({ piece }) => piece.locatedFindings));
    writeAssembly(options.outdir, ordered.map(({ piece }) => piece), (piece) => sources.get(piece.productId)!.folder);
  } finally {
    chunks.forEach((_, i) => fs.rmSync(chunkDir(i), { recursive: true, force: true }));
  }

  const templates = new Map<string, CurrentTemplate>();
  for (const { piece } of products.map((p) => sources.get(p.id)!)) {
    const templateFile = path.join(options.outdir, piece.files[0]);
    templates.set(piece.productId, {
      productId: piece.productId,
      templateFile,
      sha256: sha256File(templateFile),
      template: JSON.parse(fs.readFileSync(templateFile, 'utf8')) as TemplateJson,
    });
  }
  return templates;
}

/** How many threads synthesize products (see SynthesizeProductsOptions.workers). */
export function synthWorkers(requested?: number, env: NodeJS.ProcessEnv = process.env): number {
  const configured = requested ?? (env.SC_FACTORY_SYNTH_WORKERS ? Number(env.SC_FACTORY_SYNTH_WORKERS) : undefined);
  if (configured !== undefined && Number.isInteger(configured) && configured >= 1) return configured;
  return env.JEST_WORKER_ID !== undefined ? 1 : os.availableParallelism();
}

/** `ids` dealt round-robin into at most `count` non-empty chunks (catalog order within each). */
function splitChunks(ids: readonly string[], count: number): string[][] {
  const chunks: string[][] = Array.from({ length: Math.min(count, ids.length) }, () => []);
  ids.forEach((id, i) => chunks[i % chunks.length].push(id));
  return chunks;
}
