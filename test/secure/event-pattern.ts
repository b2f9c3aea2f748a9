/**
 * EventBridge event-pattern matching and input transformation for tests, after
 * the documented semantics (no maintained npm matcher exists; EventBridge's own
 * TestEventPattern is an API call):
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 *
 * - every field of the pattern must match the event (AND); a pattern object
 *   recurses into the event's object;
 * - a pattern leaf is an array of alternatives (OR): exact values (strings are
 *   case-sensitive), or operators: prefix, suffix, wildcard, anything-but,
 *   exists, equals-ignore-case;
 * - an event array matches when any element matches (for arrays of objects,
 *   when any one element matches the whole sub-pattern: stricter than
 *   EventBridge, which flattens fields across elements, never looser);
 * - `$or` holds sub-patterns of which at least one must match;
 * - a field the event lacks matches only `{ exists: false }`.
 * Operators not listed throw, so a pattern this module cannot judge never passes.
 */
type Json = any;

export function matchesPattern(pattern: Json, event: Json): boolean {
  if (!isObject(pattern)) throw new Error(`a pattern is an object, got ${JSON.stringify(pattern)}`);
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2) throw new Error('$or takes an array of at least two patterns');
      return sub.some((alternative) => matchesPattern(alternative, event));
    }
    const present = isObject(event) && Object.prototype.hasOwnProperty.call(event, key);
    const value = present ? event[key] : undefined;
    if (Array.isArray(sub)) return matchesLeaf(sub, present, value);
    if (!isObject(sub)) throw new Error(`pattern field '${key}' must be an array or an object, got ${JSON.stringify(sub)}`);
    if (!present) return false;
    if (Array.isArray(value)) return value.some((element) => isObject(element) && matchesPattern(sub, element));
    return isObject(value) && matchesPattern(sub, value);
  });
}

function matchesLeaf(alternatives: Json[], present: boolean, value: Json): boolean {
  const values: Json[] = Array.isArray(value) ? value : [value];
  return alternatives.some((alternative) => {
    if (isObject(alternative)) return matchesOperator(alternative, present, values);
    if (!present) return false;
    return values.some((v) => v === alternative);
  });
}

function matchesOperator(operator: Record<string, Json>, present: boolean, values: Json[]): boolean {
  const [name, argument] = single(operator);
  if (name === 'exists') return argument === present;
  if (!present) return false;
  const strings = values.filter((v): v is string => typeof v === 'string');
  switch (name) {
    case 'prefix':
      return strings.some((v) => v.startsWith(argument));
    case 'suffix':
      return strings.some((v) => v.endsWith(argument));
    case 'equals-ignore-case':
      return strings.some((v) => v.toLowerCase() === String(argument).toLowerCase());
    case 'wildcard':
      return strings.some((v) => wildcardRegex(argument).test(v));
    case 'anything-but': {
      if (isObject(argument)) {
        const [inner, text] = single(argument);
        if (inner !== 'prefix') throw new Error(`anything-but ${inner} is not implemented`);
        return strings.some((v) => !v.startsWith(text));
      }
      const excluded: Json[] = Array.isArray(argument) ? argument : [argument];
      return values.some((v) => !excluded.includes(v));
    }
    default:
      throw new Error(`operator '${name}' is not implemented by the test matcher`);
  }
}

/** `*` is any run of characters; `\*` a literal star. */
function wildcardRegex(wildcard: string): RegExp {
  const parts = wildcard.split(/(?<!\\)\*/).map((part) => part.replace(/\\\*/g, '*').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's');
}

/**
 * The input a target receives: each `<variable>` of the template replaced by
 * the value at its JSON path (strings as they are inside a JSON string, objects
 * as JSON); a path the event lacks gives an empty value. Returns the parsed
 * JSON (an SNS alert template is one JSON string).
 */
export function transformInput(transformer: { InputPathsMap: Record<string, string>; InputTemplate: string }, event: Json): Json {
  const text = transformer.InputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (whole, variable: string) => {
    const path = transformer.InputPathsMap[variable];
    if (path === undefined) return whole;
    const value = valueAt(event, path);
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value);
  });
  return JSON.parse(text);
}

/** `$.detail.resources[0].ARN` */
export function valueAt(event: Json, path: string): Json {
  if (!path.startsWith('$')) throw new Error(`JSON path must start with $: ${path}`);
  let current = event;
  for (const step of path.slice(1).match(/\.[^.[\]]+|\[\d+\]/g) ?? []) {
    if (current === undefined || current === null) return undefined;
    current = step.startsWith('[') ? current[Number(step.slice(1, -1))] : current[step.slice(1)];
  }
  return current;
}

function single(operator: Record<string, Json>): [string, Json] {
  const entries = Object.entries(operator);
  if (entries.length !== 1) throw new Error(`an operator has one key, got ${JSON.stringify(operator)}`);
  return entries[0];
}

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
