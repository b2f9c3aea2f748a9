/**
 * The published state: what each catalog stack (account x region) offers, as
 * plain data, and `catalog.lock.json`, the committed record of what was last
 * published from this repository. `plan` compares the state the repository
 * would publish now with that record; `publish` (or `recordPublished`) writes
 * it after each target is deployed.
 *
 * The state is semantic (portfolios, principals, constraints, TagOptions,
 * products and their versions with template hashes), not a CloudFormation
 * template, so a plan reads like the catalog and survives refactoring of the
 * generator that does not change what is published.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogStack } from '../generator/catalog-stack';
import { OrganizationStackSetStack } from '../generator/organization-stackset';
import type { VersionTemplates } from '../generator/versions';
import { type Catalog, catalogTargets, type CatalogTarget, type Portfolio, type Product } from '../model/catalog';
import { ManifestError } from '../model/diagnostics';
import { accountNamed, organizationPortfolios } from '../model/publishing';

export const PUBLISHED_STATE_FILE = 'catalog.lock.json';
export const PUBLISHED_STATE_FORMAT = 1;

/** A version as Service Catalog shows it: `removed` versions are simply absent. */
export interface VersionState {
  readonly name: string;
  readonly description: string;
  readonly status: 'active' | 'deprecated' | 'inactive';
  /** sha256 of the template's bytes: a different hash under the same name is a replaced artifact. */
  readonly sha256: string;
  /** Whether the template was frozen by `release` (false: built from the code of the day). */
  readonly released: boolean;
}

export interface ProductState {
  readonly displayName: string;
  readonly owner: string;
  readonly distributor?: string;
  readonly description: string;
  readonly supportEmail?: string;
  readonly supportUrl?: string;
  readonly supportDescription?: string;
  readonly versions: readonly VersionState[];
}

export interface PortfolioState {
  readonly displayName: string;
  readonly providerName: string;
  readonly description?: string;
  /** Organizational units it reaches (the organisation's StackSet only). */
  readonly organizationalUnits?: readonly string[];
  readonly principals: { readonly roles: readonly string[]; readonly rolePatterns: readonly string[] };
  /** Product id -> its launch constraint. */
  readonly products: Readonly<Record<string, { readonly launchRole: string }>>;
  readonly tagOptions: Readonly<Record<string, readonly string[]>>;
}

/** One catalog stack's content (or the organisation StackSet's). */
export interface TargetState {
  /** The stack's id in the cloud assembly: `<account name>-<region>`, or `Organization-StackSet`. */
  readonly id: string;
  /** The account the stack is deployed to (for the StackSet: the management or delegated administrator account). */
  readonly account: string;
  readonly accountId: string;
  /** Its region (for the StackSet: the regions of its stack instances, comma-separated). */
  readonly region: string;
  readonly stackName: string;
  readonly products: Readonly<Record<string, ProductState>>;
  readonly portfolios: Readonly<Record<string, PortfolioState>>;
}

export interface PublishedTargetState extends TargetState {
  /** ISO 8601 UTC time the target was published. */
  readonly publishedAt: string;
}

/** The content of catalog.lock.json. */
export interface PublishedState {
  readonly format: typeof PUBLISHED_STATE_FORMAT;
  /** Target id -> its state when last published. */
  readonly targets: Readonly<Record<string, PublishedTargetState>>;
}

/**
 * What publishing the repository as it is now would leave in every target: the
 * catalog stacks in catalog order, then the organisation's StackSet (portfolios
 * published to organizational units), if any.
 */
export function desiredTargetStates(catalog: Catalog, versions: VersionTemplates): TargetState[] {
  const targets = catalogTargets(catalog).map((target) => targetState(catalog, target, versions));
  const organization = organizationTargetState(catalog, versions);
  return organization ? [...targets, organization] : targets;
}

export function targetState(catalog: Catalog, target: CatalogTarget, versions: VersionTemplates): TargetState {
  return {
    id: CatalogStack.idOf(target),
    account: target.account.name,
    accountId: target.account.id,
    region: target.region,
    stackName: CatalogStack.stackNameOf(catalog, target),
    ...contentState(target.products, target.portfolios, versions),
  };
}

/** The portfolios the organisation's StackSet publishes to organizational units, or undefined when there are none. */
export function organizationTargetState(catalog: Catalog, versions: VersionTemplates): TargetState | undefined {
  const portfolios = organizationPortfolios(catalog);
  if (!catalog.organization || portfolios.length === 0) return undefined;
  const used = new Set(portfolios.flatMap((p) => p.products.map((pp) => pp.id)));
  const admin = accountNamed(catalog, catalog.organization.account);
  return {
    id: OrganizationStackSetStack.ID,
    account: admin.name,
    accountId: admin.id,
    region: catalog.organization.regions.join(','),
    stackName: OrganizationStackSetStack.stackNameOf(catalog),
    ...contentState(catalog.products.filter((p) => used.has(p.id)), portfolios, versions, true),
  };
}

function contentState(
  products: readonly Product[],
  portfolios: readonly Portfolio[],
  versions: VersionTemplates,
  withOrganizationalUnits = false,
): Pick<TargetState, 'products' | 'portfolios'> {
  return {
    products: Object.fromEntries(
      products.map((product) => [
        product.id,
        withoutUndefined({
          displayName: product.displayName,
          owner: product.owner,
          distributor: product.distributor,
          description: product.description,
          supportEmail: product.supportEmail,
          supportUrl: product.supportUrl,
          supportDescription: product.supportDescription,
          versions: (versions.get(product.id) ?? []).map((v) => ({
            name: v.version.name,
            description: v.version.description,
            status: v.version.status as VersionState['status'],
            sha256: v.sha256,
            released: v.origin === 'released',
          })),
        }),
      ]),
    ),
    portfolios: Object.fromEntries(
      portfolios.map((portfolio) => [
        portfolio.id,
        withoutUndefined({
          displayName: portfolio.displayName,
          providerName: portfolio.providerName,
          description: portfolio.description,
          organizationalUnits: withOrganizationalUnits ? [...portfolio.organizationalUnits] : undefined,
          principals: { roles: [...portfolio.principals.roles], rolePatterns: [...portfolio.principals.rolePatterns] },
          products: Object.fromEntries(portfolio.products.map((p) => [p.id, { launchRole: p.launchRole }])),
          tagOptions: Object.fromEntries(Object.entries(portfolio.tagOptions).map(([key, values]) => [key, [...values]])),
        }),
      ]),
    ),
  };
}

/** The recorded state, or undefined when nothing was published from this repository yet. */
export function readPublishedState(root: string): PublishedState | undefined {
  const file = path.join(root, PUBLISHED_STATE_FILE);
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid(text, (error as Error).message, positionOf(error as Error));
  }
  const state = data as Partial<PublishedState>;
  if (typeof state !== 'object' || state === null || state.format !== PUBLISHED_STATE_FORMAT || typeof state.targets !== 'object' || state.targets === null) {
    throw invalid(text, `expected {"format": ${PUBLISHED_STATE_FORMAT}, "targets": {...}} as written by sc-factory publish`);
  }
  for (const [id, target] of Object.entries(state.targets)) {
    const problem = targetProblem(target);
    if (problem) throw invalid(text, `target '${id}' ${problem}`);
  }
  return state as PublishedState;
}

/**
 * Records `targets` as published at `now` in catalog.lock.json, keeping the
 * other targets' records. Called by `publish` after each target is deployed.
 */
export function recordPublished(root: string, targets: readonly TargetState[], now: Date = new Date()): PublishedState {
  const previous = readPublishedState(root)?.targets ?? {};
  const merged: Record<string, PublishedTargetState> = { ...previous };
  for (const target of targets) merged[target.id] = { ...target, publishedAt: now.toISOString() };
  const state: PublishedState = {
    format: PUBLISHED_STATE_FORMAT,
    targets: Object.fromEntries(Object.keys(merged).sort().map((id) => [id, merged[id]])),
  };
  const file = path.join(root, PUBLISHED_STATE_FILE);
  const staging = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(staging, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(staging, file);
  return state;
}

/**
 * `publish`'s hook: records the targets among `stackIds` (catalog stacks, the
 * organisation's StackSet; other stacks are not targets) as published now,
 * with the content of the synthesis they were deployed from.
 */
export function recordPublishedStacks(
  synthesized: { readonly catalog: Catalog; readonly versions: VersionTemplates },
  stackIds: readonly string[],
  now: Date = new Date(),
): PublishedState | undefined {
  const targets = desiredTargetStates(synthesized.catalog, synthesized.versions).filter((t) => stackIds.includes(t.id));
  return targets.length === 0 ? undefined : recordPublished(synthesized.catalog.root, targets, now);
}

/** What is missing from a recorded target, so a hand-edited record fails as bad input rather than deep inside the diff. */
function targetProblem(target: Partial<PublishedTargetState> | null): string | undefined {
  if (typeof target !== 'object' || target === null) return 'is not an object';
  for (const key of ['id', 'account', 'accountId', 'region', 'stackName'] as const) {
    if (typeof target[key] !== 'string') return `lacks '${key}'`;
  }
  if (typeof target.products !== 'object' || target.products === null) return "lacks 'products'";
  if (typeof target.portfolios !== 'object' || target.portfolios === null) return "lacks 'portfolios'";
  for (const [id, product] of Object.entries(target.products)) {
    if (!Array.isArray(product?.versions)) return `product '${id}' lacks 'versions'`;
  }
  for (const [id, portfolio] of Object.entries(target.portfolios)) {
    if (!Array.isArray(portfolio?.principals?.roles) || !Array.isArray(portfolio?.principals?.rolePatterns)) {
      return `portfolio '${id}' lacks 'principals'`;
    }
    if (typeof portfolio.products !== 'object' || typeof portfolio.tagOptions !== 'object') return `portfolio '${id}' lacks 'products' or 'tagOptions'`;
  }
  return undefined;
}

function invalid(text: string, reason: string, offset?: number): ManifestError {
  const before = offset === undefined ? '' : text.slice(0, offset);
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return new ManifestError([{
    file: PUBLISHED_STATE_FILE,
    line,
    col,
    code: 'PUBLISHED_STATE_INVALID',
    message:
      `${PUBLISHED_STATE_FILE} is not a published-state record: ${reason}. It is written by sc-factory publish; ` +
      'restore it from version control (or delete it to plan as if nothing was published)',
  }]);
}

/** The character offset JSON.parse reports, if any (`... at position 12`). */
function positionOf(error: Error): number | undefined {
  const match = /position (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
