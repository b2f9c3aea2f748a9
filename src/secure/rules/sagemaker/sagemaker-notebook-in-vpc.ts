import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** SageMaker notebook instances run in the environment's private subnets with its security groups. */
export const SageMakerNotebookInVpc: SecureRule = {
  id: 'SageMakerNotebookInVpc',
  description: 'SageMaker notebook instances must be attached to a private subnet and security groups.',
  fix: "Leave 'subnetId' and 'securityGroupIds' unset (the secure defaults use the environment's) or set both.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::NotebookInstance') return NOT_APPLICABLE;
    const missing = ['SubnetId', 'SecurityGroupIds'].filter((key) => valueAt(resource.Properties, key) === undefined);
    if (missing.length === 0) return COMPLIANT;
    return nonCompliant(`the notebook instance is not VPC-attached (${missing.join(' and ')} not set).`, ...missing.map((k) => `Properties/${k}`));
  },
};
