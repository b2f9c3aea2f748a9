/**
 * What a publish would change: the difference between the published state of
 * each target (catalog.lock.json, or nothing) and the state the repository
 * would publish now. Pure: states in, a plan out.
 */
import type { PortfolioState, ProductState, PublishedState, TargetState, VersionState } from './published-state';
import { PORTFOLIO_ATTRIBUTES, PRODUCT_ATTRIBUTES } from '../model/published-state-schema';

export type ChangeSubject =
  | 'target'
  | 'product'
  | 'version'
  | 'portfolio'
  | 'portfolio-product'
  | 'constraint'
  | 'principal'
  | 'tag-option'
  /** A portfolio reaching an organizational unit through the organisation's StackSet. */
  | 'organizational-unit'
  | 'resource';

export type ChangeAction =
  | 'create'
  | 'update'
  | 'remove'
  | 'unchanged'
  | 'deprecate'
  | 'deactivate'
  | 'reactivate'
  /** A version published again under the same name with a different template: Service Catalog replaces the artifact. */
  | 'replace';

export interface PlanChange {
  readonly subject: ChangeSubject;
  readonly action: ChangeAction;
  readonly portfolio?: string;
  readonly product?: string;
  readonly version?: string;
  /** A principal: an IAM role name, or an IAM_PATTERN ARN. */
  readonly principal?: string;
  readonly principalType?: 'role' | 'pattern';
  readonly tagKey?: string;
  readonly tagValue?: string;
  readonly organizationalUnit?: string;
  /** For updates: the value before and after (status, launch role, attribute). */
  readonly from?: string;
  readonly to?: string;
  /** Extra words for people (which attributes changed, where a version comes from). */
  readonly detail?: string;
  /** Something a reviewer should look at before publishing. */
  readonly warning?: string;
}

/**
 * `not-compared`: a live plan could not read the deployed stack (no credentials,
 * no access): nothing is known about this target, so it is neither a change nor
 * up to date, and is counted on its own.
 */
export type TargetPlanStatus = 'new' | 'changed' | 'unchanged' | 'removed' | 'not-compared';

export interface TargetPlan {
  readonly id: string;
  readonly account: string;
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
  readonly status: TargetPlanStatus;
  /** Every change, and the versions that stay as they are (`unchanged`). */
  readonly changes: readonly PlanChange[];
  /** Why the target could not be compared (status `not-compared`, live plans). */
  readonly error?: string;
}

export interface Plan {
  /** What the repository was compared with. */
  readonly baseline: 'published-state' | 'nothing-published' | 'live';
  /**
   * Whether publishing would change anything: `true` when a compared target
   * would change; `false` when every target was compared and none would;
   * `null` (unknown) when none of the compared targets would change but some
   * could not be compared.
   */
  readonly changes: boolean | null;
  /** How many targets could not be compared (live plans); the plan is complete when 0. */
  readonly notCompared: number;
  readonly targets: readonly TargetPlan[];
}

/** Compares what would be published (`desired`, in catalog order) with what was (`published`). */
export function planAgainstPublishedState(desired: readonly TargetState[], published: PublishedState | undefined): Plan {
  const recorded = published?.targets ?? {};
  const targets: TargetPlan[] = desired.map((target) => {
    const before = recorded[target.id];
    const changes = diffTarget(before, target).map(normalizeChange);
    return {
      ...identity(target),
      status: before === undefined ? 'new' : changes.some(isChange) ? 'changed' : 'unchanged',
      changes,
    };
  });
  const desiredIds = new Set(desired.map((t) => t.id));
  for (const [id, before] of Object.entries(recorded)) {
    if (desiredIds.has(id)) continue;
    targets.push({
      ...identity(before),
      status: 'removed',
      changes: [{
        subject: 'target',
        action: 'remove',
        detail: 'no longer in the catalog; publish leaves its stack in place',
        warning:
          `delete stack ${before.stackName} yourself (cdk destroy) once no provisioned product uses its products, ` +
          `then remove '${id}' from catalog.lock.json`,
      }],
    });
  }
  return {
    baseline: published === undefined ? 'nothing-published' : 'published-state',
    ...planOutcome(targets),
    targets,
  };
}

/** `changes` and `notCompared` of a plan from its targets: a target that could not be compared is never a change. */
export function planOutcome(targets: readonly TargetPlan[]): Pick<Plan, 'changes' | 'notCompared'> {
  const notCompared = targets.filter((t) => t.status === 'not-compared').length;
  const changed = targets.some((t) => t.status !== 'unchanged' && t.status !== 'not-compared');
  return { changes: changed ? true : notCompared > 0 ? null : false, notCompared };
}

const KEY_ORDER: readonly (keyof PlanChange)[] = [
  'subject', 'action', 'portfolio', 'product', 'version', 'principalType', 'principal', 'tagKey', 'tagValue', 'organizationalUnit', 'from', 'to', 'detail', 'warning',
];

/** The same keys in the same order for every change (readable JSON), without undefined values. */
export function normalizeChange(change: PlanChange): PlanChange {
  return Object.fromEntries(KEY_ORDER.filter((key) => change[key] !== undefined).map((key) => [key, change[key]])) as unknown as PlanChange;
}

/** The plan's word for a version whose status becomes `to`. */
export function statusAction(to: string): 'deprecate' | 'deactivate' | 'reactivate' {
  return to === 'deprecated' ? 'deprecate' : to === 'inactive' ? 'deactivate' : 'reactivate';
}

export function isChange(change: PlanChange): boolean {
  return change.action !== 'unchanged';
}

function identity(target: TargetState) {
  return { id: target.id, account: target.account, accountId: target.accountId, region: target.region, stackName: target.stackName };
}

function diffTarget(before: TargetState | undefined, after: TargetState): PlanChange[] {
  return [
    ...diffKeyed(before?.products ?? {}, after.products, diffProduct),
    ...diffKeyed(before?.portfolios ?? {}, after.portfolios, diffPortfolio),
  ];
}

/** Runs `diff` over the union of keys: in `after`'s order, then the ones only in `before`. */
function diffKeyed<T>(
  before: Readonly<Record<string, T>>,
  after: Readonly<Record<string, T>>,
  diff: (id: string, was: T | undefined, now: T | undefined) => PlanChange[],
): PlanChange[] {
  const ids = [...Object.keys(after), ...Object.keys(before).filter((id) => !(id in after))];
  return ids.flatMap((id) => diff(id, before[id], after[id]));
}

function diffProduct(product: string, was: ProductState | undefined, now: ProductState | undefined): PlanChange[] {
  if (!now) {
    return [{ subject: 'product', action: 'remove', product, detail: `with versions ${was!.versions.map((v) => v.name).join(', ')}` }];
  }
  const changes: PlanChange[] = [];
  if (!was) changes.push({ subject: 'product', action: 'create', product });
  else changes.push(...attributeChanges('product', { product }, was, now, PRODUCT_ATTRIBUTES));
  const previous = new Map((was?.versions ?? []).map((v) => [v.name, v]));
  for (const version of now.versions) changes.push(...diffVersion(product, previous.get(version.name), version));
  if (was) {
    const names = new Set(now.versions.map((v) => v.name));
    for (const gone of was.versions.filter((v) => !names.has(v.name))) {
      changes.push({
        subject: 'version',
        action: 'remove',
        product,
        version: gone.name,
        from: gone.status,
        warning:
          gone.status === 'active'
            ? 'removed while active: users lose it without warning; deprecate or deactivate it in an earlier publish'
            : undefined,
      });
    }
  }
  return changes.map(withoutUndefined);
}

function diffVersion(product: string, was: VersionState | undefined, now: VersionState): PlanChange[] {
  const at = { subject: 'version' as const, product, version: now.name };
  const origin = now.released ? 'released' : 'built from the current code, not released';
  if (!was) {
    return [{
      ...at,
      action: 'create',
      to: now.status,
      detail: now.status === 'active' ? origin : `${origin}; published ${now.status}`,
      warning: now.released ? undefined : 'not released: its template is not frozen, so a later code change would replace it; release it first',
    }];
  }
  const changes: PlanChange[] = [];
  if (was.sha256 !== now.sha256) {
    changes.push({
      ...at,
      action: 'replace',
      from: was.sha256.slice(0, 16),
      to: now.sha256.slice(0, 16),
      detail: `template changed since it was published (${origin})`,
      warning:
        'Service Catalog replaces the artifact (new id): provisioned products of the old one can no longer update to it; ' +
        'publish the change as a new version instead',
    });
  }
  if (was.status !== now.status) {
    changes.push({ ...at, action: statusAction(now.status), from: was.status, to: now.status });
  }
  if (was.description !== now.description) changes.push({ ...at, action: 'update', detail: 'description', from: was.description, to: now.description });
  return changes.length > 0 ? changes : [{ ...at, action: 'unchanged', to: now.status, detail: origin }];
}

function diffPortfolio(portfolio: string, was: PortfolioState | undefined, now: PortfolioState | undefined): PlanChange[] {
  const changes: PlanChange[] = [];
  if (!was) changes.push({ subject: 'portfolio', action: 'create', portfolio });
  else if (!now) changes.push({ subject: 'portfolio', action: 'remove', portfolio });
  else changes.push(...attributeChanges('portfolio', { portfolio }, was, now, PORTFOLIO_ATTRIBUTES));

  const setChanges = (before: readonly string[], after: readonly string[], change: (value: string) => Omit<PlanChange, 'action'>) => [
    ...after.filter((v) => !before.includes(v)).map((v) => ({ ...change(v), action: 'create' as const })),
    ...before.filter((v) => !after.includes(v)).map((v) => ({ ...change(v), action: 'remove' as const })),
  ];
  changes.push(
    ...setChanges(was?.principals.roles ?? [], now?.principals.roles ?? [], (principal) => ({
      subject: 'principal',
      portfolio,
      principal,
      principalType: 'role',
    })),
    ...setChanges(was?.principals.rolePatterns ?? [], now?.principals.rolePatterns ?? [], (principal) => ({
      subject: 'principal',
      portfolio,
      principal,
      principalType: 'pattern',
    })),
  );

  changes.push(
    ...setChanges(was?.organizationalUnits ?? [], now?.organizationalUnits ?? [], (organizationalUnit) => ({
      subject: 'organizational-unit',
      portfolio,
      organizationalUnit,
    })),
  );

  const products = [...Object.keys(now?.products ?? {}), ...Object.keys(was?.products ?? {}).filter((id) => !(id in (now?.products ?? {})))];
  for (const product of products) {
    const before = was?.products[product];
    const after = now?.products[product];
    if (!before) {
      changes.push({ subject: 'portfolio-product', action: 'create', portfolio, product });
      changes.push({ subject: 'constraint', action: 'create', portfolio, product, to: after!.launchRole, detail: 'launch role' });
    } else if (!after) {
      changes.push({ subject: 'constraint', action: 'remove', portfolio, product, from: before.launchRole, detail: 'launch role' });
      changes.push({ subject: 'portfolio-product', action: 'remove', portfolio, product });
    } else if (before.launchRole !== after.launchRole) {
      changes.push({ subject: 'constraint', action: 'update', portfolio, product, from: before.launchRole, to: after.launchRole, detail: 'launch role' });
    }
  }

  const pairs = (options: Readonly<Record<string, readonly string[]>> | undefined) =>
    Object.entries(options ?? {}).flatMap(([key, values]) => values.map((value) => `${key}\u0000${value}`));
  changes.push(
    ...setChanges(pairs(was?.tagOptions), pairs(now?.tagOptions), (pair) => {
      const [tagKey, tagValue] = pair.split('\u0000');
      return { subject: 'tag-option', portfolio, tagKey, tagValue };
    }),
  );
  return changes;
}

function attributeChanges<T extends object>(
  subject: 'product' | 'portfolio',
  at: Partial<PlanChange>,
  was: T,
  now: T,
  attributes: readonly (keyof T & string)[],
): PlanChange[] {
  return attributes
    .filter((name) => was[name] !== now[name])
    .map((name) =>
      withoutUndefined({
        subject,
        action: 'update' as const,
        ...at,
        detail: name,
        from: was[name] === undefined ? undefined : String(was[name]),
        to: now[name] === undefined ? undefined : String(now[name]),
      }),
    );
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
