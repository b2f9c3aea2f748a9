/**
 * Maps each product in the manifest to the stack class its folder exports. The
 * one place synth loads product code; problems are manifest diagnostics pointing
 * at the product's entry in catalog.yaml. Then runs what the products declare
 * (their contracts) and the checks across products, without synthesizing
 * anything: the same checks validate runs without loading the classes
 * (src/manifest/product-code.ts), so both report the same.
 */
import type { Construct } from 'constructs';
import { checkProductContracts, readProductCode } from '../manifest/product-code';
import type { Catalog, Product } from '../model/catalog';
import { declaredEmbeds, type EmbeddedTemplate } from '../model/product-contract';
import type { SecureProductStack, SecureProductStackProps } from '../secure/secure-product-stack';

export type ProductStackClass = new (scope: Construct, id: string, props: SecureProductStackProps) => SecureProductStack;

/** Product id -> the class that builds its current template. */
export type ProductRegistry = ReadonlyMap<string, ProductStackClass>;

export function resolveProductClasses(catalog: Catalog): ProductRegistry {
  const code = readProductCode(catalog, { load: true });
  checkProductContracts(catalog, code);
  return new Map([...code].map(([id, { productClass }]) => [id, productClass as ProductStackClass]));
}

/** What each product class declares it embeds (product-contract.ts), by product id. */
export function embedsOf(registry: ProductRegistry): Map<string, readonly EmbeddedTemplate[]> {
  return new Map([...registry].map(([id, productClass]) => [id, declaredEmbeds(productClass)]));
}

/** One product's class, loaded as resolveProductClasses loads it (a product synthesis worker thread's). */
export function findProductClass(catalog: Catalog, product: Product): ProductStackClass {
  return readProductCode({ ...catalog, products: [product] }, { load: true }).get(product.id)!.productClass as ProductStackClass;
}
