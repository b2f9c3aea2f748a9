import { documentLimitCheck } from '../policy-size';

/** KMS key policies: 32 KB (AWS KMS quotas, key policy document size). */
export const KmsKeyPolicySize = documentLimitCheck({
  id: 'KmsKeyPolicySize',
  description: 'A KMS key policy is at most 32 KB (32,768 bytes).',
  fix: 'Shorten the key policy: merge statements, or grant key use through identity policies where the key policy delegates to the account.',
  types: ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'],
  property: 'KeyPolicy',
  limit: 32 * 1024,
  unit: 'bytes',
  subject: 'key policy of',
});
