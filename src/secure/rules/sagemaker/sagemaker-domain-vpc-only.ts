import { COMPLIANT, describeValue, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** SageMaker Studio domains send all traffic through the VPC (SageMaker defaults to PublicInternetOnly). */
export const SageMakerDomainVpcOnly: SecureRule = {
  id: 'SageMakerDomainVpcOnly',
  description: "SageMaker Studio domains must have AppNetworkAccessType 'VpcOnly'.",
  fix: "Leave 'appNetworkAccessType' unset (the secure defaults use 'VpcOnly') or set it to 'VpcOnly'.",
  check(resource) {
    if (resource.Type !== 'AWS::SageMaker::Domain') return NOT_APPLICABLE;
    const value = valueAt(resource.Properties, 'AppNetworkAccessType');
    if (value === 'VpcOnly') return COMPLIANT;
    return nonCompliant(`network access is ${describeValue(value)}, not 'VpcOnly'.`, 'Properties/AppNetworkAccessType');
  },
};
