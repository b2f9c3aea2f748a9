/**
 * The deployment account's network: a VPC of two private subnets with no route
 * to the internet (no internet gateway, no NAT), reaching AWS only through the
 * VPC endpoints a SageMaker endpoint needs. Endpoint ENIs sit in the SageMaker
 * security group; the interface endpoints admit HTTPS from it only. Every packet
 * is recorded in encrypted VPC flow logs.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * What an endpoint in a private VPC (and the people operating it) need:
 * SageMaker API and runtime (invocations from inside, the smoke test's checks),
 * STS, CloudWatch Logs and metrics, ECR for model images, KMS for the keys.
 */
export const DEPLOYMENT_INTERFACE_ENDPOINTS: readonly { readonly id: string; readonly service: string }[] = [
  { id: 'SageMakerApi', service: 'sagemaker.api' },
  { id: 'SageMakerRuntime', service: 'sagemaker.runtime' },
  { id: 'Sts', service: 'sts' },
  { id: 'Logs', service: 'logs' },
  { id: 'Monitoring', service: 'monitoring' },
  { id: 'EcrApi', service: 'ecr.api' },
  { id: 'EcrDocker', service: 'ecr.dkr' },
  { id: 'Kms', service: 'kms' },
];

export interface DeploymentNetworkProps {
  /** VPC CIDR block: two /20 private subnets are carved out of it. */
  readonly cidr: string;
  readonly logsKeyArn: string;
  /** Accounts whose buckets (sagemaker-*) hold model artifacts: the data science accounts. */
  readonly artifactAccounts: readonly string[];
}

export class DeploymentNetwork extends Construct {
  public readonly vpc: ec2.CfnVPC;
  public readonly privateSubnetIds: string[];
  public readonly sageMakerSecurityGroup: ec2.CfnSecurityGroup;
  public readonly endpointSecurityGroup: ec2.CfnSecurityGroup;
  public readonly s3Endpoint: ec2.CfnVPCEndpoint;
  public readonly interfaceEndpoints: ReadonlyMap<string, ec2.CfnVPCEndpoint>;
  public readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DeploymentNetworkProps) {
    super(scope, id);
    this.vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true });
    const blocks = Fn.cidr(props.cidr, 2, '12');

    const routeTable = new ec2.CfnRouteTable(this, 'PrivateRouteTable', { vpcId: this.vpc.ref });
    this.privateSubnetIds = [0, 1].map((az) => {
      const subnet = new ec2.CfnSubnet(this, `PrivateSubnet${az + 1}`, {
        vpcId: this.vpc.ref,
        cidrBlock: Fn.select(az, blocks),
        availabilityZone: Fn.select(az, Fn.getAzs()),
        mapPublicIpOnLaunch: false,
      });
      new ec2.CfnSubnetRouteTableAssociation(this, `PrivateSubnet${az + 1}Routes`, { subnetId: subnet.ref, routeTableId: routeTable.ref });
      return subnet.ref;
    });

    this.sageMakerSecurityGroup = new ec2.CfnSecurityGroup(this, 'SageMakerSecurityGroup', {
      vpcId: this.vpc.ref,
      groupDescription: 'SageMaker endpoints: HTTPS out to the VPC endpoints and S3, nothing in',
      // No route leaves the VPC: HTTPS can only reach the VPC endpoints and the S3 gateway endpoint.
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0', description: 'HTTPS to VPC endpoints and S3' }],
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
          description: 'HTTPS from SageMaker endpoints',
        },
      ],
      // Endpoints only answer; a never-matching rule removes the default allow-all egress.
      securityGroupEgress: [{ ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'No outbound traffic' }],
    });

    this.s3Endpoint = new ec2.CfnVPCEndpoint(this, 'S3Endpoint', {
      vpcId: this.vpc.ref,
      serviceName: Fn.sub('com.amazonaws.${AWS::Region}.s3'),
      vpcEndpointType: 'Gateway',
      routeTableIds: [routeTable.ref],
      policyDocument: s3EndpointPolicy(props.artifactAccounts),
    });

    const endpoints = new Map<string, ec2.CfnVPCEndpoint>();
    for (const endpoint of DEPLOYMENT_INTERFACE_ENDPOINTS) {
      endpoints.set(
        endpoint.id,
        new ec2.CfnVPCEndpoint(this, `${endpoint.id}Endpoint`, {
          vpcId: this.vpc.ref,
          serviceName: Fn.sub(`com.amazonaws.\${AWS::Region}.${endpoint.service}`),
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [this.endpointSecurityGroup.attrGroupId],
          policyDocument: accountOnlyEndpointPolicy(),
        }),
      );
    }
    this.interfaceEndpoints = endpoints;
    this.flowLogGroup = this.addFlowLogs(props.logsKeyArn);
  }

  private addFlowLogs(logsKeyArn: string): logs.LogGroup {
    const group = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.TWO_YEARS });
    (group.node.defaultChild as logs.CfnLogGroup).kmsKeyId = logsKeyArn;
    const role = new iam.Role(this, 'FlowLogsRole', {
      description: 'Delivers the VPC flow logs of the deployment account to CloudWatch Logs',
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': Fn.sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*') },
        },
      }),
    });
    new iam.ManagedPolicy(this, 'FlowLogsPolicy', {
      description: 'Write the VPC flow logs of the deployment account',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [group.logGroupArn, `${group.logGroupArn}:log-stream:*`],
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
}

/** Interface endpoints carry requests of this account's principals only. */
function accountOnlyEndpointPolicy() {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
      },
    ],
  };
}

/**
 * The S3 endpoint reaches only: this account's buckets, the model artifacts in
 * the data science accounts' project buckets (sagemaker-project-*), and ECR's
 * image layers; it never lists or creates buckets.
 */
function s3EndpointPolicy(artifactAccounts: readonly string[]) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ThisAccountsBuckets',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:AbortMultipartUpload'],
        Resource: '*',
        Condition: { StringEquals: { 's3:ResourceAccount': Aws.ACCOUNT_ID } },
      },
      ...(artifactAccounts.length === 0
        ? []
        : [
          {
            Sid: 'ModelArtifactsOfTheDataScienceAccounts',
            Effect: 'Allow',
            Principal: '*',
            Action: ['s3:GetObject'],
            Resource: Fn.sub('arn:${AWS::Partition}:s3:::sagemaker-project-*/models/*'),
            Condition: { StringEquals: { 's3:ResourceAccount': [...artifactAccounts] } },
          },
        ]),
      {
        // Image layers of ECR repositories of this region (docs: "Amazon ECR interface VPC endpoints").
        Sid: 'EcrImageLayers',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: Fn.sub('arn:${AWS::Partition}:s3:::prod-${AWS::Region}-starport-layer-bucket/*'),
      },
      {
        Sid: 'NoBucketListingOrCreation',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:ListAllMyBuckets', 's3:CreateBucket'],
        Resource: '*',
      },
    ],
  };
}
