import { documentLimitCheck } from '../policy-size';

/** IAM managed policy documents: 6,144 characters, whitespace not counted (IAM and STS quotas). */
export const IamManagedPolicySize = documentLimitCheck({
  id: 'IamManagedPolicySize',
  description: 'An IAM managed policy document is at most 6,144 characters, whitespace not counted (IAM quotas).',
  fix: 'Split the policy into several managed policies, or shorten it (fewer statements, wildcards in action names where they grant nothing more, shared resource lists).',
  types: ['AWS::IAM::ManagedPolicy'],
  property: 'PolicyDocument',
  limit: 6144,
  unit: 'characters',
  subject: 'managed policy',
});
