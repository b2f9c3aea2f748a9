import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** SageMaker Studio domain storage (home directories, space volumes) is encrypted with a customer-managed key. */
export const SageMakerDomainEncrypted: SecureRule = {
  id: 'SageMakerDomainEncrypted',
  description: 'SageMaker Studio domains must encrypt their storage with a customer-managed KMS key.',
  fix: "Leave 'kmsKeyId' unset (the secure defaults use the environment's volume key) or set it.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::Domain') return NOT_APPLICABLE;
    if (valueAt(resource.Properties, 'KmsKeyId') !== undefined) return COMPLIANT;
    return nonCompliant('the domain storage has no KMS key (KmsKeyId is not set).', 'Properties/KmsKeyId');
  },
};
