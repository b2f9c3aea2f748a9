/**
 * Synthesizes a group of products in one app checked by the rule packs (one
 * cfn-lint run for the group), and cuts the assembly into one piece per
 * product (product-pieces.ts). Runs in the main thread or in a worker thread
 * (product-worker.ts): what a product's piece holds does not depend on which
 * products shared its app.
 */
import { cutPiece, type ProductPiece } from './product-pieces';
import type { ProductStackClass } from './product-registry';
import { productContext } from './product-templates';
import { isInside, locatedFindings, stackRuleChecks, throwIfPluginFailed, throwOpenFindings } from './rule-pack-check';
import type { Catalog } from '../model/catalog';
import { publishedRegions } from '../model/publishing';
import { checkedApp, readRuleFindings } from '../secure/rule-packs';

/**
 * The pieces of `productIds` (in that order), synthesized into `outdir`. Throws
 * when a rule-pack plugin failed, or on an open finding outside every product
 * stack; a product's own open findings are in its piece (see hasOpenFindings).
 */
export function synthesizeProductChunk(
  catalog: Catalog,
  classOf: (productId: string) => ProductStackClass,
  productIds: readonly string[],
  outdir: string,
): ProductPiece[] {
  const app = checkedApp({ outdir, regions: publishedRegions(catalog) });
  for (const id of productIds) {
    const product = catalog.products.find((p) => p.id === id)!;
    // This frame ends every construct trace of a product assembly (portable-assembly.ts cuts there).
    const ProductClass = classOf(id);
    new ProductClass(app, id, { context: productContext(catalog, product) });
  }
  app.synth();
  const findings = readRuleFindings(outdir);
  throwIfPluginFailed(findings);
  const located = locatedFindings(app, findings);
  throwOpenFindings(catalog, 'products', located.filter((f) => !productIds.some((id) => isInside(id, f.constructPath))));
  const checks = new Map(stackRuleChecks(app, outdir, findings).map((check) => [check.id, check]));
  return productIds.map((id) => cutPiece(outdir, id, checks.get(id)!, located.filter((f) => isInside(id, f.constructPath))));
}
