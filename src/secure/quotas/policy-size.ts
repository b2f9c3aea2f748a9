/**
 * Measures policy documents as AWS counts them, at their longest plausible
 * resolved value. IAM counts characters without whitespace ("IAM doesn't count
 * white space when calculating the size of a policy",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html);
 * resource policies (S3, KMS, SNS, SQS) count bytes of the document, measured
 * here as compact JSON, which is what CloudFormation sends.
 */
import { LongestValues, type QuotaTemplate } from './longest-values';
import { type QuotaCheck, resourcesOf } from './quota-check';

export type PolicyUnit = 'characters' | 'bytes';

export function policyLength(document: unknown, values: LongestValues, unit: PolicyUnit): number {
  const resolved = values.resolve(document);
  // A document given as a JSON string (allowed by most policy properties) counts as that document.
  const json = typeof resolved === 'string' ? resolved : JSON.stringify(resolved ?? {});
  return unit === 'characters' ? json.replace(/\s/g, '').length : Buffer.byteLength(json, 'utf8');
}

/** One measured policy (or aggregate of policies), for reports and tests. */
export interface PolicyMeasure {
  /** The check that measured it. */
  readonly check: string;
  /** The resource the limit applies to (the policy, or the role for an aggregate). */
  readonly logicalId: string;
  readonly length: number;
  readonly limit: number;
  readonly unit: PolicyUnit;
  /** Resources whose documents are counted, when more than the one. */
  readonly contributors: readonly string[];
  /** Values nothing bounds, assumed UNKNOWN_LENGTH. */
  readonly unbounded: readonly string[];
}

export function policyProblem(subject: string, measure: PolicyMeasure): string {
  const unit = measure.unit === 'characters' ? 'characters (whitespace not counted)' : 'bytes';
  const assumed = measure.unbounded.length === 0 ? '' : ` Values nothing bounds were assumed ${measure.unbounded.join('; ')}.`;
  return (
    `${subject} resolves to up to ${measure.length.toLocaleString('en-US')} ${unit} with the longest plausible launch values; ` +
    `the quota is ${measure.limit.toLocaleString('en-US')}.${assumed}`
  );
}

/** A quota check on policy documents that can also report every measurement (for tests and reports). */
export interface PolicyQuotaCheck {
  measure(template: QuotaTemplate): PolicyMeasure[];
}

export interface DocumentLimit {
  readonly id: string;
  readonly description: string;
  readonly fix: string;
  /** Resource types holding the document, and where. */
  readonly types: readonly string[];
  readonly property: string;
  readonly limit: number;
  readonly unit: PolicyUnit;
  /** e.g. `the managed policy`. */
  readonly subject: string;
}

/** A check of one policy document per resource against a fixed limit. */
export function documentLimitCheck(limit: DocumentLimit): QuotaCheck & PolicyQuotaCheck {
  const measure = (template: QuotaTemplate): PolicyMeasure[] =>
    resourcesOf(template, ...limit.types)
      .filter(([, resource]) => resource.Properties?.[limit.property] !== undefined)
      .map(([logicalId, resource]) => {
        const values = new LongestValues(template);
        return {
          check: limit.id,
          logicalId,
          length: policyLength(resource.Properties![limit.property], values, limit.unit),
          limit: limit.limit,
          unit: limit.unit,
          contributors: [logicalId],
          unbounded: [...values.unbounded],
        };
      });
  return {
    id: limit.id,
    description: limit.description,
    fix: limit.fix,
    measure,
    check: ({ template }) =>
      measure(template)
        .filter((m) => m.length > m.limit)
        .map((m) => ({
          logicalId: m.logicalId,
          problem: policyProblem(`The ${limit.subject} ${m.logicalId}`, m),
          locations: [`Properties/${limit.property}`],
        })),
  };
}
