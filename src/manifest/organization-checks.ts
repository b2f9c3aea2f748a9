/**
 * The organisation path, checked offline. Which accounts sit in which unit is
 * not knowable without AWS, but two things are:
 *
 * - The root (`r-...`) holds every account, so listing it beside units that get
 *   other portfolios targets their accounts twice with different parameters;
 *   StackSets keep one stack instance per account and region, so what those
 *   accounts would get is undefined (rootBesideOtherUnits). Accounts named in
 *   catalog.yaml are kept out of every unit by the StackSet itself
 *   (organization-stackset.ts, AccountFilterType DIFFERENCE), so they are no
 *   reason to refuse a unit.
 * - Every product offered to a unit must find the SSM parameters it reads:
 *   CloudFormation resolves `AWS::SSM::Parameter::Value<...>` parameters when a
 *   stack is created, so unless a product offered to the same unit publishes
 *   them, every launch there fails (organizationSsmInputs). What a product reads
 *   and publishes comes from its declaration or, for a released version, its
 *   frozen template (ssm-parameter-use.ts), and at synth from the synthesized
 *   templates themselves.
 */
import type { Diagnostic } from './diagnostics';
import type { Catalog, Product, ProductVersion } from './model';
import { organizationPortfolios } from './publishing';
import type { SemanticCheck } from './semantic-checks';
import { type SsmContractKey, ssmParameterName } from '../secure/ssm-contract';
import { NO_SSM_PARAMETERS, type SsmParameterUse } from '../secure/ssm-parameter-use';

const isRoot = (unit: string) => unit.startsWith('r-');

export const rootBesideOtherUnits: SemanticCheck = ({ portfolios }) => {
  const portfoliosOf = new Map<string, Set<string>>();
  for (const { data } of portfolios) {
    for (const unit of data.organizationalUnits ?? []) portfoliosOf.set(unit, (portfoliosOf.get(unit) ?? new Set()).add(data.id));
  }
  const listed = (unit: string) => [...portfoliosOf.get(unit)!].sort().join(', ');
  return portfolios.flatMap(({ source, data }) =>
    (data.organizationalUnits ?? []).flatMap((unit, index) => {
      if (!isRoot(unit)) return [];
      const others = [...portfoliosOf.keys()].filter((other) => other !== unit && listed(other) !== listed(unit));
      return others.length === 0
        ? []
        : [{
          ...source.locate(['organizationalUnits', index]),
          code: 'ORGANIZATION_UNITS_OVERLAP' as const,
          message:
            `the root '${unit}' holds every account of the organization, also those of ${others.map((o) => `${o} (${listed(o)})`).join(', ')}, ` +
            `which get other portfolios than the root (${listed(unit)}); StackSets keep one stack instance per account and region, ` +
            'so those accounts would get one set or the other; list the units the root should cover instead of the root, or list the root alone',
        }];
    }),
  );
};

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

export const organizationSsmInputs = (catalog: Catalog, uses: ProductSsmUses): Diagnostic[] => {
  const portfolios = organizationPortfolios(catalog);
  const offeredTo = new Map<string, Set<string>>();
  for (const portfolio of portfolios) {
    for (const unit of portfolio.organizationalUnits) {
      const offered = offeredTo.get(unit) ?? new Set<string>();
      for (const entry of portfolio.products) offered.add(entry.id);
      offeredTo.set(unit, offered);
    }
  }
  const use = (id: string) => uses.get(id) ?? NO_SSM_PARAMETERS;
  const name = (key: SsmContractKey) => ssmParameterName(catalog.defaults, key);

  return portfolios.flatMap((portfolio) =>
    portfolio.products.flatMap((entry) => {
      // Units with the same missing parameters share one diagnostic.
      const unitsMissing = new Map<string, { units: string[]; keys: SsmContractKey[] }>();
      for (const unit of new Set(portfolio.organizationalUnits)) {
        const published = new Set([...offeredTo.get(unit)!].filter((id) => id !== entry.id).flatMap((id) => use(id).publishes));
        const keys = use(entry.id).reads.filter((key) => !published.has(key));
        if (keys.length === 0) continue;
        const group = unitsMissing.get(keys.join()) ?? { units: [], keys };
        group.units.push(unit);
        unitsMissing.set(keys.join(), group);
      }
      return [...unitsMissing.values()].map(({ units, keys }) => ({
        ...entry.source,
        code: 'ORGANIZATION_SSM_INPUTS_MISSING' as const,
        message:
          `product '${entry.id}' reads SSM parameters that no product offered to ${units.join(', ')} publishes: ` +
          `${keys.map(name).join(', ')}; CloudFormation resolves them when the product is launched, so every launch there fails. ` +
          whereFrom(catalog, uses, entry.id, keys, name, units),
      }));
    }),
  );
};

function whereFrom(
  catalog: Catalog,
  uses: ProductSsmUses,
  reader: string,
  keys: readonly SsmContractKey[],
  name: (key: SsmContractKey) => string,
  units: readonly string[],
): string {
  const publishers = (key: SsmContractKey) =>
    catalog.products.filter((p) => p.id !== reader && (uses.get(p.id)?.publishes ?? []).includes(key)).map((p) => `'${p.id}'`);
  const complete = catalog.products
    .filter((p) => p.id !== reader && keys.every((key) => (uses.get(p.id)?.publishes ?? []).includes(key)))
    .map((p) => `'${p.id}'`);
  const instead = `or offer '${reader}' to named 'accounts' (where they exist) instead of units`;
  if (complete.length > 0) {
    return `They are published by ${complete.join(' or ')} of this catalog: offer one of them to ${units.join(', ')} as well, ${instead}`;
  }
  const sources = keys.map((key) => `${name(key)} by ${publishers(key).join(' or ') || 'no product of this catalog'}`);
  return `They are published: ${sources.join('; ')}; offer what publishes them to ${units.join(', ')} as well, ${instead}`;
}
