import { COMPLIANT, describeValue, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** SageMaker notebook instances reach nothing but the VPC: no SageMaker-provided internet access. */
export const SageMakerNotebookNoDirectInternet: SecureRule = {
  id: 'SageMakerNotebookNoDirectInternet',
  description: "SageMaker notebook instances must have DirectInternetAccess 'Disabled' (SageMaker defaults to 'Enabled').",
  fix: "Leave 'directInternetAccess' unset (the secure defaults disable it) or set it to 'Disabled'.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::NotebookInstance') return NOT_APPLICABLE;
    const value = valueAt(resource.Properties, 'DirectInternetAccess');
    if (value === 'Disabled') return COMPLIANT;
    return nonCompliant(`direct internet access is ${describeValue(value)}, not 'Disabled'.`, 'Properties/DirectInternetAccess');
  },
};
