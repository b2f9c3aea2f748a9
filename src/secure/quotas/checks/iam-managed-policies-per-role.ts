/**
 * Managed policies attached to one role: at most 10 by default (IAM quotas,
 * "Managed policies attached to an IAM role", adjustable to 20; the gate holds
 * the default). Counted: `ManagedPolicyArns` at its longest branch, and every
 * AWS::IAM::ManagedPolicy of the template whose `Roles` name the role by Ref.
 */
import { LongestValues } from '../longest-values';
import { type QuotaCheck, resourcesOf } from '../quota-check';

const LIMIT = 10;

export const IamManagedPoliciesPerRole: QuotaCheck = {
  id: 'IamManagedPoliciesPerRole',
  description: 'An IAM role has at most 10 managed policies attached (the default IAM quota).',
  fix: 'Merge managed policies (each may hold up to 6,144 characters), or split the role.',
  check: ({ template }) =>
    resourcesOf(template, 'AWS::IAM::Role').flatMap(([logicalId, role]) => {
      const values = new LongestValues(template);
      const arns = values.resolve(role.Properties?.ManagedPolicyArns ?? []);
      const attached = resourcesOf(template, 'AWS::IAM::ManagedPolicy').filter(([, policy]) => {
        const roles = policy.Properties?.Roles;
        return Array.isArray(roles) && roles.some((r) => typeof r === 'object' && r !== null && (r as { Ref?: unknown }).Ref === logicalId);
      });
      const count = (Array.isArray(arns) ? arns.length : 1) + attached.length;
      if (count <= LIMIT) return [];
      return [
        {
          logicalId,
          problem: `Role ${logicalId} has ${count} managed policies attached (ManagedPolicyArns and ${attached.length} managed policies naming it); the quota is ${LIMIT}.`,
          locations: ['Properties/ManagedPolicyArns'],
        },
      ];
    }),
};
