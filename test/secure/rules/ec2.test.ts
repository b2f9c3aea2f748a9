/** EC2 secure-defaults rules: no public IP addresses, anywhere. */
import { Ec2NoPublicIpAddress, Ec2SubnetNoPublicIp } from '../../../src/secure/rules';

const context = { logicalId: 'Resource', template: { Resources: {} } };

describe('Ec2SubnetNoPublicIp', () => {
  test('a subnet that assigns no public addresses (explicitly or by default) is compliant', () => {
    expect(Ec2SubnetNoPublicIp.check({ Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: false } }, context).status).toBe(
      'compliant',
    );
    expect(Ec2SubnetNoPublicIp.check({ Type: 'AWS::EC2::Subnet', Properties: {} }, context).status).toBe('compliant');
  });

  test('fails a subnet that maps public IPs on launch, or might (deploy-time value)', () => {
    expect(Ec2SubnetNoPublicIp.check({ Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: true } }, context)).toEqual({
      status: 'non-compliant',
      problem: 'the subnet assigns public IP addresses (MapPublicIpOnLaunch is true).',
      locations: ['Properties/MapPublicIpOnLaunch'],
    });
    const conditional = { Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: { 'Fn::If': ['Public', true, false] } } };
    expect(Ec2SubnetNoPublicIp.check(conditional, context)).toMatchObject({
      problem: 'the subnet assigns public IP addresses (MapPublicIpOnLaunch is a deploy-time value (Fn::If)).',
    });
  });
});

describe('Ec2NoPublicIpAddress', () => {
  test('instances, launch templates and NAT Elastic IPs without public addresses are compliant', () => {
    const instance = { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: false }] } };
    expect(Ec2NoPublicIpAddress.check(instance, context).status).toBe('compliant');
    expect(Ec2NoPublicIpAddress.check({ Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: {} } }, context).status).toBe(
      'compliant',
    );
    expect(Ec2NoPublicIpAddress.check({ Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } }, context).status).toBe('compliant');
  });

  test('fails an instance or launch template associating a public IP, and Elastic IPs attached to instances', () => {
    const launchTemplate = {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: { LaunchTemplateData: { NetworkInterfaces: [{ DeviceIndex: 0 }, { DeviceIndex: 1, AssociatePublicIpAddress: true }] } },
    };
    expect(Ec2NoPublicIpAddress.check(launchTemplate, context)).toEqual({
      status: 'non-compliant',
      problem: 'network interface 1 associates a public IP address.',
      locations: ['Properties/LaunchTemplateData/NetworkInterfaces/1/AssociatePublicIpAddress'],
    });
    expect(Ec2NoPublicIpAddress.check({ Type: 'AWS::EC2::EIP', Properties: { InstanceId: { Ref: 'Instance' } } }, context)).toMatchObject({
      problem: 'the Elastic IP is attached to an instance (InstanceId is set).',
    });
    expect(Ec2NoPublicIpAddress.check({ Type: 'AWS::EC2::EIPAssociation', Properties: {} }, context).status).toBe('non-compliant');
  });
});
