import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** SageMaker notebook instance volumes are encrypted with a customer-managed KMS key. */
export const SageMakerNotebookEncrypted: SecureRule = {
  id: 'SageMakerNotebookEncrypted',
  description: 'SageMaker notebook instances must encrypt their volume with a customer-managed KMS key.',
  fix: "Leave 'kmsKeyId' unset (the secure defaults use the environment's volume key) or set it.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::NotebookInstance') return NOT_APPLICABLE;
    if (valueAt(resource.Properties, 'KmsKeyId') !== undefined) return COMPLIANT;
    return nonCompliant('the notebook instance volume has no KMS key (KmsKeyId is not set).', 'Properties/KmsKeyId');
  },
};
