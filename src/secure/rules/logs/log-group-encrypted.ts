import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** CloudWatch log groups are encrypted with a customer-managed KMS key. */
export const LogGroupEncrypted: SecureRule = {
  id: 'LogGroupEncrypted',
  description: 'CloudWatch log groups must be encrypted with a customer-managed KMS key.',
  fix: "Leave 'encryptionKey' unset (the secure defaults use the environment's logs key) or pass a key whose policy admits CloudWatch Logs.",
  check(resource) {
    if (resource.Type !== 'AWS::Logs::LogGroup') return NOT_APPLICABLE;
    if (valueAt(resource.Properties, 'KmsKeyId') !== undefined) return COMPLIANT;
    return nonCompliant('the log group has no KMS key (KmsKeyId is not set).', 'Properties/KmsKeyId');
  },
};
