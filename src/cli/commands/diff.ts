/**
 * `diff <product> <v1> <v2>`: what changed in a product's template between two
 * versions, in the format of `cdk diff` (@aws-cdk/cloudformation-diff, the
 * library the CDK toolkit renders its diffs with). A released version is its
 * frozen template; the newest version, when not released yet, is built from
 * the current code (as synth would). Offline: nothing is deployed or read
 * from AWS.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { frozenTemplatePath, releasedVersionNames } from '../../generator/frozen-versions';
import { resolveProductClasses } from '../../generator/product-registry';
import { synthesizeCurrentTemplates } from '../../generator/product-templates';
import { loadCatalog } from '../../manifest/load';
import { type Catalog, didYouMean, type Product } from '../../model';
import { parseArgs, UsageError } from '../args';
import { EXIT_CODES } from '../exit-codes';
import type { Command } from '../io';

export const diffCommand: Command = {
  name: 'diff',
  usage: 'diff <product> <v1> <v2> [--root DIR]',
  summary: "Template difference between two versions of a product, in CDK's diff format; exit 0 none, 2 differences, 1 bad input",
  run(argv, io) {
    const args = parseArgs(argv, { options: ['root'] });
    const [productId, v1, v2, extra] = args.positionals;
    if (v2 === undefined) throw new UsageError('needs a product and two versions');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const catalog = loadCatalog(path.resolve(io.cwd, args.options.get('root') ?? '.'));
    const product = catalog.products.find((p) => p.id === productId);
    if (!product) throw new UsageError(`no product '${productId}' in catalog.yaml${didYouMean(productId, catalog.products.map((p) => p.id))}`);

    const [before, after] = [v1, v2].map((v) => versionTemplate(catalog, product, v));
    // Loaded here only: it is needed by this command alone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { fullDiff, formatDifferences } = require('@aws-cdk/cloudformation-diff') as typeof import('@aws-cdk/cloudformation-diff');
    const difference = fullDiff(before.template, after.template);
    const title = `${product.id} ${v1} (${before.origin}) -> ${v2} (${after.origin})`;
    if (difference.isEmpty) {
      io.out(`${title}: no differences`);
      return EXIT_CODES.ok;
    }
    let text = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    formatDifferences(stream, difference);
    io.out(`${title}\n${text.replace(/\n+$/, '')}`);
    return EXIT_CODES.changes;
  },
};

interface VersionTemplate {
  readonly template: Record<string, unknown>;
  /** Where it came from, for the title: `released` or `current code`. */
  readonly origin: string;
}

function versionTemplate(catalog: Catalog, product: Product, version: string): VersionTemplate {
  const frozen = path.join(catalog.root, frozenTemplatePath(product, version));
  if (fs.existsSync(frozen)) return { template: JSON.parse(fs.readFileSync(frozen, 'utf8')), origin: 'released' };
  const listed = product.versions.map((v) => v.name);
  if (!listed.includes(version)) {
    const known = [...new Set([...listed, ...releasedVersionNames(catalog.root, product)])];
    throw new UsageError(`product '${product.id}' has no version '${version}'; its versions: ${known.join(', ')}`);
  }
  if (version !== listed.at(-1)) {
    throw new UsageError(`version '${version}' of '${product.id}' was never released and is not the newest: it has no template`);
  }
  // The newest version, not released yet: what the current code builds (rule packs included, as in synth).
  const registry = resolveProductClasses(catalog);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-factory-diff-'));
  try {
    const current = synthesizeCurrentTemplates(catalog, registry, { outdir, productIds: [product.id] }).get(product.id)!;
    return { template: current.template as Record<string, unknown>, origin: 'current code' };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
