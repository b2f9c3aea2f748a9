/**
 * A quota check: a pure function of one synthesized template returning what
 * would break its deploy, like a cdk-nag rule but for AWS limits. Values known
 * only at deploy time are measured at their longest plausible value
 * (longest-values.ts).
 */
import type { QuotaTemplate } from './longest-values';

export interface QuotaContext {
  readonly template: QuotaTemplate;
  /** Size of the template file in bytes, as CloudFormation receives it. */
  readonly templateBytes: number;
}

export interface QuotaFinding {
  /** The resource that breaks the limit; undefined: the template as a whole. */
  readonly logicalId?: string;
  /** What is too large, by how much, and on which assumptions. */
  readonly problem: string;
  /** Property paths in the resource, e.g. `Properties/PolicyDocument`. */
  readonly locations: readonly string[];
}

export interface QuotaCheck {
  /** Acknowledged as `Quotas::<id>` (quota breaches should be fixed, not acknowledged). */
  readonly id: string;
  /** The limit, and where AWS documents it. */
  readonly description: string;
  /** How a product author fixes a finding. */
  readonly fix: string;
  check(context: QuotaContext): QuotaFinding[];
}

/** Every resource of `types` in the template, with its logical id. */
export function resourcesOf(
  template: QuotaTemplate,
  ...types: string[]
): [string, { readonly Type: string; readonly Properties?: Readonly<Record<string, unknown>> }][] {
  return Object.entries(template.Resources ?? {}).filter(([, resource]) => types.includes(resource.Type));
}

