/**
 * Product code -> product templates. Every product's current code is
 * synthesized ONCE, environment-agnostic, in an app of its own that the rule
 * packs check; catalog stacks in every account and region then point at the
 * same template files.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { App } from 'aws-cdk-lib';
import type { ProductRegistry } from './product-registry';
import { type AppRuleCheck, checkRulePacks } from './rule-pack-check';
import { CDK_CONTEXT, FIXED_CONTEXT } from '../cdk/context';
import type { Catalog, Product } from '../model/catalog';
import { publishedRegions } from '../model/publishing';
import { addRulePacks, RULE_PACK_CONTEXT } from '../secure/rule-packs';
import type { ProductContext } from '../secure/secure-product-stack';

/** A product's template as built from its current code. */
export interface CurrentTemplate {
  readonly productId: string;
  /** Absolute path of the synthesized template. */
  readonly templateFile: string;
  /** sha256 of the template file's bytes. */
  readonly sha256: string;
}

export interface SynthesizeProductsOptions {
  /** Where the products' cloud assembly is written. */
  readonly outdir: string;
  /** Only these products (default: all). */
  readonly productIds?: readonly string[];
  /** Collect the rule-pack results here instead of throwing open findings (security-report). */
  readonly collect?: AppRuleCheck[];
}

/** What a product template may depend on: catalog-wide settings only. */
export function productContext(catalog: Catalog, product: Product): ProductContext {
  return {
    productId: product.id,
    kind: product.kind,
    catalogName: catalog.name,
    defaults: catalog.defaults,
    accounts: catalog.accounts,
  };
}

/**
 * Synthesizes the current template of each product. Throws a ManifestError
 * listing every unacknowledged rule-pack finding, each at the product source
 * line that created the offending construct.
 */
export function synthesizeCurrentTemplates(
  catalog: Catalog,
  registry: ProductRegistry,
  options: SynthesizeProductsOptions,
): Map<string, CurrentTemplate> {
  const app = new App({
    outdir: options.outdir,
    context: { ...CDK_CONTEXT },
    // Whatever the CDK CLI passes, a product template depends only on its code and the catalog.
    postCliContext: { ...FIXED_CONTEXT, ...RULE_PACK_CONTEXT },
  });
  addRulePacks(app, { regions: publishedRegions(catalog) });
  const products = catalog.products.filter((p) => !options.productIds || options.productIds.includes(p.id));
  for (const product of products) {
    const ProductClass = registry.get(product.id)!;
    new ProductClass(app, product.id, { context: productContext(catalog, product) });
  }
  const assembly = app.synth();

  checkRulePacks(catalog, 'products', app, assembly.directory, options.collect);

  const templates = new Map<string, CurrentTemplate>();
  for (const product of products) {
    const templateFile = assembly.getStackArtifact(product.id).templateFullPath;
    templates.set(product.id, { productId: product.id, templateFile, sha256: sha256File(templateFile) });
  }
  return templates;
}

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
