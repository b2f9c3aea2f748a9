/**
 * The first difference between two CloudFormation templates, for telling a
 * maintainer exactly what the current code changed in a released version.
 * Resources are compared first (in the released template's order, then any new
 * ones), then the other sections; inside a value, keys in the released order,
 * arrays by index.
 */
import { echo } from '../model/diagnostics';

export interface TemplateDifference {
  /** The resource's logical id, when the difference is inside `Resources`. */
  readonly logicalId?: string;
  /** The resource type (released, else current), when inside `Resources`. */
  readonly resourceType?: string;
  /**
   * Where, inside the resource (`Properties.EndpointConfigName`) or, outside
   * Resources, from the top of the template (`Parameters.InstanceType.Default`).
   * Empty when a whole resource was added or removed.
   */
  readonly path: string;
  readonly kind: 'changed' | 'added' | 'removed' | 'formatting';
  /** The value in the released template (absent when added). */
  readonly before?: unknown;
  /** The value the current code produces (absent when removed). */
  readonly after?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The first difference between `released` and `current` (parsed templates), or
 * undefined when they are equal as JSON. Callers compare bytes first; equal JSON
 * with different bytes is a formatting difference, which this reports too when
 * `bytesDiffer` is set.
 */
export function firstTemplateDifference(released: unknown, current: unknown, bytesDiffer = false): TemplateDifference | undefined {
  const before = asObject(released);
  const after = asObject(current);
  const beforeResources = asObject(before.Resources);
  const afterResources = asObject(after.Resources);

  for (const logicalId of orderedKeys(beforeResources, afterResources)) {
    const was = beforeResources[logicalId];
    const now = afterResources[logicalId];
    const resourceType = typeOf(was) ?? typeOf(now);
    if (now === undefined) return { logicalId, resourceType, path: '', kind: 'removed', before: was };
    if (was === undefined) return { logicalId, resourceType, path: '', kind: 'added', after: now };
    const inside = firstValueDifference(was as Json, now as Json, []);
    if (inside) return { logicalId, resourceType, ...inside };
  }

  for (const section of orderedKeys(before, after)) {
    if (section === 'Resources') continue;
    const inside = firstValueDifference(before[section], after[section], [section]);
    if (inside) return inside;
  }
  return bytesDiffer ? { path: '', kind: 'formatting' } : undefined;
}

/** `Properties.Tags[2].Value`, the way CloudFormation documentation names properties. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

/** A short, single-line rendering of a template value for messages. */
export function briefValue(value: unknown, max = 60): string {
  if (value === undefined) return '(absent)';
  return echo(JSON.stringify(value), max);
}

function firstValueDifference(
  before: Json | undefined,
  after: Json | undefined,
  at: (string | number)[],
): Pick<TemplateDifference, 'path' | 'kind' | 'before' | 'after'> | undefined {
  if (before === undefined && after === undefined) return undefined;
  if (after === undefined) return { path: formatPath(at), kind: 'removed', before };
  if (before === undefined) return { path: formatPath(at), kind: 'added', after };

  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const found = firstValueDifference(before[i], after[i], [...at, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of orderedKeys(before, after)) {
      const found = firstValueDifference(before[key], after[key], [...at, key]);
      if (found) return found;
    }
    return undefined;
  }
  return before === after ? undefined : { path: formatPath(at), kind: 'changed', before, after };
}

function orderedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...Object.keys(before), ...Object.keys(after).filter((key) => !(key in before))];
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): { [key: string]: Json } {
  return isObject(value) ? value : {};
}

function typeOf(resource: unknown): string | undefined {
  return isObject(resource) && typeof resource.Type === 'string' ? resource.Type : undefined;
}
