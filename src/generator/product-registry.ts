/**
 * Maps each product in the manifest to the stack class its folder exports. The
 * one place that loads product code; problems are manifest diagnostics pointing
 * at the product's entry in catalog.yaml.
 */
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { type Diagnostic, throwIfAny } from '../manifest/diagnostics';
import type { Catalog, Product } from '../manifest/model';
import { PRODUCT_ENTRY } from '../manifest/semantic-checks';
import { SecureProductStack, type SecureProductStackProps } from '../secure/secure-product-stack';

export type ProductStackClass = new (scope: Construct, id: string, props: SecureProductStackProps) => SecureProductStack;

/** Product id -> the class that builds its current template. */
export type ProductRegistry = ReadonlyMap<string, ProductStackClass>;

export function resolveProductClasses(catalog: Catalog): ProductRegistry {
  const registry = new Map<string, ProductStackClass>();
  const diagnostics: Diagnostic[] = [];
  for (const product of catalog.products) {
    const found = findProductClass(catalog, product);
    if (typeof found === 'string') {
      diagnostics.push({ ...product.source, code: 'PRODUCT_EXPORT_MISSING', message: found });
    } else {
      registry.set(product.id, found);
    }
  }
  throwIfAny(diagnostics);
  return registry;
}

/** The exported product stack class, or why there is none. */
function findProductClass(catalog: Catalog, product: Product): ProductStackClass | string {
  const entry = `${product.directory}/${PRODUCT_ENTRY}`;
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(path.join(catalog.root, product.directory, 'index')) as Record<string, unknown>;
  } catch (error) {
    return `product '${product.id}': ${entry} failed to load: ${(error as Error).message.split('\n')[0]}`;
  }
  const classes = Object.entries(exports).filter(([, value]) => SecureProductStack.isProductStackClass(value));
  if (classes.length === 1) return classes[0][1] as ProductStackClass;
  if (classes.length === 0) {
    return `product '${product.id}': ${entry} exports no product stack; export a class extending SecureProductStack (src/secure)`;
  }
  return `product '${product.id}': ${entry} exports ${classes.length} product stacks (${classes.map(([name]) => name).join(', ')}); export exactly one`;
}
