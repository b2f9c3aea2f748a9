import { documentLimitCheck } from '../policy-size';

/** Role trust policies: 2,048 characters by default (adjustable to 4,096; the gate holds the default). */
export const IamTrustPolicySize = documentLimitCheck({
  id: 'IamTrustPolicySize',
  description: 'A role trust policy is at most 2,048 characters, whitespace not counted (the default IAM quota).',
  fix: 'Trust fewer principals in one role (one role per trusting party), or use conditions on a shared prefix instead of listing each principal.',
  types: ['AWS::IAM::Role'],
  property: 'AssumeRolePolicyDocument',
  limit: 2048,
  unit: 'characters',
  subject: 'trust policy of role',
});
