/**
 * A secure-defaults rule: a pure function of one CloudFormation resource (and,
 * for cross-resource facts such as a bucket's policy, the template around it),
 * like a cdk-nag rule. Rules read the synthesized template, so they see exactly
 * what ships, including what the secure-defaults aspect filled in.
 */

/** A resource as it appears in a synthesized template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Condition?: string;
}

/** The part of a template rules look at. */
export interface RuleTemplate {
  readonly Resources?: Readonly<Record<string, TemplateResource>>;
}

export type RuleResult =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | {
    readonly status: 'non-compliant';
    /** What is wrong with this resource, in a sentence. */
    readonly problem: string;
    /** Property paths in the resource, e.g. `Properties/VersioningConfiguration`. */
    readonly locations: readonly string[];
  };

/** Where a resource sits: its logical id and the template around it. */
export interface RuleContext {
  readonly logicalId: string;
  readonly template: RuleTemplate;
}

export interface SecureRule {
  /** The rule id; acknowledged as `SecureDefaults::<id>`. */
  readonly id: string;
  /** What a compliant resource looks like. */
  readonly description: string;
  /** How a product author fixes a finding. */
  readonly fix: string;
  check(resource: TemplateResource, context: RuleContext): RuleResult;
}

export const COMPLIANT: RuleResult = { status: 'compliant' };
export const NOT_APPLICABLE: RuleResult = { status: 'not-applicable' };

export function nonCompliant(problem: string, ...locations: string[]): RuleResult {
  return { status: 'non-compliant', problem, locations };
}

/** True for a CloudFormation intrinsic (`{ Ref }`, `{ 'Fn::...' }`): a value only known at deploy time. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** The value at `path` below `root` (plain objects only; intrinsics are returned as they are). */
export function valueAt(root: unknown, ...path: string[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || isIntrinsic(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A value for a message: literals as JSON, intrinsics named as deploy-time values. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'not set';
  if (isIntrinsic(value)) return `a deploy-time value (${Object.keys(value as object)[0]})`;
  return JSON.stringify(value);
}
