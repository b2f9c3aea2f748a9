/**
 * The published shape: what publishing the catalog leaves in a target (a
 * catalog stack, or the organisation's StackSet), as plain data. One pure
 * function per kind of target (src/generator/targets/ picks it) for all who
 * need it: the catalog stack renders it into constructs, `plan` compares it
 * with catalog.lock.json, `publish` records it there.
 *
 * Semantic (portfolios, principals, launch constraints, TagOptions, products and
 * their versions with template hashes), not a CloudFormation template, so a plan
 * reads like the catalog and survives refactoring of the generator.
 */
import { type Catalog, type CatalogTarget, type Portfolio, type Product, type ProductVersion, productsOf } from './catalog';
import {
  PORTFOLIO_ATTRIBUTES,
  type PortfolioState,
  PRODUCT_ATTRIBUTES,
  type ProductState,
  PUBLISHED_VERSION_STATUSES,
  type TargetState,
  type VersionState,
} from './published-state-schema';
import { accountNamed, organizationPortfolios } from './publishing';

/** What the shape needs of a version's template (the generator's VersionTemplate has it). */
export interface PublishedVersionTemplate {
  readonly version: Pick<ProductVersion, 'name' | 'description' | 'status'>;
  /** sha256 of the template's bytes. */
  readonly sha256: string;
  /** `released`: the frozen template; `current`: built from today's code. */
  readonly origin: 'current' | 'released';
}

/** Product id -> the templates of its versions, oldest first. */
export type PublishedVersionTemplates = ReadonlyMap<string, readonly PublishedVersionTemplate[]>;

/** What a target holds, without its identity. */
export type TargetContent = Pick<TargetState, 'products' | 'portfolios'>;

/** The id of the organisation's StackSet stack; capitalised so it can never equal a catalog stack's `<account>-<region>`. */
export const ORGANIZATION_STACKSET_ID = 'Organization-StackSet';

/** A catalog stack's construct (and cloud assembly artifact) id: `<account name>-<region>`. */
export function catalogStackId(target: Pick<CatalogTarget, 'account' | 'region'>): string {
  return `${target.account.name}-${target.region}`;
}

/** A catalog stack's CloudFormation stack name: `<catalog name>-<account name>-<region>`. */
export function catalogStackName(catalog: Pick<Catalog, 'name'>, target: Pick<CatalogTarget, 'account' | 'region'>): string {
  return `${catalog.name}-${catalogStackId(target)}`;
}

/** The organisation StackSet stack's CloudFormation stack name. */
export function organizationStackSetStackName(catalog: Pick<Catalog, 'name'>): string {
  return `${catalog.name}-organization-stackset`;
}

/** What one catalog stack (account x region) holds. */
export function catalogTargetShape(catalog: Catalog, target: CatalogTarget, versions: PublishedVersionTemplates): TargetState {
  return {
    id: catalogStackId(target),
    account: target.account.name,
    accountId: target.account.id,
    region: target.region,
    stackName: catalogStackName(catalog, target),
    ...targetContent(target, versions),
  };
}

/** What the organisation's StackSet publishes to organizational units, or undefined when no portfolio targets one. */
export function organizationTargetShape(catalog: Catalog, versions: PublishedVersionTemplates): TargetState | undefined {
  const portfolios = organizationPortfolios(catalog);
  if (!catalog.organization || portfolios.length === 0) return undefined;
  const admin = accountNamed(catalog, catalog.organization.account);
  return {
    id: ORGANIZATION_STACKSET_ID,
    account: admin.name,
    accountId: admin.id,
    region: catalog.organization.regions.join(','),
    stackName: organizationStackSetStackName(catalog),
    ...targetContent({ portfolios, products: productsOf(catalog, portfolios) }, versions, true),
  };
}

/**
 * What `portfolios` and their `products` put in a target. `withOrganizationalUnits`:
 * record the units each portfolio reaches (the organisation's StackSet).
 */
export function targetContent(
  target: Pick<CatalogTarget, 'portfolios' | 'products'>,
  versions: PublishedVersionTemplates,
  withOrganizationalUnits = false,
): TargetContent {
  return {
    products: Object.fromEntries(target.products.map((product) => [product.id, productShape(product, versions.get(product.id) ?? [])])),
    portfolios: Object.fromEntries(target.portfolios.map((portfolio) => [portfolio.id, portfolioShape(portfolio, withOrganizationalUnits)])),
  };
}

function productShape(product: Product, versions: readonly PublishedVersionTemplate[]): ProductState {
  return withoutUndefined({
    ...pick(product, PRODUCT_ATTRIBUTES),
    versions: versions.flatMap(versionShape),
  }) as ProductState;
}

/** A version as Service Catalog shows it; a `removed` version is not published at all. */
function versionShape(template: PublishedVersionTemplate): VersionState[] {
  const status = PUBLISHED_VERSION_STATUSES.find((s) => s === template.version.status);
  if (!status) return [];
  return [{
    name: template.version.name,
    description: template.version.description,
    status,
    sha256: template.sha256,
    released: template.origin === 'released',
  }];
}

function portfolioShape(portfolio: Portfolio, withOrganizationalUnits: boolean): PortfolioState {
  return withoutUndefined({
    ...pick(portfolio, PORTFOLIO_ATTRIBUTES),
    organizationalUnits: withOrganizationalUnits ? [...portfolio.organizationalUnits] : undefined,
    principals: { roles: [...portfolio.principals.roles], rolePatterns: [...portfolio.principals.rolePatterns] },
    products: Object.fromEntries(portfolio.products.map((p) => [p.id, { launchRole: p.launchRole }])),
    tagOptions: Object.fromEntries(Object.entries(portfolio.tagOptions).map(([key, values]) => [key, [...values]])),
  }) as PortfolioState;
}

/** `keys` of `source`, in the order of `keys`. */
function pick<T, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Pick<T, K>;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
