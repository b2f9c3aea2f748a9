import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** SageMaker models (and so their endpoints and batch transforms) run attached to the VPC. */
export const SageMakerModelInVpc: SecureRule = {
  id: 'SageMakerModelInVpc',
  description: 'SageMaker models must have a VpcConfig with subnets and security groups.',
  fix: "Leave 'vpcConfig' unset (the secure defaults use the environment's subnets and security groups) or set it.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::Model') return NOT_APPLICABLE;
    const missing = ['Subnets', 'SecurityGroupIds'].filter((key) => valueAt(resource.Properties, 'VpcConfig', key) === undefined);
    if (missing.length === 0) return COMPLIANT;
    return nonCompliant(`the model is not VPC-attached (VpcConfig.${missing.join(' and VpcConfig.')} not set).`, 'Properties/VpcConfig');
  },
};
