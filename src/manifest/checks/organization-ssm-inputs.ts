import type { Catalog } from '../../model/catalog';
import type { Diagnostic } from '../../model/diagnostics';
import { organizationPortfolios } from '../../model/publishing';
import { type SsmContractKey, ssmParameterName } from '../../model/ssm-contract';
import type { ProductSsmUses } from '../../model/ssm-parameter-use';
import { NO_SSM_PARAMETERS } from '../../model/ssm-parameter-use';

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
