/**
 * Which parameters of the SSM contract (ssm-contract.ts) a product reads and
 * which it publishes, known without synthesis: each product class declares it
 * (`static ssmParameters`), a test proves each shipped declaration equal to
 * what its synthesized template reads and writes, and released versions are
 * read from their frozen templates with the same function.
 *
 * Why it matters: CloudFormation resolves every `AWS::SSM::Parameter::Value<...>`
 * parameter when a stack is created, so a launch fails in an account where one
 * of those parameters does not exist (the organisation checks use this).
 */
import type { Catalog, Defaults, Product, ProductVersion } from './catalog';
import { CATALOG_FACTS, type CatalogFactKey, catalogFactName, SSM_CONTRACT, type SsmContractKey, ssmParameterName } from './ssm-contract';

export interface SsmParameterUse {
  /** Contract keys read as the defaults of `AWS::SSM::Parameter::Value<...>` parameters. */
  readonly reads: readonly SsmContractKey[];
  /** Contract keys written as `AWS::SSM::Parameter` resources (under the catalog's default environment name). */
  readonly publishes: readonly SsmContractKey[];
  /**
   * Parameters the product publishes under the environment's path beside the
   * contract, for products that choose to read them (e.g. `monitoring/alerts-topic-arn`).
   *
   * @default - none
   */
  readonly publishesOwn?: readonly string[];
  /**
   * Catalog facts (ssm-contract.ts, CATALOG_FACTS) read as the defaults of SSM-typed parameters:
   * published by every catalog stack, so readable wherever the product is launched.
   *
   * @default - none
   */
  readonly catalogFacts?: readonly CatalogFactKey[];
}

export const NO_SSM_PARAMETERS: SsmParameterUse = { reads: [], publishes: [] };

/** A product class's declaration; a class that declares nothing reads and publishes nothing. */
export function declaredSsmParameterUse(productClass: unknown): SsmParameterUse {
  return (productClass as { ssmParameters?: SsmParameterUse }).ssmParameters ?? NO_SSM_PARAMETERS;
}

/** What a template reads and writes, plus the SSM names outside the contract (AWS public parameters, a product's own). */
export interface TemplateSsmParameterUse extends SsmParameterUse {
  readonly catalogFacts: readonly CatalogFactKey[];
  readonly otherReads: readonly string[];
  /** Names of written parameters outside the contract; `undefined` entries could not be resolved offline. */
  readonly otherPublishes: readonly (string | undefined)[];
}

interface TemplateJson {
  readonly Parameters?: Record<string, { readonly Type?: string; readonly Default?: unknown }>;
  readonly Resources?: Record<string, { readonly Type?: string; readonly Properties?: Record<string, unknown> }>;
}

/**
 * Reads a synthesized (or frozen) template; names resolve with parameter defaults. With the
 * catalog's name, reads of catalog facts are told apart from other reads.
 */
export function ssmParameterUseOfTemplate(
  template: TemplateJson,
  defaults: Pick<Defaults, 'ssmPrefix' | 'environmentName'>,
  catalogName?: string,
): TemplateSsmParameterUse {
  const keys = Object.keys(SSM_CONTRACT) as SsmContractKey[];
  const keyOf = (name: string | undefined) => keys.find((key) => ssmParameterName(defaults, key) === name);
  const factKeys = Object.keys(CATALOG_FACTS) as CatalogFactKey[];
  const factOf = (name: string) => (catalogName === undefined ? undefined : factKeys.find((key) => catalogFactName(catalogName, key) === name));
  const reads: SsmContractKey[] = [];
  const catalogFacts: CatalogFactKey[] = [];
  const otherReads: string[] = [];
  for (const parameter of Object.values(template.Parameters ?? {})) {
    if (!parameter.Type?.startsWith('AWS::SSM::Parameter::Value<')) continue;
    const name = typeof parameter.Default === 'string' ? parameter.Default : '';
    const key = keyOf(name);
    const fact = factOf(name);
    if (key) reads.push(key);
    else if (fact) catalogFacts.push(fact);
    else otherReads.push(name);
  }
  const publishes: SsmContractKey[] = [];
  const otherPublishes: (string | undefined)[] = [];
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::SSM::Parameter') continue;
    const name = resolveString(resource.Properties?.Name, template);
    const key = keyOf(name);
    if (key) publishes.push(key);
    else otherPublishes.push(name);
  }
  return { reads: sorted(reads), publishes: sorted(publishes), catalogFacts: sorted(catalogFacts), otherReads, otherPublishes };
}

/** A string built from literals, `Ref` to a parameter (its default) and `Fn::Join`; undefined otherwise. */
function resolveString(value: unknown, template: TemplateJson): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') {
    const fallback = template.Parameters?.[object.Ref]?.Default;
    return typeof fallback === 'string' ? fallback : undefined;
  }
  const join = object['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = (join[1] as unknown[]).map((part) => resolveString(part, template));
    return parts.every((part): part is string => part !== undefined) ? parts.join(join[0]) : undefined;
  }
  return undefined;
}

function sorted<Key extends string>(keys: readonly Key[]): Key[] {
  return [...new Set(keys)].sort();
}

/** Product id -> what it reads and publishes, over its launchable versions. */
export type ProductSsmUses = ReadonlyMap<string, SsmParameterUse>;

/** Versions a user can launch (new or by update): active and deprecated ones. */
const LAUNCHABLE: ReadonlySet<string> = new Set(['active', 'deprecated']);

/**
 * Combines the versions of each product: a launch may use any launchable
 * version, so it reads what any of them reads and can be relied on to publish
 * only what all of them publish.
 */
export function productSsmUses(
  catalog: Pick<Catalog, 'products'>,
  useOf: (product: Product, version: ProductVersion) => SsmParameterUse,
): Map<string, SsmParameterUse> {
  return new Map(
    catalog.products.map((product) => {
      const uses = product.versions.filter((v) => LAUNCHABLE.has(v.status)).map((v) => useOf(product, v));
      if (uses.length === 0) return [product.id, NO_SSM_PARAMETERS];
      return [product.id, {
        reads: [...new Set(uses.flatMap((u) => u.reads))].sort(),
        publishes: uses.map((u) => u.publishes).reduce((all, next) => all.filter((key) => next.includes(key))),
      }];
    }),
  );
}
