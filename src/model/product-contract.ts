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
