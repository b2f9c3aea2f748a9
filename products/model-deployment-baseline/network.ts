/**
 * The deployment account's network: the shared internet-free VPC
 * (src/secure/private-network.ts) in two Availability Zones, with no internet
 * gateway and no NAT, one route table for both private subnets, and the VPC
 * endpoints a SageMaker endpoint needs. Its S3 endpoint reaches this account's
 * buckets and the model artifacts of the data science accounts.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { awsServiceEndpoint, PrivateNetwork } from '../../src/secure';

/**
 * What an endpoint in a private VPC (and the people operating it) need:
 * SageMaker API and runtime (invocations from inside, the smoke test's checks),
 * STS, CloudWatch Logs and metrics, ECR for model images, KMS for the keys.
 * Each admits principals of this account only.
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
  readonly artifactAccounts: string[];
}

export class DeploymentNetwork extends PrivateNetwork {
  constructor(scope: Construct, id: string, props: DeploymentNetworkProps) {
    super(scope, id, {
      cidr: props.cidr,
      // Nothing routes per zone without NAT: one route table serves both subnets.
      privateRouteTables: 'shared',
      interfaceEndpoints: DEPLOYMENT_INTERFACE_ENDPOINTS.map((endpoint) => ({ id: endpoint.id, service: awsServiceEndpoint(endpoint.service) })),
      s3EndpointPolicy: s3EndpointPolicy(props.artifactAccounts),
      flowLogsKeyArn: props.logsKeyArn,
      // As first published (acknowledged in index.ts); the group's ARN alone would do.
      flowLogStreamsNamed: true,
      owner: 'the deployment account',
      workloads: 'SageMaker endpoints',
      sageMakerSecurityGroupDescription: 'SageMaker endpoints: HTTPS out to the VPC endpoints and S3, nothing in',
      httpsEgressDescription: 'HTTPS to VPC endpoints and S3',
      // The default security group loses its rules at deploy time; HTTPS goes only to the endpoints and S3's prefix list.
      housekeeping: { logsKeyArn: props.logsKeyArn },
      httpsEgress: 'endpoints-and-s3',
    });
  }
}

/**
 * The S3 endpoint reaches only: this account's buckets, the model artifacts in
 * the data science accounts' project buckets (sagemaker-project-*), and ECR's
 * image layers; it never lists or creates buckets.
 */
function s3EndpointPolicy(artifactAccounts: string[]) {
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
      {
        // The catalog's data science accounts (a list parameter: 'none' when there is none, which matches no account).
        Sid: 'ModelArtifactsOfTheDataScienceAccounts',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: Fn.sub('arn:${AWS::Partition}:s3:::sagemaker-project-*/models/*'),
        Condition: { StringEquals: { 's3:ResourceAccount': artifactAccounts } },
      },
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
