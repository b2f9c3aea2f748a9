/**
 * What `kind: sagemaker-project` means in the manifest: the product is a
 * SageMaker project template that Studio users see and launch. It is launched
 * with catalog.yaml's SageMaker launch role when it names one (else the factory's launch
 * role) unless a portfolio names another, and every
 * portfolio offering it admits the Studio execution roles named in catalog.yaml.
 * (The product tag `sagemaker:studio-visibility=true` is added by the catalog
 * stack; the required template parameters are checked once templates exist, in
 * src/generator/sagemaker-project-templates.ts.)
 */
import { type CatalogManifest, type PortfolioManifest } from './schema';

export interface SageMakerProjectSettings {
  /** Role SageMaker project products are launched with when a portfolio names none; undefined: the factory's. */
  readonly launchRole?: string;
  /** Studio execution role names added to the principals of portfolios offering project products. */
  readonly studioExecutionRoles: readonly string[];
  /** IAM_PATTERN principals added likewise. */
  readonly studioExecutionRolePatterns: readonly string[];
}

export function sagemakerProjectSettings(catalog: CatalogManifest): SageMakerProjectSettings {
  return {
    launchRole: catalog.sagemakerProjects?.launchRole,
    studioExecutionRoles: catalog.sagemakerProjects?.studioExecutionRoles ?? [],
    studioExecutionRolePatterns: catalog.sagemakerProjects?.studioExecutionRolePatterns ?? [],
  };
}

/** Ids of the products of kind sagemaker-project; `catalog` may be catalog.yaml's data before validation. */
export function sagemakerProjectIds(catalog: unknown): string[] {
  const products = (catalog as { products?: unknown } | undefined)?.products;
  if (products === null || typeof products !== 'object' || Array.isArray(products)) return [];
  return Object.entries(products as Record<string, unknown>)
    .filter(([, product]) => (product as { kind?: unknown } | null)?.kind === 'sagemaker-project')
    .map(([id]) => id);
}

/**
 * The launch role a portfolio's product entry names: its own, or for a project product the catalog's
 * SageMaker launch role; undefined when neither names one (the factory's launch role, launch-roles.ts).
 */
export function launchRoleOf(catalog: CatalogManifest, entry: PortfolioManifest['products'][number]): string | undefined {
  if (entry.launchRole !== undefined) return entry.launchRole;
  return sagemakerProjectIds(catalog).includes(entry.id) ? sagemakerProjectSettings(catalog).launchRole : undefined;
}

/** A portfolio's role principals, plus the Studio execution roles when it offers a project product. */
export function principalRolesOf(catalog: CatalogManifest, portfolio: PortfolioManifest): string[] {
  return withStudio(catalog, portfolio, portfolio.principals.roles ?? [], sagemakerProjectSettings(catalog).studioExecutionRoles);
}

/** A portfolio's IAM_PATTERN principals, plus the Studio execution role patterns when it offers a project product. */
export function principalPatternsOf(catalog: CatalogManifest, portfolio: PortfolioManifest): string[] {
  return withStudio(catalog, portfolio, portfolio.principals.rolePatterns ?? [], sagemakerProjectSettings(catalog).studioExecutionRolePatterns);
}

function withStudio(catalog: CatalogManifest, portfolio: PortfolioManifest, own: readonly string[], studio: readonly string[]): string[] {
  const result = [...own];
  const projects = sagemakerProjectIds(catalog);
  if (portfolio.products.some((entry) => projects.includes(entry.id))) {
    for (const principal of studio) if (!result.includes(principal)) result.push(principal);
  }
  return result;
}
