/**
 * Products that carry another product's template inside their own (product-contract.ts, `embeds`):
 * when a released version of such a product no longer builds, because the template it embeds
 * changed, the maintainer is told which product and which of its versions the released template
 * carries and which the current code carries, instead of a difference deep in an encoded string.
 */
import { readFrozenVersion, type TemplateJson } from './frozen-versions';
import type { CurrentTemplate } from './product-templates';
import { type Catalog, findProduct } from '../model/catalog';
import type { EmbeddedTemplate } from '../model/product-contract';

/** Product id -> what it embeds. */
export type EmbedsByProduct = ReadonlyMap<string, readonly EmbeddedTemplate[]>;

export interface EmbeddedTemplateChange {
  readonly productId: string;
  /** `version '2.0.0'`, or why no version matches. */
  readonly released: string;
  readonly current: string;
}

/** The first embedded template that differs between a released template and the current code's, described. */
export function embeddedTemplateChange(
  catalog: Pick<Catalog, 'root' | 'products'>,
  embeds: readonly EmbeddedTemplate[],
  released: TemplateJson,
  current: TemplateJson,
  currentTemplates?: ReadonlyMap<string, Pick<CurrentTemplate, 'sha256'>>,
): EmbeddedTemplateChange | undefined {
  for (const embedded of embeds) {
    const before = outputValue(released, embedded.sha256Output);
    const after = outputValue(current, embedded.sha256Output);
    if (before === after) continue;
    const describe = (sha256: string | undefined) => versionWithTemplate(catalog, embedded.productId, sha256, currentTemplates);
    return { productId: embedded.productId, released: describe(before), current: describe(after) };
  }
  return undefined;
}

function versionWithTemplate(
  catalog: Pick<Catalog, 'root' | 'products'>,
  productId: string,
  sha256: string | undefined,
  currentTemplates?: ReadonlyMap<string, Pick<CurrentTemplate, 'sha256'>>,
): string {
  if (sha256 === undefined) return 'no recorded template';
  const product = findProduct(catalog as Catalog, productId);
  if (!product) return `a template of sha256 ${sha256.slice(0, 12)}… (no product '${productId}' in catalog.yaml)`;
  const released = product.versions.find((version) => readFrozenVersion(catalog.root, product, version.name)?.sha256 === sha256);
  if (released) return `version '${released.name}'`;
  const newest = product.versions[product.versions.length - 1];
  if (currentTemplates?.get(productId)?.sha256 === sha256 && newest) return `its current code (version '${newest.name}', not released)`;
  return `a template of sha256 ${sha256.slice(0, 12)}… that no released version has`;
}

function outputValue(template: TemplateJson, output: string): string | undefined {
  const value = (template as { Outputs?: Record<string, { Value?: unknown }> }).Outputs?.[output]?.Value;
  return typeof value === 'string' ? value : undefined;
}
