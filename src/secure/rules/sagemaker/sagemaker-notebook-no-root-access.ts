import { COMPLIANT, describeValue, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** SageMaker notebook instance users are not root (SageMaker defaults to root). */
export const SageMakerNotebookNoRootAccess: SecureRule = {
  id: 'SageMakerNotebookNoRootAccess',
  description: "SageMaker notebook instances must have RootAccess 'Disabled' (SageMaker defaults to 'Enabled').",
  fix: "Leave 'rootAccess' unset (the secure defaults disable it) or set it to 'Disabled'.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::NotebookInstance') return NOT_APPLICABLE;
    const value = valueAt(resource.Properties, 'RootAccess');
    if (value === 'Disabled') return COMPLIANT;
    return nonCompliant(`root access is ${describeValue(value)}, not 'Disabled'.`, 'Properties/RootAccess');
  },
};
