/**
 * Product code -> product templates. Every product's current code is
 * synthesized ONCE, environment-agnostic, in an app of its own that the rule
 * packs check; catalog stacks in every account and region then point at the
 * same template files.
 */
import * as fs from 'node:fs';
import type { TemplateJson } from './frozen-versions';
import type { ProductRegistry } from './product-registry';
import { type AppRuleCheck, checkRulePacks } from './rule-pack-check';
import type { Catalog, Product } from '../model/catalog';
import { publishedRegions } from '../model/publishing';
import { sha256File } from '../model/sha256';
import { checkedApp } from '../secure/rule-packs';
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
  /** Called as each step starts (progress lines on a terminal): each product's id, then `rule packs`. */
  readonly onStep?: (name: string) => void;
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
 * Synthesizes the current template of each product. Throws a ManifestError
 * listing every unacknowledged rule-pack finding, each at the product source
 * line that created the offending construct.
 */
export function synthesizeCurrentTemplates(
  catalog: Catalog,
  registry: ProductRegistry,
  options: SynthesizeProductsOptions,
): Map<string, CurrentTemplate> {
  const app = checkedApp({ outdir: options.outdir, regions: publishedRegions(catalog) });
  const products = catalog.products.filter((p) => !options.productIds || options.productIds.includes(p.id));
  for (const product of products) {
    options.onStep?.(product.id);
    const ProductClass = registry.get(product.id)!;
    new ProductClass(app, product.id, { context: productContext(catalog, product) });
  }
  options.onStep?.('rule packs');
  const assembly = app.synth();

  checkRulePacks(catalog, 'products', app, assembly.directory, options.collect);

  const templates = new Map<string, CurrentTemplate>();
  for (const product of products) {
    const artifact = assembly.getStackArtifact(product.id);
    const templateFile = artifact.templateFullPath;
    templates.set(product.id, { productId: product.id, templateFile, sha256: sha256File(templateFile), template: artifact.template as TemplateJson });
  }
  return templates;
}

