/**
 * What a product folder declares about itself, read from the static members of
 * its product stack class without synthesizing anything (product-registry.ts
 * loads the classes for validate and synth):
 *
 * - `ssmParameters`: the SSM contract entries it reads and publishes
 *   (ssm-parameter-use.ts);
 * - `catalogRequirements`: what it needs of catalog.yaml (e.g. accounts of a
 *   stage), as diagnostics at catalog.yaml positions. A product states its
 *   needs here and never throws for a catalog problem: a maintainer then gets
 *   `file:line:col` and exit code 1 from `validate`, not a stack trace at synth.
 *
 * A product that declares either puts them in its folder's `contract.ts`
 * (PRODUCT_CONTRACT: imports the model only, no aws-cdk-lib) and its class
 * re-exports them (`static readonly ssmParameters = contract.ssmParameters`):
 * validate then reads the contract without loading the product's code
 * (src/manifest/product-code.ts), synth reads the same module.
 */
import type { Catalog, Product } from './catalog';
import type { Diagnostic } from './diagnostics';
import type { SsmParameterUse } from './ssm-parameter-use';

export type CatalogRequirements = (catalog: Catalog, product: Product) => Diagnostic[];

export interface ProductContract {
  readonly ssmParameters?: SsmParameterUse;
  readonly catalogRequirements?: CatalogRequirements;
}

/** The problems `productClass` declares with `catalog` (none when it declares no requirements). */
export function unmetCatalogRequirements(productClass: unknown, catalog: Catalog, product: Product): Diagnostic[] {
  const requirements = (productClass as ProductContract).catalogRequirements;
  return requirements ? requirements(catalog, product) : [];
}

/**
 * Marks SecureProductStack (src/secure) and, through static inheritance, every
 * subclass. A global symbol rather than instanceof: product modules may be
 * loaded by another module registry (the CLI's TypeScript loader, jest) than
 * the generator's copy of the kit.
 */
export const PRODUCT_STACK_MARK: unique symbol = Symbol.for('sc-product-factory.SecureProductStack') as never;

/** Whether `x` is a product stack class: a subclass of SecureProductStack, not the base itself. */
export function isProductStackClass(x: unknown): boolean {
  return (
    typeof x === 'function' &&
    (x as { [PRODUCT_STACK_MARK]?: boolean })[PRODUCT_STACK_MARK] === true &&
    !Object.prototype.hasOwnProperty.call(x, PRODUCT_STACK_MARK)
  );
}
