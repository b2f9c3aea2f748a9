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
 *   `file:line:col` and exit code 1 from `validate`, not a stack trace at synth;
 * - `checkovAcknowledgements`: the checkov findings it accepts in its templates,
 *   each with a reason (checkov-acknowledgement.ts), outside the templates so
 *   that released versions stay byte for byte as released;
 * - `embeds`: the products whose templates it carries inside its own (the deploy
 *   project carries the endpoint's): a change of such a template changes this
 *   product's template too, and synth names the embedded product and versions.
 *
 *
 * A product that declares any of them puts them in its folder's `contract.ts`
 * (PRODUCT_CONTRACT: imports the model only, no aws-cdk-lib) and its class
 * re-exports them (`static readonly ssmParameters = contract.ssmParameters`):
 * validate then reads the contract without loading the product's code
 * (src/manifest/product-code.ts), synth reads the same module.
 */
import type { Catalog, Product } from './catalog';
import { type CheckovAcknowledgement, checkovAcknowledgementProblems } from './checkov-acknowledgement';
import type { Diagnostic } from './diagnostics';
import type { SsmParameterUse } from './ssm-parameter-use';

export type CatalogRequirements = (catalog: Catalog, product: Product) => Diagnostic[];

/** Another product's template carried inside a product's template. */
export interface EmbeddedTemplate {
  /** The embedded product's id in catalog.yaml. */
  readonly productId: string;
  /** The output of the embedding template whose value is the embedded template's sha256 (how a released template records which one it carries). */
  readonly sha256Output: string;
}

export interface ProductContract {
  readonly ssmParameters?: SsmParameterUse;
  readonly catalogRequirements?: CatalogRequirements;
  readonly checkovAcknowledgements?: readonly CheckovAcknowledgement[];
  readonly embeds?: readonly EmbeddedTemplate[];
}

/** What `productClass` declares it embeds (nothing when it declares nothing). */
export function declaredEmbeds(productClass: unknown): readonly EmbeddedTemplate[] {
  return (productClass as ProductContract).embeds ?? [];
}

/** The problems `productClass` declares with `catalog` (none when it declares no requirements). */
export function unmetCatalogRequirements(productClass: unknown, catalog: Catalog, product: Product): Diagnostic[] {
  const requirements = (productClass as ProductContract).catalogRequirements;
  return requirements ? requirements(catalog, product) : [];
}

/** The checkov acknowledgements `productClass` declares (none when it declares none). */
export function declaredCheckovAcknowledgements(productClass: unknown): readonly CheckovAcknowledgement[] {
  return (productClass as ProductContract | undefined)?.checkovAcknowledgements ?? [];
}

/**
 * Every malformed checkov acknowledgement of `productClass` (no reason, no
 * logical id, ...), at the line that declares it, made relative by `relative`
 * (else at the product's entry in catalog.yaml).
 */
export function invalidCheckovAcknowledgements(productClass: unknown, product: Product, relative: (file: string) => string): Diagnostic[] {
  return declaredCheckovAcknowledgements(productClass).flatMap((acknowledgement) => {
    const match = acknowledgement.writtenAt ? /^(.*):(\d+):(\d+)$/.exec(acknowledgement.writtenAt) : null;
    const at = match ? { file: relative(match[1]), line: Number(match[2]), col: Number(match[3]) } : product.source;
    return checkovAcknowledgementProblems(acknowledgement).map((problem) => ({
      ...at,
      code: 'CHECKOV_ACKNOWLEDGEMENT_INVALID' as const,
      message: `product '${product.id}': ${problem}`,
    }));
  });
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
