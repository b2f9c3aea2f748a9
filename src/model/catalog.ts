/**
 * The Catalog model: plain, readonly, validated data. No CDK in here; the
 * generator turns it into constructs. Every entry keeps where it was written so
 * later stages (product resolution, released versions) can report positions too.
 */
import type { DataScienceEnvironmentSettings } from './data-science-environment-settings';
import type { SourceLocation } from './diagnostics';
import type { SageMakerProjectSettings } from './sagemaker-projects';
import type { CatalogManifest, PortfolioManifest, ProductKind, ProductManifest, ProductVersionManifest, Stage } from './schema';

export const DEFAULT_SSM_PREFIX = 'mlops';

export interface Catalog {
  /** Absolute path of the folder holding catalog.yaml. */
  readonly root: string;
  readonly name: string;
  readonly displayName: string;
  readonly owner: string;
  readonly supportEmail: string;
  readonly supportUrl?: string;
  readonly accounts: readonly Account[];
  readonly defaults: Defaults;
  readonly products: readonly Product[];
  readonly portfolios: readonly Portfolio[];
  /** Where portfolios that target organizational units are published from (catalog.yaml 'organization'). */
  readonly organization?: Organization;
  /** Publishing options (catalog.yaml 'publishing'). */
  readonly publishing: Publishing;
  /** Settings of the products of kind sagemaker-project (defaults filled in). */
  readonly sagemakerProjects: SageMakerProjectSettings;
}

export interface Account {
  readonly name: string;
  readonly id: string;
  readonly regions: readonly string[];
  readonly stage?: Stage;
  readonly description?: string;
  readonly source: SourceLocation;
}

export interface Defaults {
  readonly environmentName: string;
  readonly ssmPrefix: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly dataScienceEnvironment: DataScienceEnvironmentSettings;
}

export interface ProductVersion extends ProductVersionManifest {
  readonly source: SourceLocation;
}

export interface Product extends Omit<ProductManifest, 'versions' | 'kind' | 'path'> {
  readonly id: string;
  readonly kind: ProductKind;
  /** Folder holding the product code, relative to the catalog root (`products/<path>`). */
  readonly directory: string;
  /** Oldest first; the last one is built from the current code. */
  readonly versions: readonly ProductVersion[];
  readonly source: SourceLocation;
}

export interface PortfolioProduct {
  readonly id: string;
  /** The role the portfolio (or catalog.yaml's sagemakerProjects) names; undefined: the factory's launch role (launch-roles.ts). */
  readonly launchRole?: string;
  /** Name prefix of the factory's launch role of this product (launch-roles.ts). */
  readonly factoryLaunchRolePrefix: string;
  readonly source: SourceLocation;
}

export interface Portfolio extends Omit<PortfolioManifest, 'accounts' | 'organizationalUnits' | 'products' | 'principals' | 'tagOptions'> {
  /** Account names it is published to (in every region of each); may be empty when it targets organizational units. */
  readonly accounts: readonly string[];
  /** Organizational unit (or root) ids it is published to through the organisation's StackSet. */
  readonly organizationalUnits: readonly string[];
  /** The portfolio file, relative to the catalog root. */
  readonly file: string;
  readonly principals: { readonly roles: readonly string[]; readonly rolePatterns: readonly string[] };
  readonly products: readonly PortfolioProduct[];
  readonly tagOptions: Readonly<Record<string, readonly string[]>>;
  readonly source: SourceLocation;
}

/** One catalog stack: an account in one of its regions, with what is published there. */
export interface CatalogTarget {
  readonly account: Account;
  readonly region: string;
  readonly portfolios: readonly Portfolio[];
  /** Products of those portfolios, each once, in catalog order. */
  readonly products: readonly Product[];
}

/** Every (account, region) at least one portfolio is published to, in catalog order. */
export function catalogTargets(catalog: Catalog): CatalogTarget[] {
  return catalog.accounts.flatMap((account) => {
    const portfolios = catalog.portfolios.filter((p) => p.accounts.includes(account.name));
    if (portfolios.length === 0) return [];
    const products = productsOf(catalog, portfolios);
    return account.regions.map((region) => ({ account, region, portfolios, products }));
  });
}

/** The products `portfolios` offer, each once, in catalog order. */
export function productsOf(catalog: Pick<Catalog, 'products'>, portfolios: readonly Pick<Portfolio, 'products'>[]): Product[] {
  const used = new Set(portfolios.flatMap((p) => p.products.map((entry) => entry.id)));
  return catalog.products.filter((p) => used.has(p.id));
}

export function findProduct(catalog: Catalog, id: string): Product | undefined {
  return catalog.products.find((p) => p.id === id);
}

/** The version built from the product's current code. */
export function newestVersion(product: Product): ProductVersion {
  return product.versions[product.versions.length - 1];
}

export type { CatalogManifest, PortfolioManifest, ProductKind };

/** The entry file every product folder must have. */
export const PRODUCT_ENTRY = 'index.ts';

/**
 * The optional side-effect-free module of a product folder that declares its
 * contract (`ssmParameters`, `catalogRequirements`; product-contract.ts), so
 * validate reads it without loading the product's stack or aws-cdk-lib.
 */
export const PRODUCT_CONTRACT = 'contract.ts';


export const DEFAULT_PIPELINE_BRANCH = 'main';

export const DEFAULT_MAX_CONCURRENT_PERCENTAGE = 25;

export const DEFAULT_FAILURE_TOLERANCE_PERCENTAGE = 0;

export type PipelineSource =
  | {
    /** A CodeConnections (CodeStar) connection to GitHub, GitLab or Bitbucket. */
    readonly kind: 'connection';
    readonly connectionArn: string;
    /** `owner/name`. */
    readonly repository: string;
    readonly branch: string;
  }
  | {
    readonly kind: 'codecommit';
    /** A CodeCommit repository in the tooling account. */
    readonly repositoryName: string;
    readonly branch: string;
  };

export interface PipelineSettings {
  /** Name of the tooling account (catalog.yaml `accounts`); the pipeline runs in its first region. */
  readonly account: string;
  readonly source: PipelineSource;
  readonly location: SourceLocation;
}

export interface Publishing {
  /** The CDK Pipelines pipeline; undefined when not configured. */
  readonly pipeline?: PipelineSettings;
}

export interface Organization {
  /** The AWS Organizations id (`o-...`), for `aws:PrincipalOrgID`. */
  readonly id: string;
  /** Name of the management or delegated administrator account (catalog.yaml `accounts`). */
  readonly account: string;
  /** How the StackSet is administered: by the management account, or by a delegated administrator. */
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** Regions stack instances are deployed in; the StackSet lives in the first. */
  readonly regions: readonly string[];
  readonly maxConcurrentPercentage: number;
  readonly failureTolerancePercentage: number;
  readonly location: SourceLocation;
}
