/**
 * The publishing part of the model: the CI pipeline and the organisation that
 * portfolios targeting organizational units are published through. Plain data;
 * accounts are referenced by name (checked by publishing-checks.ts) and resolved
 * with the helpers below.
 */
import type { SourceLocation } from './diagnostics';
import type { Account, Catalog } from './model';
import type { CatalogManifest, PortfolioManifest } from './schema';
import type { YamlSource } from './yaml-source';

/** The stages, in publishing order. */
export const STAGE_ORDER = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGE_ORDER)[number];

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

/** The catalog.yaml sections above, as model data (the loader spreads this into the Catalog). */
export function publishingModel(
  data: CatalogManifest,
  source: YamlSource,
): { readonly organization?: Organization; readonly publishing: Publishing } {
  const pipeline = data.publishing?.pipeline;
  const organization = data.organization;
  return {
    organization: organization && {
      id: organization.id,
      account: organization.account,
      callAs: organization.delegatedAdmin ? 'DELEGATED_ADMIN' : 'SELF',
      regions: organization.regions,
      maxConcurrentPercentage: organization.maxConcurrentPercentage ?? DEFAULT_MAX_CONCURRENT_PERCENTAGE,
      failureTolerancePercentage: organization.failureTolerancePercentage ?? DEFAULT_FAILURE_TOLERANCE_PERCENTAGE,
      location: source.locateKey([], 'organization'),
    },
    publishing: {
      pipeline: pipeline && {
        account: pipeline.account,
        source: pipelineSource(pipeline.source),
        location: source.locateKey(['publishing'], 'pipeline'),
      },
    },
  };
}

type PipelineSourceManifest = NonNullable<NonNullable<CatalogManifest['publishing']>['pipeline']>['source'];

/** Checked by publishing-checks.ts: a connection with its repository, or a CodeCommit repository. */
function pipelineSource(source: PipelineSourceManifest): PipelineSource {
  const branch = source.branch ?? DEFAULT_PIPELINE_BRANCH;
  if (source.connectionArn !== undefined) {
    return { kind: 'connection', connectionArn: source.connectionArn, repository: source.repository!, branch };
  }
  return { kind: 'codecommit', repositoryName: source.codeCommitRepository!, branch };
}

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
