/**
 * Maps each product in the manifest to the stack class its folder exports. The
 * one place that loads product code; problems are manifest diagnostics pointing
 * at the product's entry in catalog.yaml. Then runs what the classes declare:
 * each product's catalog requirements (src/model/product-contract.ts) and the
 * checks across products (PRODUCT_CHECKS), without synthesizing anything.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { catalogRelativePath } from './catalog-paths';
import { frozenTemplatePath } from './frozen-versions';
import { PRODUCT_CHECKS } from '../manifest/checks';
import type { Catalog, Product, ProductVersion } from '../model/catalog';
import { PRODUCT_ENTRY } from '../model/catalog';
import { compileErrorDiagnostic } from '../model/compile-errors';
import { type Diagnostic, echo, throwIfAny } from '../model/diagnostics';
import { declaredEmbeds, type EmbeddedTemplate, invalidCheckovAcknowledgements, unmetCatalogRequirements } from '../model/product-contract';
import { productSsmUses } from '../model/ssm-parameter-use';
import { declaredSsmParameterUse, type SsmParameterUse, ssmParameterUseOfTemplate } from '../model/ssm-parameter-use';
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
    } else if ('code' in found) {
      diagnostics.push(found);
    } else {
      registry.set(product.id, found);
    }
  }
  throwIfAny(diagnostics);
  // What each product needs of the catalog, in the product's own words (its class's catalogRequirements).
  throwIfAny(catalog.products.flatMap((product) => unmetCatalogRequirements(registry.get(product.id), catalog, product)));
  // Every checkov acknowledgement carries a reason (src/model/checkov-acknowledgement.ts).
  const relative = (file: string) => catalogRelativePath(catalog.root, file);
  throwIfAny(catalog.products.flatMap((product) => invalidCheckovAcknowledgements(registry.get(product.id), product, relative)));
  const ssm = productSsmUses(catalog, (product, version) => declaredOrFrozenSsmUse(catalog, product, version, registry));
  throwIfAny(PRODUCT_CHECKS.flatMap((check) => check(catalog, ssm)));
  return registry;
}

/** A released version's frozen template says what it uses; an unreleased one is the current code, whose class declares it. */
function declaredOrFrozenSsmUse(catalog: Catalog, product: Product, version: ProductVersion, registry: ProductRegistry): SsmParameterUse {
  const frozen = path.join(catalog.root, frozenTemplatePath(product, version.name));
  if (fs.existsSync(frozen)) {
    try {
      return ssmParameterUseOfTemplate(JSON.parse(fs.readFileSync(frozen, 'utf8')), catalog.defaults);
    } catch {
      // An unreadable frozen template is reported by the version checks at synth; judge by the code meanwhile.
    }
  }
  return declaredSsmParameterUse(registry.get(product.id));
}

/**
 * The exported product stack class, or why there is none (a compile error: at
 * its place in the product's code). The product synthesis workers load one
 * product's code with it.
 */
export function findProductClass(catalog: Catalog, product: Product): ProductStackClass | string | Diagnostic {
  const entry = `${product.directory}/${PRODUCT_ENTRY}`;
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(path.join(catalog.root, product.directory, 'index')) as Record<string, unknown>;
  } catch (error) {
    const compileError = compileErrorDiagnostic(error, catalog.root);
    if (compileError) return { ...compileError, message: `product '${product.id}': ${compileError.file} ${compileError.message}` };
    return `product '${product.id}': ${entry} failed to load: ${echo(String((error as Error)?.message).split('\n')[0], 200)}`;
  }
  const classes = Object.entries(exports).filter(([, value]) => SecureProductStack.isProductStackClass(value));
  if (classes.length === 1) return classes[0][1] as ProductStackClass;
  if (classes.length === 0) {
    return `product '${product.id}': ${entry} exports no product stack; export a class extending SecureProductStack (src/secure)`;
  }
  return `product '${product.id}': ${entry} exports ${classes.length} product stacks (${classes.map(([name]) => name).join(', ')}); export exactly one`;
}

/** What each product class declares it embeds (product-contract.ts), by product id. */
export function embedsOf(registry: ProductRegistry): Map<string, readonly EmbeddedTemplate[]> {
  return new Map([...registry].map(([id, productClass]) => [id, declaredEmbeds(productClass)]));
}
