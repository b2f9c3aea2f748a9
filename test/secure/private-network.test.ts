/**
 * The shared internet-free network of the products that build their own VPC
 * (data science environment, model deployment baseline): private subnets only,
 * endpoints reachable from the SageMaker security group only, NAT egress only
 * when asked for, and every packet in encrypted flow logs.
 */
import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ResolvedTemplate } from './cfn-resolver';
import { accountOnlyEndpointPolicy, awsServiceEndpoint, PrivateNetwork, type PrivateNetworkProps } from '../../src/secure/private-network';

const S3_POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'Given', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] };

const PROPS: PrivateNetworkProps = {
  cidr: '10.0.0.0/16',
  interfaceEndpoints: [
    { id: 'Sts', service: awsServiceEndpoint('sts') },
    { id: 'SageMakerStudio', service: 'aws.sagemaker.${AWS::Region}.studio', policy: false },
  ],
  s3EndpointPolicy: S3_POLICY,
  flowLogsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  owner: 'the test account',
  workloads: 'test workloads',
  sageMakerSecurityGroupDescription: 'Test workloads',
};

function network(props: Partial<PrivateNetworkProps> = {}, withStack?: (stack: Stack) => Partial<PrivateNetworkProps>) {
  const stack = new Stack();
  const created = new PrivateNetwork(stack, 'Network', { ...PROPS, ...withStack?.(stack), ...props });
  const id = (construct: { node: { defaultChild?: unknown } } | object) =>
    stack.getLogicalId(((construct as { node: { defaultChild?: unknown } }).node.defaultChild ?? construct) as never);
  return { stack, network: created, template: Template.fromStack(stack), id };
}

/** A network spanning a third zone when the AvailabilityZoneCount parameter says 3. */
const threeZones = (stack: Stack): Partial<PrivateNetworkProps> => {
  const count = new CfnParameter(stack, 'AvailabilityZoneCount', { default: '2', allowedValues: ['2', '3'] });
  return { thirdAvailabilityZone: new CfnCondition(stack, 'ThreeZones', { expression: Fn.conditionEquals(count.valueAsString, '3') }) };
};

const resolved = (stack: Stack, zones: '2' | '3') =>
  new ResolvedTemplate(Template.fromStack(stack).toJSON(), { accountId: '111111111111', region: 'eu-west-1', parameters: { AvailabilityZoneCount: zones } });

describe('PrivateNetwork', () => {
  describe('subnets and routes', () => {
    test('a VPC with DNS (for private endpoint names) and one private /20 subnet in each of two zones, no public IPs', () => {
      const { template, network: created, stack } = network();
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
      const subnets = Object.values<any>(template.findResources('AWS::EC2::Subnet'));
      expect(subnets.map((s) => [s.Properties.MapPublicIpOnLaunch, s.Condition])).toEqual([
        [false, undefined],
        [false, undefined],
      ]);
      expect(subnets[0].Properties.CidrBlock).toEqual({ 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 2, '12'] }] });
      expect(stack.resolve(created.privateSubnetIds)).toHaveLength(2);
    });

    test('is internet-free by default: no internet gateway, NAT gateway, Elastic IP or route out', () => {
      const { template } = network();
      for (const type of ['AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Route']) {
        template.resourceCountIs(type, 0);
      }
    });

    test('a third zone exists under its condition: subnet, route table and association; the subnet list chooses by it', () => {
      const { stack, network: created, template } = network({}, threeZones);
      const conditions = Object.values<any>(template.findResources('AWS::EC2::Subnet')).map((s) => s.Condition);
      expect(conditions).toEqual([undefined, undefined, 'ThreeZones']);
      expect(Object.values<any>(template.findResources('AWS::EC2::RouteTable')).map((t) => t.Condition)).toEqual([undefined, undefined, 'ThreeZones']);
      expect(stack.resolve(created.privateSubnetIds)).toEqual({ 'Fn::If': ['ThreeZones', expect.any(Array), expect.any(Array)] });
      expect(resolved(stack, '2').logicalIdsOf('AWS::EC2::Subnet')).toHaveLength(2);
      const three = resolved(stack, '3');
      expect(three.logicalIdsOf('AWS::EC2::Subnet')).toHaveLength(3);
      expect(three.properties(stack.getLogicalId(created.interfaceEndpoints.get('Sts')!)).SubnetIds).toHaveLength(3);
    });

    test('one route table per zone by default; shared: one for every private subnet', () => {
      network().template.resourceCountIs('AWS::EC2::RouteTable', 2);
      const { template, id, network: created } = network({ privateRouteTables: 'shared' });
      template.resourceCountIs('AWS::EC2::RouteTable', 1);
      const [table] = Object.keys(template.findResources('AWS::EC2::RouteTable'));
      const associations = Object.values<any>(template.findResources('AWS::EC2::SubnetRouteTableAssociation'));
      expect(associations.map((a) => a.Properties.RouteTableId)).toEqual([{ Ref: table }, { Ref: table }]);
      expect(template.toJSON().Resources[id(created.s3Endpoint)].Properties.RouteTableIds).toEqual([{ Ref: table }]);
    });

    test('internetEgress: a NAT gateway per zone in public subnets without public IPs; each private subnet routes out through its own zone', () => {
      const { stack } = network({ internetEgress: true }, threeZones);
      const launch = resolved(stack, '3');
      const publicSubnets = launch.logicalIdsOf('AWS::EC2::Subnet').filter((s) => s.includes('PublicSubnet'));
      expect(publicSubnets).toHaveLength(3);
      for (const subnet of publicSubnets) expect(launch.properties(subnet).MapPublicIpOnLaunch).toBe(false);
      const nats = launch.logicalIdsOf('AWS::EC2::NatGateway').map((n) => launch.properties(n));
      expect(nats.map((n) => n.SubnetId).sort()).toEqual(publicSubnets.map((s) => launch.ref(s)).sort());
      const routes = launch.logicalIdsOf('AWS::EC2::Route').map((r) => launch.properties(r));
      expect(routes.filter((r) => r.GatewayId)).toHaveLength(1);
      const natRoutes = routes.filter((r) => r.NatGatewayId);
      expect(new Set(natRoutes.map((r) => r.RouteTableId)).size).toBe(3);
      for (const route of routes) expect(route.DestinationCidrBlock).toBe('0.0.0.0/0');
      expect(resolved(stack, '2').logicalIdsOf('AWS::EC2::NatGateway')).toHaveLength(2);
    });

    test('the public subnets take the blocks after the private ones; reservePublicSubnetBlocks keeps them without egress', () => {
      const cidr = (template: Template) => Object.values<any>(template.findResources('AWS::EC2::Subnet'))[0].Properties.CidrBlock['Fn::Select'][1];
      expect(cidr(network({ reservePublicSubnetBlocks: true }, threeZones).template)).toEqual({ 'Fn::Cidr': ['10.0.0.0/16', 6, '12'] });
      const egress = network({ internetEgress: true }).template;
      expect(cidr(egress)).toEqual({ 'Fn::Cidr': ['10.0.0.0/16', 4, '12'] });
      egress.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: { 'Fn::Select': [2, Match.anyValue()] }, MapPublicIpOnLaunch: false });
    });

    test('fails with internet egress and one shared route table', () => {
      expect(() => network({ internetEgress: true, privateRouteTables: 'shared' })).toThrow(
        /internetEgress needs privateRouteTables 'per-availability-zone' .*got 'shared'/,
      );
    });
  });

  describe('security groups', () => {
    test('the endpoint security group admits HTTPS from the SageMaker security group only, not from an address range, and sends nothing', () => {
      const { template, id, network: created } = network();
      const group = template.toJSON().Resources[id(created.endpointSecurityGroup)].Properties;
      expect(group.SecurityGroupIngress).toEqual([
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          SourceSecurityGroupId: { 'Fn::GetAtt': [id(created.sageMakerSecurityGroup), 'GroupId'] },
          Description: 'HTTPS from test workloads',
        },
      ]);
      expect(group.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
    });

    test('the SageMaker security group sends HTTPS only, its rule naming the routes there are', () => {
      const egress = (props: Partial<PrivateNetworkProps>) => {
        const { template, id, network: created } = network(props);
        return template.toJSON().Resources[id(created.sageMakerSecurityGroup)].Properties;
      };
      expect(egress({})).toEqual({
        VpcId: expect.anything(),
        GroupDescription: 'Test workloads',
        SecurityGroupEgress: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS to VPC endpoints and S3 (no other route exists)' },
        ],
      });
      expect(egress({ internetEgress: true }).SecurityGroupEgress[0].Description).toBe('HTTPS to VPC endpoints, S3 and the internet (via NAT)');
      expect(egress({ httpsEgressDescription: 'Given' }).SecurityGroupEgress[0].Description).toBe('Given');
    });

    test('trafficBetweenWorkloads: all traffic between members of the SageMaker group, never from an address range; none by default', () => {
      network().template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
      const { template, id, network: created } = network({ trafficBetweenWorkloads: 'Between members' });
      const group = { 'Fn::GetAtt': [id(created.sageMakerSecurityGroup), 'GroupId'] };
      expect(Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties)).toEqual([
        { GroupId: group, SourceSecurityGroupId: group, IpProtocol: '-1', Description: 'Between members' },
      ]);
      expect(Object.values<any>(template.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties)).toEqual([
        { GroupId: group, DestinationSecurityGroupId: group, IpProtocol: '-1', Description: 'Between members' },
      ]);
      expect(id(created.trafficBetweenWorkloadsIngress!)).toMatch(/^NetworkSageMakerFromItself/);
    });
  });

  describe('endpoints', () => {
    test('interface endpoints: private DNS, in the private subnets, in the endpoint security group', () => {
      const { template, id, network: created, stack } = network();
      const endpoints = Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }));
      expect(endpoints.map((e) => e.Properties.ServiceName)).toEqual([
        { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.sts' },
        { 'Fn::Sub': 'aws.sagemaker.${AWS::Region}.studio' },
      ]);
      for (const endpoint of endpoints) {
        expect(endpoint.Properties).toMatchObject({
          PrivateDnsEnabled: true,
          SubnetIds: stack.resolve(created.privateSubnetIds),
          SecurityGroupIds: [{ 'Fn::GetAtt': [id(created.endpointSecurityGroup), 'GroupId'] }],
        });
      }
    });

    test('interface endpoints admit principals of this account only, unless the service takes no endpoint policy', () => {
      const policy = (props: Partial<PrivateNetworkProps>, endpoint: string) => {
        const { template, id, network: created } = network(props);
        return template.toJSON().Resources[id(created.interfaceEndpoints.get(endpoint)!)].Properties.PolicyDocument;
      };
      const onlyThisAccount = {
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
      };
      expect(policy({}, 'Sts')).toEqual({ Version: '2012-10-17', Statement: [onlyThisAccount] });
      expect(policy({ endpointPolicyStatementId: 'OnlyThisAccount' }, 'Sts').Statement).toEqual([{ Sid: 'OnlyThisAccount', ...onlyThisAccount }]);
      expect(new Stack().resolve(accountOnlyEndpointPolicy())).toEqual(policy({}, 'Sts'));
      expect(policy({}, 'SageMakerStudio')).toBeUndefined();
    });

    test('the S3 gateway endpoint serves the private route tables with the policy given', () => {
      const { template, id, network: created, stack } = network({}, threeZones);
      expect(template.toJSON().Resources[id(created.s3Endpoint)].Properties).toEqual({
        VpcId: { Ref: id(created.vpc) },
        ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
        VpcEndpointType: 'Gateway',
        RouteTableIds: { 'Fn::If': ['ThreeZones', expect.any(Array), expect.any(Array)] },
        PolicyDocument: S3_POLICY,
      });
      expect(resolved(stack, '3').properties(id(created.s3Endpoint)).RouteTableIds).toHaveLength(3);
    });

    test('fails with two interface endpoints of the same id', () => {
      expect(() => network({ interfaceEndpoints: [{ id: 'Sts', service: awsServiceEndpoint('sts') }, { id: 'Sts', service: 'x' }] })).toThrow(
        /interface endpoint ids must be unique, got 'Sts' twice/,
      );
    });
  });

  describe('flow logs', () => {
    test('record ALL traffic of the VPC into a log group encrypted with the key given, kept two years', () => {
      const { template, id, network: created } = network();
      template.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceId: { Ref: id(created.vpc) },
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: { Ref: id(created.flowLogGroup) },
      });
      expect(template.toJSON().Resources[id(created.flowLogGroup)].Properties).toEqual({
        KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        RetentionInDays: 731,
      });
    });

    test("are delivered by a role only this account's flow logs assume, with a managed policy writing to that group only", () => {
      const { template, id, network: created } = network();
      template.hasResourceProperties('AWS::IAM::Role', {
        Description: 'Delivers the VPC flow logs of the test account to CloudWatch Logs',
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*' } },
              },
            }),
          ],
        },
      });
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Description: 'Write the VPC flow logs of the test account',
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
              Resource: { 'Fn::GetAtt': [id(created.flowLogGroup), 'Arn'] },
            },
          ],
        },
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('flowLogStreamsNamed: the policy names the log streams besides the group', () => {
      const { template, id, network: created } = network({ flowLogStreamsNamed: true });
      const groupArn = { 'Fn::GetAtt': [id(created.flowLogGroup), 'Arn'] };
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Resource: [groupArn, { 'Fn::Join': ['', [groupArn, ':log-stream:*']] }] })] },
      });
    });
  });
});
