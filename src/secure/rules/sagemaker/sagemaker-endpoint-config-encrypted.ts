import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/**
 * SageMaker endpoint configurations encrypt the instance storage with a
 * customer-managed key. Serverless-only configurations are exempt: SageMaker
 * rejects a KmsKeyId there.
 */
export const SageMakerEndpointConfigEncrypted: SecureRule = {
  id: 'SageMakerEndpointConfigEncrypted',
  description: 'SageMaker endpoint configurations with instance-backed variants must set a customer-managed KmsKeyId.',
  fix: "Leave 'kmsKeyId' unset (the secure defaults use the environment's volume key) or set it.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::EndpointConfig') return NOT_APPLICABLE;
    const variants = valueAt(resource.Properties, 'ProductionVariants');
    const serverlessOnly =
      Array.isArray(variants) && variants.length > 0 && variants.every((v) => valueAt(v, 'ServerlessConfig') !== undefined);
    if (serverlessOnly) return NOT_APPLICABLE;
    if (valueAt(resource.Properties, 'KmsKeyId') !== undefined) return COMPLIANT;
    return nonCompliant('the endpoint configuration has no KMS key for its instance storage (KmsKeyId is not set).', 'Properties/KmsKeyId');
  },
};
