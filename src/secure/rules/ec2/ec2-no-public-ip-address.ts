import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** Instances get no public IP address: neither at launch nor through an Elastic IP attached later. */
export const Ec2NoPublicIpAddress: SecureRule = {
  id: 'Ec2NoPublicIpAddress',
  description: 'EC2 instances and launch templates must not associate public IP addresses, and Elastic IPs must not attach to instances or interfaces.',
  fix: "Remove 'associatePublicIpAddress' and any Elastic IP association; reach instances through the VPC endpoints instead.",
  check(resource) {
    switch (resource.Type) {
      case 'AWS::EC2::Instance':
        return checkInterfaces(valueAt(resource.Properties, 'NetworkInterfaces'), 'Properties/NetworkInterfaces');
      case 'AWS::EC2::LaunchTemplate':
        return checkInterfaces(
          valueAt(resource.Properties, 'LaunchTemplateData', 'NetworkInterfaces'),
          'Properties/LaunchTemplateData/NetworkInterfaces',
        );
      case 'AWS::EC2::EIP':
        return valueAt(resource.Properties, 'InstanceId') === undefined
          ? COMPLIANT
          : nonCompliant('the Elastic IP is attached to an instance (InstanceId is set).', 'Properties/InstanceId');
      case 'AWS::EC2::EIPAssociation':
        return nonCompliant('an Elastic IP association gives an instance or network interface a public address.', 'Properties');
      default:
        return NOT_APPLICABLE;
    }
  },
};

function checkInterfaces(interfaces: unknown, location: string) {
  if (!Array.isArray(interfaces)) return COMPLIANT;
  const index = interfaces.findIndex((i) => {
    const value = valueAt(i, 'AssociatePublicIpAddress');
    return value !== undefined && value !== false && value !== 'false';
  });
  if (index < 0) return COMPLIANT;
  return nonCompliant(`network interface ${index} associates a public IP address.`, `${location}/${index}/AssociatePublicIpAddress`);
}
