/**
 * An internet-free VPC for SageMaker workloads: private subnets (two Availability
 * Zones, or three under a launch-time condition) that reach AWS only through VPC
 * endpoints, a security group for the workloads, interface endpoints that admit
 * HTTPS from that group only, an S3 gateway endpoint, and flow logs of every
 * packet in a KMS-encrypted log group. Internet egress (NAT gateways in public
 * subnets) exists only when a product asks for it; ingress from the internet
 * never does.
 *
 * Construct ids are the contract with deployed stacks (they make the logical
 * ids): renaming one replaces the resource, and a replaced subnet association or
 * security group fails or interrupts traffic. Keep them as they are.
 */
import { Aws, type CfnCondition, Fn, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NetworkHousekeeping, type NetworkHousekeepingOptions } from './network-housekeeping';

/** An interface endpoint of the network. */
export interface InterfaceEndpoint {
  /** Names the endpoint (construct `<id>Endpoint`) and its entry in `PrivateNetwork.interfaceEndpoints`. */
  readonly id: string;
  /**
   * The endpoint service name, with `${AWS::Region}` substituted at deploy time,
   * e.g. `com.amazonaws.${AWS::Region}.sts` (see `awsServiceEndpoint`).
   */
  readonly service: string;
  /**
   * Whether the endpoint carries the account-only policy (`accountOnlyEndpointPolicy`).
   * Turn it off only for services that reject endpoint policies (the SageMaker
   * Studio and notebook endpoints).
   *
   * @default true
   */
  readonly policy?: boolean;
  /**
   * Statements added to the account-only policy: what principals of other
   * accounts may do through this endpoint (e.g. a staging account's smoke test
   * invoking its endpoint from this VPC). Each names its principals and resources.
   *
   * @default - none: only principals of this account
   */
  readonly additionalPolicyStatements?: readonly Record<string, unknown>[];
  /**
   * A policy of its own instead of the account-only policy, for endpoints that
   * admit less than everything of the account (e.g. one package repository).
   *
   * @default - the account-only policy
   */
  readonly policyDocument?: Record<string, unknown>;
}

/**
 * How the private subnets are routed.
 * - `per-availability-zone`: one route table per subnet, so each zone can route
 *   out through the NAT gateway of its own zone (needed for `internetEgress`);
 * - `shared`: one route table for every private subnet, enough when nothing
 *   routes differently per zone.
 *
 * Each layout keeps the construct ids its products were deployed with
 * (`PrivateRouteTable<n>` and `PrivateRouteTableAssociation<n>`, or
 * `PrivateRouteTable` and `PrivateSubnet<n>Routes`): switching a deployed
 * product's layout replaces its route tables and associations.
 */
export type PrivateRouteTables = 'per-availability-zone' | 'shared';

export interface PrivateNetworkProps {
  /**
   * The VPC's CIDR block. /20 subnets are cut from it in order: one private
   * subnet per Availability Zone, then (see `reservePublicSubnetBlocks`) one
   * public subnet per zone.
   */
  readonly cidr: string;
  /**
   * Condition under which a third Availability Zone is used (its subnet, route
   * table and NAT gateway carry it; subnet and route table lists choose by it).
   *
   * @default - two Availability Zones
   */
  readonly thirdAvailabilityZone?: CfnCondition;
  /**
   * NAT gateways, one per Availability Zone in public subnets that hand out no
   * public addresses, and a default route through them from each private subnet.
   *
   * @default false - no internet gateway, NAT gateway or route out of the VPC
   */
  readonly internetEgress?: boolean;
  /**
   * Whether the address plan keeps the public subnets' blocks even without
   * internet egress, so the CIDR sizes a product's launch parameter admits are
   * the same whichever egress setting the catalog chooses.
   *
   * @default - only with `internetEgress`
   */
  readonly reservePublicSubnetBlocks?: boolean;
  /**
   * How the private subnets are routed (see `PrivateRouteTables`).
   *
   * @default 'per-availability-zone'
   */
  readonly privateRouteTables?: PrivateRouteTables;
  /** The interface endpoints, in the private subnets, in the endpoint security group. */
  readonly interfaceEndpoints: readonly InterfaceEndpoint[];
  /**
   * Statement id (`Sid`) of the interface endpoints' account-only policy: a label
   * for people reading the policy, nothing is decided by it.
   *
   * @default - the statement has no id
   */
  readonly endpointPolicyStatementId?: string;
  /** The S3 gateway endpoint's policy: which S3 the network reaches at all (a product decision). */
  readonly s3EndpointPolicy: Record<string, unknown>;
  /** ARN of the KMS key of the flow-log group (its key policy must admit CloudWatch Logs). */
  readonly flowLogsKeyArn: string;
  /**
   * Whether the flow-log policy also names the group's log streams
   * (`<group ARN>:log-stream:*`). The group's ARN ends in `:*` and covers them
   * already; a product published with the longer list keeps it so its template
   * does not change. A rule pack reports the wildcard: acknowledge it on the network.
   *
   * @default false
   */
  readonly flowLogStreamsNamed?: boolean;
  /**
   * Whose network this is, as the flow-log role and policy describe it:
   * `Delivers the VPC flow logs of <owner> to CloudWatch Logs`.
   */
  readonly owner: string;
  /**
   * What runs in the SageMaker security group, as the endpoint security group's
   * rule names it: `HTTPS from <workloads>`.
   */
  readonly workloads: string;
  /** Description of the SageMaker security group (changing it replaces the group). */
  readonly sageMakerSecurityGroupDescription: string;
  /**
   * Description of the SageMaker security group's HTTPS egress rule.
   *
   * @default - the routes HTTPS can take: the VPC endpoints and S3, and the internet (via NAT) with `internetEgress`
   */
  readonly httpsEgressDescription?: string;
  /**
   * Where the SageMaker security group's HTTPS may go.
   * - `anywhere`: any address (0.0.0.0/0:443); without internet egress the only
   *   routes are the VPC endpoints and S3 anyway;
   * - `endpoints-and-s3`: only the interface endpoints' security group and S3's
   *   prefix list (looked up at deploy time by `housekeeping`), so no route
   *   added later can carry HTTPS anywhere else. Needs `housekeeping`; refused
   *   with `internetEgress` (the internet is then a destination by design).
   *
   * @default 'anywhere'
   */
  readonly httpsEgress?: 'anywhere' | 'endpoints-and-s3';
  /**
   * A deploy-time function (network-housekeeping.ts) that removes every rule of
   * the VPC's default security group, so nothing attached to it by mistake can
   * talk, and looks up S3's prefix list for `httpsEgress`.
   *
   * @default - none: the default security group keeps AWS's default rules
   */
  readonly housekeeping?: NetworkHousekeepingOptions;
  /**
   * Admits all traffic between members of the SageMaker security group (SageMaker
   * distributed training and Studio apps talk to each other on arbitrary ports);
   * the text describes the ingress and the egress rule. A rule pack reports the
   * all-ports ingress rule: acknowledge it on `trafficBetweenWorkloadsIngress`.
   *
   * @default - no such rules: members do not reach each other
   */
  readonly trafficBetweenWorkloads?: string;
}

/** /20 subnets. */
const SUBNET_BITS = '12';

/** Resources of one Availability Zone; the third one's are created under the condition. */
type Conditional = { readonly cfnOptions: { condition?: CfnCondition } };

/** The private subnets, one per zone, and the route tables they use (one, or one per zone). */
interface RoutedSubnets {
  readonly subnets: ec2.CfnSubnet[];
  readonly routeTables: ec2.CfnRouteTable[];
}

export class PrivateNetwork extends Construct {
  public readonly vpc: ec2.CfnVPC;
  /** Private subnet ids, one per Availability Zone (a condition chooses two or three). */
  public readonly privateSubnetIds: string[];
  /** Security group of the SageMaker workloads, and of whatever else must reach the interface endpoints. */
  public readonly sageMakerSecurityGroup: ec2.CfnSecurityGroup;
  /** The all-ports rule between members of the SageMaker security group, with `trafficBetweenWorkloads`. */
  public readonly trafficBetweenWorkloadsIngress?: ec2.CfnSecurityGroupIngress;
  /** Security group of the interface endpoints: HTTPS in from the SageMaker security group, nothing out. */
  public readonly endpointSecurityGroup: ec2.CfnSecurityGroup;
  public readonly s3Endpoint: ec2.CfnVPCEndpoint;
  /** Interface endpoints by `InterfaceEndpoint.id`. */
  public readonly interfaceEndpoints: ReadonlyMap<string, ec2.CfnVPCEndpoint>;
  public readonly flowLogGroup: logs.LogGroup;
  /** The deploy-time housekeeping function, with `housekeeping`. */
  public readonly housekeeping?: NetworkHousekeeping;
  /** The VPC's flow log (into `flowLogGroup`). */
  public readonly flowLog: ec2.CfnFlowLog;

  private readonly thirdAvailabilityZone?: CfnCondition;
  private readonly zones: readonly number[];

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    const routeTables = props.privateRouteTables ?? 'per-availability-zone';
    const internetEgress = props.internetEgress ?? false;
    if (internetEgress && routeTables === 'shared') {
      throw new Error(
        "internetEgress needs privateRouteTables 'per-availability-zone' (each zone routes out through its own NAT gateway), got 'shared'",
      );
    }
    const duplicate = props.interfaceEndpoints.find((e, i) => props.interfaceEndpoints.findIndex((o) => o.id === e.id) !== i);
    if (duplicate) throw new Error(`interface endpoint ids must be unique, got '${duplicate.id}' twice`);

    this.thirdAvailabilityZone = props.thirdAvailabilityZone;
    this.zones = props.thirdAvailabilityZone ? [0, 1, 2] : [0, 1];
    const publicBlocks = internetEgress || (props.reservePublicSubnetBlocks ?? false);

    this.vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true });
    const blocks = Fn.cidr(props.cidr, this.zones.length * (publicBlocks ? 2 : 1), SUBNET_BITS);

    const routed = routeTables === 'shared' ? this.sharedRouting(blocks) : this.routingPerZone(blocks);
    this.privateSubnetIds = this.perZone(routed.subnets.map((subnet) => subnet.ref));
    if (internetEgress) this.addNatGateways(blocks, routed.routeTables);

    const httpsEgress = props.httpsEgress ?? 'anywhere';
    if (httpsEgress === 'endpoints-and-s3' && (internetEgress || !props.housekeeping)) {
      throw new Error(
        "httpsEgress 'endpoints-and-s3' needs housekeeping (to look up S3's prefix list) and no internetEgress, got " +
          `housekeeping ${props.housekeeping ? 'set' : 'unset'}, internetEgress ${internetEgress}`,
      );
    }
    if (props.housekeeping) {
      this.housekeeping = new NetworkHousekeeping(this, 'Housekeeping', { ...props.housekeeping, vpc: this.vpc });
      for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
        Validations.of(this.vpc).acknowledge({
          id: `${pack}::${pack}-VPCDefaultSecurityGroupClosed`,
          reason:
            'Closed at deploy time: the Custom::NetworkHousekeeping resource (src/secure/network-housekeeping.ts) revokes ' +
            "every ingress and egress rule of this VPC's default security group on create and on every update; the rule " +
            'reads only the template, where the default group cannot be changed.',
        });
      }
    }
    this.sageMakerSecurityGroup = new ec2.CfnSecurityGroup(this, 'SageMakerSecurityGroup', {
      vpcId: this.vpc.ref,
      groupDescription: props.sageMakerSecurityGroupDescription,
      securityGroupEgress:
        httpsEgress === 'anywhere'
          ? [
            {
              ipProtocol: 'tcp',
              fromPort: 443,
              toPort: 443,
              // Any address: without internet egress the only routes are the VPC endpoints and the S3 gateway.
              cidrIp: '0.0.0.0/0',
              description:
                  props.httpsEgressDescription ??
                  (internetEgress
                    ? 'HTTPS to VPC endpoints, S3 and the internet (via NAT)'
                    : 'HTTPS to VPC endpoints and S3 (no other route exists)'),
            },
          ]
          : [
            {
              ipProtocol: 'tcp',
              fromPort: 443,
              toPort: 443,
              destinationPrefixListId: this.housekeeping!.s3PrefixListId,
              description: 'HTTPS to S3 (gateway endpoint)',
            },
          ],
    });

    if (props.trafficBetweenWorkloads !== undefined) {
      // Between members only: the group is the source and the destination, never an address range.
      this.trafficBetweenWorkloadsIngress = new ec2.CfnSecurityGroupIngress(this, 'SageMakerFromItself', {
        groupId: this.sageMakerSecurityGroup.attrGroupId,
        sourceSecurityGroupId: this.sageMakerSecurityGroup.attrGroupId,
        ipProtocol: '-1',
        description: props.trafficBetweenWorkloads,
      });
      new ec2.CfnSecurityGroupEgress(this, 'SageMakerToItself', {
        groupId: this.sageMakerSecurityGroup.attrGroupId,
        destinationSecurityGroupId: this.sageMakerSecurityGroup.attrGroupId,
        ipProtocol: '-1',
        description: props.trafficBetweenWorkloads,
      });
    }

    this.endpointSecurityGroup = new ec2.CfnSecurityGroup(this, 'EndpointSecurityGroup', {
      vpcId: this.vpc.ref,
      groupDescription: 'VPC interface endpoints: HTTPS from the SageMaker security group only',
      // From the workloads' group, not the VPC CIDR: what is not in the group cannot use the endpoints.
      securityGroupIngress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          sourceSecurityGroupId: this.sageMakerSecurityGroup.attrGroupId,
          description: `HTTPS from ${props.workloads}`,
        },
      ],
      // Endpoints only answer; an explicit never-matching rule removes the default allow-all egress.
      securityGroupEgress: [{ ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'No outbound traffic' }],
    });

    if (httpsEgress === 'endpoints-and-s3') {
      // A rule of its own: the endpoint group admits this group, so it cannot be named in this group's properties.
      new ec2.CfnSecurityGroupEgress(this, 'SageMakerToEndpoints', {
        groupId: this.sageMakerSecurityGroup.attrGroupId,
        destinationSecurityGroupId: this.endpointSecurityGroup.attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: 'HTTPS to the VPC interface endpoints',
      });
    }

    this.s3Endpoint = new ec2.CfnVPCEndpoint(this, 'S3Endpoint', {
      vpcId: this.vpc.ref,
      serviceName: Fn.sub('com.amazonaws.${AWS::Region}.s3'),
      vpcEndpointType: 'Gateway',
      routeTableIds: routeTables === 'shared' ? [routed.routeTables[0].ref] : this.perZone(routed.routeTables.map((table) => table.ref)),
      policyDocument: props.s3EndpointPolicy,
    });

    const endpoints = new Map<string, ec2.CfnVPCEndpoint>();
    for (const endpoint of props.interfaceEndpoints) {
      endpoints.set(
        endpoint.id,
        new ec2.CfnVPCEndpoint(this, `${endpoint.id}Endpoint`, {
          vpcId: this.vpc.ref,
          serviceName: Fn.sub(endpoint.service),
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [this.endpointSecurityGroup.attrGroupId],
          policyDocument:
            (endpoint.policy ?? true)
              ? endpoint.policyDocument ?? accountOnlyEndpointPolicy(props.endpointPolicyStatementId, endpoint.additionalPolicyStatements)
              : undefined,
        }),
      );
    }
    this.interfaceEndpoints = endpoints;

    [this.flowLogGroup, this.flowLog] = this.addFlowLogs(props);
  }

  /** One route table for every private subnet. */
  private sharedRouting(blocks: string[]): RoutedSubnets {
    const routeTable = new ec2.CfnRouteTable(this, 'PrivateRouteTable', { vpcId: this.vpc.ref });
    const subnets = this.zones.map((az) => {
      const subnet = this.privateSubnet(blocks, az);
      const association = new ec2.CfnSubnetRouteTableAssociation(this, `PrivateSubnet${az + 1}Routes`, {
        subnetId: subnet.ref,
        routeTableId: routeTable.ref,
      });
      this.inZone(association, az);
      return subnet;
    });
    return { subnets, routeTables: [routeTable] };
  }

  /** One route table per private subnet, so each zone can have a default route of its own. */
  private routingPerZone(blocks: string[]): RoutedSubnets {
    const subnets = this.zones.map((az) => this.privateSubnet(blocks, az));
    const routeTables = this.zones.map((az) => {
      const table = new ec2.CfnRouteTable(this, `PrivateRouteTable${az + 1}`, { vpcId: this.vpc.ref });
      const association = new ec2.CfnSubnetRouteTableAssociation(this, `PrivateRouteTableAssociation${az + 1}`, {
        subnetId: subnets[az].ref,
        routeTableId: table.ref,
      });
      this.inZone(table, az);
      this.inZone(association, az);
      return table;
    });
    return { subnets, routeTables };
  }

  private privateSubnet(blocks: string[], az: number): ec2.CfnSubnet {
    const subnet = new ec2.CfnSubnet(this, `PrivateSubnet${az + 1}`, {
      vpcId: this.vpc.ref,
      cidrBlock: Fn.select(az, blocks),
      availabilityZone: Fn.select(az, Fn.getAzs()),
      mapPublicIpOnLaunch: false,
    });
    this.inZone(subnet, az);
    return subnet;
  }

  /** Every packet of the VPC, accepted or rejected, to a KMS-encrypted log group. */
  private addFlowLogs(props: PrivateNetworkProps): [logs.LogGroup, ec2.CfnFlowLog] {
    const { owner } = props;
    const group = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.TWO_YEARS });
    (group.node.defaultChild as logs.CfnLogGroup).kmsKeyId = props.flowLogsKeyArn;
    const role = new iam.Role(this, 'FlowLogsRole', {
      description: `Delivers the VPC flow logs of ${owner} to CloudWatch Logs`,
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        // Only flow logs of this account and region (no confused deputy).
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': Fn.sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*') },
        },
      }),
    });
    // A managed policy, not an inline one: inline policies cannot be reviewed or reused on their own.
    new iam.ManagedPolicy(this, 'FlowLogsPolicy', {
      description: `Write the VPC flow logs of ${owner}`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          // The group's ARN ends in ':*', so it covers the group's log streams too.
          resources: [group.logGroupArn, ...(props.flowLogStreamsNamed ? [`${group.logGroupArn}:log-stream:*`] : [])],
        }),
      ],
    });
    const flowLog = new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: group.logGroupName,
      deliverLogsPermissionArn: role.roleArn,
    });
    return [group, flowLog];
  }

  /** Public subnets holding only NAT gateways (no public IPs on launch), one per zone, and default routes through them. */
  private addNatGateways(blocks: string[], privateRouteTables: ec2.CfnRouteTable[]): void {
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
    for (const az of this.zones) {
      const subnet = new ec2.CfnSubnet(this, `PublicSubnet${az + 1}`, {
        vpcId: this.vpc.ref,
        // The public blocks follow the private ones.
        cidrBlock: Fn.select(az + this.zones.length, blocks),
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
      for (const resource of [subnet, association, address, nat, route]) this.inZone(resource, az);
    }
  }

  /** The third zone's resources exist only under the condition. */
  private inZone(resource: Conditional, az: number): void {
    if (az === 2 && this.thirdAvailabilityZone) resource.cfnOptions.condition = this.thirdAvailabilityZone;
  }

  /** A per-zone list: with a third zone, chosen at deploy time by its condition. */
  private perZone(values: string[]): string[] {
    const third = this.thirdAvailabilityZone;
    if (!third) return values;
    return Token.asList(Fn.conditionIf(third.logicalId, values, values.slice(0, 2)));
  }
}

/**
 * `com.amazonaws.${AWS::Region}.<service>`: the name of most AWS services'
 * interface endpoints (SageMaker Studio and notebook are `aws.sagemaker.${AWS::Region}.<service>`).
 */
export function awsServiceEndpoint(service: string): string {
  return `com.amazonaws.\${AWS::Region}.${service}`;
}

/**
 * Interface endpoint policy: any action, but only by principals of this account,
 * so the endpoints cannot carry data out with someone else's credentials.
 * `statementId` labels the statement (`Sid`).
 */
export function accountOnlyEndpointPolicy(
  statementId?: string,
  additionalStatements: readonly Record<string, unknown>[] = [],
): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        ...(statementId === undefined ? {} : { Sid: statementId }),
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
      },
      ...additionalStatements,
    ],
  };
}
