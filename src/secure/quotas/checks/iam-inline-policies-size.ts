/**
 * The inline policies of one IAM principal together: a role's at most 10,240
 * characters, a group's 5,120, a user's 2,048, whitespace not counted (IAM
 * quotas: "the total aggregate policy size (the sum size of all inline
 * policies) per entity"). Counted: the principal's own `Policies`, and every
 * AWS::IAM::Policy / RolePolicy / GroupPolicy / UserPolicy of the template
 * attached to it by Ref (what CDK's `addToPolicy` creates).
 */
import { LongestValues, type QuotaTemplate } from '../longest-values';
import { type PolicyMeasure, policyLength, policyProblem, type PolicyQuotaCheck } from '../policy-size';
import { type QuotaCheck, resourcesOf } from '../quota-check';

const PRINCIPALS = {
  'AWS::IAM::Role': { limit: 10240, list: 'Roles', single: 'AWS::IAM::RolePolicy', nameProperty: 'RoleName' },
  'AWS::IAM::Group': { limit: 5120, list: 'Groups', single: 'AWS::IAM::GroupPolicy', nameProperty: 'GroupName' },
  'AWS::IAM::User': { limit: 2048, list: 'Users', single: 'AWS::IAM::UserPolicy', nameProperty: 'UserName' },
} as const;

const isRefTo = (value: unknown, logicalId: string): boolean =>
  typeof value === 'object' && value !== null && (value as { Ref?: unknown }).Ref === logicalId;

function measure(template: QuotaTemplate): PolicyMeasure[] {
  const measures: PolicyMeasure[] = [];
  for (const [type, principal] of Object.entries(PRINCIPALS)) {
    for (const [logicalId, resource] of resourcesOf(template, type)) {
      const values = new LongestValues(template);
      const documents: [string, unknown][] = [];
      const own = resource.Properties?.Policies;
      for (const policy of Array.isArray(own) ? own : []) documents.push([logicalId, (policy as { PolicyDocument?: unknown }).PolicyDocument]);
      for (const [policyId, policy] of resourcesOf(template, 'AWS::IAM::Policy', principal.single)) {
        const targets = policy.Type === principal.single ? [policy.Properties?.[principal.nameProperty]] : policy.Properties?.[principal.list];
        if (Array.isArray(targets) && targets.some((target) => isRefTo(target, logicalId))) {
          documents.push([policyId, policy.Properties?.PolicyDocument]);
        }
      }
      if (documents.length === 0) continue;
      measures.push({
        check: IamInlinePoliciesSize.id,
        logicalId,
        length: documents.reduce((sum, [, document]) => sum + policyLength(document, values, 'characters'), 0),
        limit: principal.limit,
        unit: 'characters',
        contributors: [...new Set(documents.map(([id]) => id))],
        unbounded: [...values.unbounded],
      });
    }
  }
  return measures;
}

export const IamInlinePoliciesSize: QuotaCheck & PolicyQuotaCheck = {
  id: 'IamInlinePoliciesSize',
  description:
    'The inline policies of one IAM principal together are at most 10,240 characters for a role, 5,120 for a group, 2,048 for a user, whitespace not counted (IAM quotas).',
  fix: 'Move statements into customer managed policies attached to the principal (each up to 6,144 characters), or shorten them.',
  measure,
  check: ({ template }) =>
    measure(template)
      .filter((m) => m.length > m.limit)
      .map((m) => ({
        logicalId: m.logicalId,
        problem: policyProblem(`The inline policies of ${m.logicalId} (${m.contributors.join(', ')})`, m),
        locations: ['Properties/Policies'],
      })),
};
