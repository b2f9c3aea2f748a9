/**
 * The publishing part of the model: the CI pipeline and the organisation that
 * portfolios targeting organizational units are published through. Plain data;
 * accounts are referenced by name (checked by src/manifest/checks/) and resolved
 * with the helpers below.
 */
import type { Account, Catalog } from './catalog';
import type { PortfolioManifest } from './schema';

/** The account an organisation or pipeline names (validated to exist). */
export function accountNamed(catalog: Pick<Catalog, 'accounts'>, name: string): Account {
  const account = catalog.accounts.find((a) => a.name === name);
  if (!account) throw new Error(`no account '${name}' in the catalog (the manifest checks should have reported it)`);
  return account;
}

/** Portfolios published through the organisation's StackSet, in file order. */
export function organizationPortfolios<P extends Pick<PortfolioManifest, 'id'> & { readonly organizationalUnits: readonly string[] }>(
  catalog: { readonly portfolios: readonly P[] },
): P[] {
  return catalog.portfolios.filter((p) => p.organizationalUnits.length > 0);
}

/** Accounts some portfolio is published to by name, in catalog order. */
export function targetedAccounts(catalog: Pick<Catalog, 'accounts' | 'portfolios'>): Account[] {
  return catalog.accounts.filter((account) => catalog.portfolios.some((p) => p.accounts.includes(account.name)));
}

/**
 * Ids of the accounts published to by name in at least one of `regions`: their
 * catalog stacks there already hold the TagOptions, portfolios and products a
 * unit's stack instance would create again, so the StackSet leaves them out.
 */
export function accountIdsNamedIn(catalog: Pick<Catalog, 'accounts' | 'portfolios'>, regions: readonly string[]): string[] {
  return targetedAccounts(catalog)
    .filter((account) => account.regions.some((region) => regions.includes(region)))
    .map((account) => account.id);
}

/**
 * Every region the catalog publishes to (named accounts' catalog stacks, the
 * organisation's stack instances), sorted: where product templates may launch,
 * so where cfn-lint checks them (resource schemas differ by region).
 */
export function publishedRegions(catalog: Pick<Catalog, 'accounts' | 'portfolios' | 'organization'>): string[] {
  const named = targetedAccounts(catalog).flatMap((account) => account.regions);
  const organization = organizationPortfolios(catalog).length > 0 ? (catalog.organization?.regions ?? []) : [];
  return [...new Set([...named, ...organization])].sort();
}
