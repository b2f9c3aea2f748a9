/** A plan for people (text, per target) and for CI (JSON). */
import { formatTable } from './table';
import { isChange, type Plan, type PlanChange, type TargetPlan } from '../plan/plan-changes';

const SYMBOLS: Readonly<Record<PlanChange['action'], string>> = {
  create: '+',
  remove: '-',
  update: '~',
  deprecate: '~',
  deactivate: '~',
  reactivate: '~',
  replace: '!',
  unchanged: '=',
};

const BASELINES: Readonly<Record<Plan['baseline'], string>> = {
  'published-state': 'compared with catalog.lock.json (the state last published from this repository)',
  'nothing-published': 'compared with nothing: catalog.lock.json does not exist, so everything is new',
  'live': 'compared with the deployed catalog stacks (live)',
};

export function formatPlanText(plan: Plan): string {
  const lines = [`Plan ${BASELINES[plan.baseline]}`, ''];
  for (const target of plan.targets) lines.push(...formatTarget(target), '');
  lines.push(summary(plan));
  return lines.join('\n');
}

/** The plan as JSON for CI, with the exit code the command returns and the targets counted by outcome. */
export function formatPlanJson(plan: Plan, exitCode: number): string {
  return JSON.stringify({ ...plan, exitCode, summary: counts(plan), targetSummary: targetCounts(plan) }, null, 2);
}

/** Targets by outcome: those that could not be compared are neither changed nor up to date. */
export function targetCounts(plan: Plan): { total: number; compared: number; changed: number; unchanged: number; notCompared: number } {
  const compared = plan.targets.filter((t) => t.status !== 'not-compared');
  const unchanged = compared.filter((t) => t.status === 'unchanged').length;
  return { total: plan.targets.length, compared: compared.length, changed: compared.length - unchanged, unchanged, notCompared: plan.notCompared };
}

function formatTarget(target: TargetPlan): string[] {
  const changed = target.changes.filter(isChange).length;
  const title =
    `${target.account} (${target.accountId}) ${target.region}, stack ${target.stackName}: ` +
    (target.status === 'not-compared'
      ? 'could not be compared'
      : target.status === 'removed'
        ? 'removed from the catalog'
        : changed === 0
          ? 'no changes'
          : `${changed} change${changed === 1 ? '' : 's'}${target.status === 'new' ? ' (not published yet)' : ''}`);
  const lines = [title];
  if (target.error) lines.push(`  error: ${target.error}`);
  if (target.changes.length > 0) {
    const table = formatTable(
      ['', 'KIND', 'WHAT', 'CHANGE'],
      target.changes.map((c) => [SYMBOLS[c.action], c.subject, what(c), describe(c)]),
    );
    lines.push(...table.split('\n').map((line) => `  ${line}`));
  }
  for (const change of target.changes.filter((c) => c.warning)) lines.push(`  warning: ${what(change)}: ${change.warning}`);
  return lines;
}

/** The thing changed, in manifest words: `widget 1.1.0`, `widgets role Builder`, `widgets cost-center=cc-1`. */
function what(change: PlanChange): string {
  switch (change.subject) {
    case 'version':
      return `${change.product} ${change.version}`;
    case 'product':
      return change.product!;
    case 'portfolio':
      return change.portfolio!;
    case 'portfolio-product':
    case 'constraint':
      return `${change.portfolio} ${change.product}`;
    case 'principal':
      return `${change.portfolio} ${change.principalType} ${change.principal}`;
    case 'tag-option':
      return `${change.portfolio} ${change.tagKey}=${change.tagValue}`;
    case 'organizational-unit':
      return `${change.portfolio} ${change.organizationalUnit}`;
    case 'target':
      return 'catalog stack';
    default:
      return change.detail ?? '';
  }
}

/** `create (released)`, `deprecate: active -> deprecated`, `update launch role: A -> B`, `remove (was active)`. */
function describe(change: PlanChange): string {
  // For updates and constraints the detail names what changes; elsewhere it is a remark.
  const named = change.action === 'update' || change.subject === 'constraint';
  const head = named && change.detail ? `${change.action} ${change.detail}` : change.action;
  const values =
    change.from !== undefined && change.to !== undefined
      ? `: ${brief(change.from)} -> ${brief(change.to)}`
      : change.subject === 'constraint'
        ? `: ${change.to ?? change.from}`
        : '';
  const remark = !named && change.subject !== 'resource' && change.detail
    ? ` (${change.detail})`
    : change.subject === 'version' && change.action === 'remove' && change.from
      ? ` (was ${change.from})`
      : '';
  return `${head}${values}${remark}`;
}

function brief(text: string): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length <= 40 ? single : `${single.slice(0, 39)}…`;
}

type Counts = Partial<Record<PlanChange['action'], number>>;

function counts(plan: Plan): Counts {
  const result: Counts = {};
  for (const change of plan.targets.flatMap((t) => t.changes)) result[change.action] = (result[change.action] ?? 0) + 1;
  return result;
}

function summary(plan: Plan): string {
  const t = targetCounts(plan);
  const plural = (n: number) => `${n} target${n === 1 ? '' : 's'}`;
  const notCompared = t.notCompared === 0 ? '' : `${plural(t.notCompared)} of ${t.total} could not be compared: nothing is known about ${t.notCompared === 1 ? 'it' : 'them'}.`;
  if (t.changed === 0) {
    if (t.notCompared === 0) return `Nothing to publish: ${plural(t.total)} up to date.`;
    return [notCompared, `${t.compared} compared: up to date.`].join(' ');
  }
  const byAction = Object.entries(counts(plan))
    .filter(([action]) => action !== 'unchanged')
    .map(([action, n]) => `${n} ${action}`)
    .join(', ');
  const changed = `${t.changed} of ${t.compared === t.total ? plural(t.total) : `${t.compared} compared targets`} would change: ${byAction}.`;
  return notCompared ? `${changed} ${notCompared}` : changed;
}
