import { COMPLIANT, describeValue, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** No subnet hands out public IPv4 addresses: even NAT subnets get their address from an Elastic IP. */
export const Ec2SubnetNoPublicIp: SecureRule = {
  id: 'Ec2SubnetNoPublicIp',
  description: 'Subnets must not assign public IPv4 addresses on launch (MapPublicIpOnLaunch false).',
  fix: "Pass 'mapPublicIpOnLaunch: false' (NAT gateways use an Elastic IP and do not need it).",
  check(resource) {
    if (resource.Type !== 'AWS::EC2::Subnet') return NOT_APPLICABLE;
    const value = valueAt(resource.Properties, 'MapPublicIpOnLaunch');
    if (value === undefined || value === false || value === 'false') return COMPLIANT;
    return nonCompliant(`the subnet assigns public IP addresses (MapPublicIpOnLaunch is ${describeValue(value)}).`, 'Properties/MapPublicIpOnLaunch');
  },
};
