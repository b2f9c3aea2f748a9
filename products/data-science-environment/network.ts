/**
 * The environment's network: a dedicated VPC whose private subnets (two or
 * three Availability Zones, chosen at launch) reach AWS only through VPC
 * endpoints. Internet egress (NAT gateways in public subnets) exists only when
 * the catalog maintainer enables it; ingress from the internet never does.
 */
import { Aws, CfnCondition, Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { s3EndpointPolicy } from './s3-endpoint-policy';

/**
 * Interface endpoints, by service-name suffix. `policy`: whether the service
 * accepts an endpoint policy (the Studio and notebook endpoints do not), which
 * then admits only principals of this account, so the endpoints cannot carry
 * data out with someone else's credentials.
 */
export const INTERFACE_ENDPOINTS: readonly { readonly id: string; readonly service: string; readonly policy: boolean }[] = [
  { id: 'SageMakerApi', service: 'com.amazonaws.${AWS::Region}.sagemaker.api', policy: true },
  { id: 'SageMakerRuntime', service: 'com.amazonaws.${AWS::Region}.sagemaker.runtime', policy: true },
  { id: 'SageMakerNotebook', service: 'aws.sagemaker.${AWS::Region}.notebook', policy: false },
  { id: 'SageMakerStudio', service: 'aws.sagemaker.${AWS::Region}.studio', policy: false },
  { id: 'Sts', service: 'com.amazonaws.${AWS::Region}.sts', policy: true },
  { id: 'Logs', service: 'com.amazonaws.${AWS::Region}.logs', policy: true },
  { id: 'Monitoring', service: 'com.amazonaws.${AWS::Region}.monitoring', policy: true },
  { id: 'EcrApi', service: 'com.amazonaws.${AWS::Region}.ecr.api', policy: true },
  { id: 'EcrDocker', service: 'com.amazonaws.${AWS::Region}.ecr.dkr', policy: true },
  { id: 'Kms', service: 'com.amazonaws.${AWS::Region}.kms', policy: true },
  { id: 'Ssm', service: 'com.amazonaws.${AWS::Region}.ssm', policy: true },
  { id: 'ServiceCatalog', service: 'com.amazonaws.${AWS::Region}.servicecatalog', policy: true },
  { id: 'CodeCommit', service: 'com.amazonaws.${AWS::Region}.codecommit', policy: true },
  { id: 'GitCodeCommit', service: 'com.amazonaws.${AWS::Region}.git-codecommit', policy: true },
  { id: 'CodeBuild', service: 'com.amazonaws.${AWS::Region}.codebuild', policy: true },
  { id: 'CodePipeline', service: 'com.amazonaws.${AWS::Region}.codepipeline', policy: true },
];

export interface EnvironmentNetworkProps {
  /** VPC CIDR block (a /16 or /17): six /20 subnets are carved out of it. */
  readonly cidr: string;
  /** Whether the third Availability Zone is used. */
  readonly threeAzs: CfnCondition;
  /** NAT gateways in public subnets for outbound internet. */
  readonly internetEgress: boolean;
  /** Key for the flow-log group. */
  readonly logsKeyArn: string;
  /** Buckets the S3 endpoint admits besides SageMaker's own (ARNs). */
  readonly environmentBucketArns: () => string[];
}

/** Subnet sizes: /20 each, cut from the VPC CIDR; the first three private, the next three public. */
const SUBNET_BITS = '12';
const AZS = [0, 1, 2] as const;

export class EnvironmentNetwork extends Construct {
  public readonly vpc: ec2.CfnVPC;
  /** Private subnet ids (two or three, by the AZ-count condition). */
  public readonly privateSubnetIds: string[];
  /** Security group of every SageMaker workload (Studio, jobs, endpoints) and of the products' compute. */
  public readonly sageMakerSecurityGroup: ec2.CfnSecurityGroup;
  public readonly endpointSecurityGroup: ec2.CfnSecurityGroup;
  public readonly s3Endpoint: ec2.CfnVPCEndpoint;
  public readonly interfaceEndpoints: ReadonlyMap<string, ec2.CfnVPCEndpoint>;
  public readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EnvironmentNetworkProps) {
    super(scope, id);
    const { threeAzs } = props;
    const perAz = <T>(values: readonly T[]): T[] =>
      Token.asList(Fn.conditionIf(threeAzs.logicalId, [...values], values.slice(0, 2))) as unknown as T[];
    const inThirdAz = (resource: { cfnOptions: { condition?: CfnCondition } }, az: number) => {
      if (az === 2) resource.cfnOptions.condition = threeAzs;
    };

    this.vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true });
    const blocks = Fn.cidr(props.cidr, 6, SUBNET_BITS);

    const privateSubnets = AZS.map((az) => {
      const subnet = new ec2.CfnSubnet(this, `PrivateSubnet${az + 1}`, {
        vpcId: this.vpc.ref,
        cidrBlock: Fn.select(az, blocks),
        availabilityZone: Fn.select(az, Fn.getAzs()),
        mapPublicIpOnLaunch: false,
      });
      inThirdAz(subnet, az);
      return subnet;
    });
    const privateRouteTables = AZS.map((az) => {
      const table = new ec2.CfnRouteTable(this, `PrivateRouteTable${az + 1}`, { vpcId: this.vpc.ref });
      const association = new ec2.CfnSubnetRouteTableAssociation(this, `PrivateRouteTableAssociation${az + 1}`, {
        subnetId: privateSubnets[az].ref,
        routeTableId: table.ref,
      });
      inThirdAz(table, az);
      inThirdAz(association, az);
      return table;
    });
    this.privateSubnetIds = perAz(privateSubnets.map((s) => s.ref));

    if (props.internetEgress) this.addNatGateways(blocks, privateRouteTables, inThirdAz);

    this.sageMakerSecurityGroup = new ec2.CfnSecurityGroup(this, 'SageMakerSecurityGroup', {
      vpcId: this.vpc.ref,
      groupDescription: 'SageMaker workloads: Studio, jobs, endpoints, and the compute of the environment products',
      securityGroupEgress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrIp: '0.0.0.0/0',
          // Without egress the only routes are the VPC endpoints and the S3 gateway.
          description: props.internetEgress ? 'HTTPS to VPC endpoints, S3 and the internet (via NAT)' : 'HTTPS to VPC endpoints and S3 (no other route exists)',
        },
      ],
    });
    // Distributed training and Studio apps talk to each other; nothing else gets in.
    new ec2.CfnSecurityGroupIngress(this, 'SageMakerFromItself', {
      groupId: this.sageMakerSecurityGroup.attrGroupId,
      sourceSecurityGroupId: this.sageMakerSecurityGroup.attrGroupId,
      ipProtocol: '-1',
      description: 'Between SageMaker workloads of this environment (distributed training, Studio)',
    });
    new ec2.CfnSecurityGroupEgress(this, 'SageMakerToItself', {
      groupId: this.sageMakerSecurityGroup.attrGroupId,
      destinationSecurityGroupId: this.sageMakerSecurityGroup.attrGroupId,
      ipProtocol: '-1',
      description: 'Between SageMaker workloads of this environment (distributed training, Studio)',
    });

    this.endpointSecurityGroup = new ec2.CfnSecurityGroup(this, 'EndpointSecurityGroup', {
      vpcId: this.vpc.ref,
      groupDescription: 'VPC interface endpoints: HTTPS from the SageMaker security group only',
      securityGroupIngress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          sourceSecurityGroupId: this.sageMakerSecurityGroup.attrGroupId,
          description: 'HTTPS from SageMaker workloads',
        },
      ],
      // Endpoints only answer; an explicit never-matching rule removes the default allow-all egress.
      securityGroupEgress: [{ ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'No outbound traffic' }],
    });

    this.s3Endpoint = new ec2.CfnVPCEndpoint(this, 'S3Endpoint', {
      vpcId: this.vpc.ref,
      serviceName: Fn.sub('com.amazonaws.${AWS::Region}.s3'),
      vpcEndpointType: 'Gateway',
      routeTableIds: perAz(privateRouteTables.map((t) => t.ref)),
      policyDocument: s3EndpointPolicy(props.environmentBucketArns()),
    });

    const endpoints = new Map<string, ec2.CfnVPCEndpoint>();
    for (const endpoint of INTERFACE_ENDPOINTS) {
      endpoints.set(
        endpoint.id,
        new ec2.CfnVPCEndpoint(this, `${endpoint.id}Endpoint`, {
          vpcId: this.vpc.ref,
          serviceName: Fn.sub(endpoint.service),
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [this.endpointSecurityGroup.attrGroupId],
          policyDocument: endpoint.policy ? accountOnlyEndpointPolicy() : undefined,
        }),
      );
    }
    this.interfaceEndpoints = endpoints;

    this.flowLogGroup = this.addFlowLogs(props.logsKeyArn);
  }

  /** Every packet of the VPC, accepted or rejected, to a KMS-encrypted log group. */
  private addFlowLogs(logsKeyArn: string): logs.LogGroup {
    const group = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.TWO_YEARS });
    (group.node.defaultChild as logs.CfnLogGroup).kmsKeyId = logsKeyArn;
    const role = new iam.Role(this, 'FlowLogsRole', {
      description: 'Delivers the VPC flow logs of this environment to CloudWatch Logs',
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': Fn.sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*') },
        },
      }),
    });
    // A managed policy, not an inline one: inline policies cannot be reviewed or reused on their own.
    new iam.ManagedPolicy(this, 'FlowLogsPolicy', {
      description: 'Write the VPC flow logs of this environment',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [group.logGroupArn],
        }),
      ],
    });
    new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: group.logGroupName,
      deliverLogsPermissionArn: role.roleArn,
    });
    return group;
  }

  /** Public subnets holding only NAT gateways (no public IPs on launch), one per AZ, and default routes through them. */
  private addNatGateways(
    blocks: string[],
    privateRouteTables: ec2.CfnRouteTable[],
    inThirdAz: (resource: { cfnOptions: { condition?: CfnCondition } }, az: number) => void,
  ): void {
    const gateway = new ec2.CfnInternetGateway(this, 'InternetGateway');
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'InternetGatewayAttachment', {
      vpcId: this.vpc.ref,
      internetGatewayId: gateway.ref,
    });
    const publicRouteTable = new ec2.CfnRouteTable(this, 'PublicRouteTable', { vpcId: this.vpc.ref });
    const internetRoute = new ec2.CfnRoute(this, 'PublicDefaultRoute', {
      routeTableId: publicRouteTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: gateway.ref,
    });
    internetRoute.addResourceDependency(attachment);
    for (const az of AZS) {
      const subnet = new ec2.CfnSubnet(this, `PublicSubnet${az + 1}`, {
        vpcId: this.vpc.ref,
        cidrBlock: Fn.select(az + 3, blocks),
        availabilityZone: Fn.select(az, Fn.getAzs()),
        mapPublicIpOnLaunch: false,
      });
      const association = new ec2.CfnSubnetRouteTableAssociation(this, `PublicRouteTableAssociation${az + 1}`, {
        subnetId: subnet.ref,
        routeTableId: publicRouteTable.ref,
      });
      const address = new ec2.CfnEIP(this, `NatAddress${az + 1}`, { domain: 'vpc' });
      const nat = new ec2.CfnNatGateway(this, `NatGateway${az + 1}`, { subnetId: subnet.ref, allocationId: address.attrAllocationId });
      nat.addResourceDependency(internetRoute);
      const route = new ec2.CfnRoute(this, `PrivateDefaultRoute${az + 1}`, {
        routeTableId: privateRouteTables[az].ref,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.ref,
      });
      for (const resource of [subnet, association, address, nat, route]) inThirdAz(resource, az);
    }
  }
}

/** Interface endpoint policy: any action, but only by principals of this account. */
export function accountOnlyEndpointPolicy(): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyThisAccount',
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
      },
    ],
  };
}
