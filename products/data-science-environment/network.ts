/**
 * The environment's network: the shared internet-free VPC (src/secure/private-network.ts)
 * with what the environment adds. Private subnets in two or three Availability
 * Zones (chosen at launch); interface endpoints for everything Studio, the jobs
 * and the catalog's products call; an S3 endpoint reaching the environment's own
 * buckets; traffic between SageMaker workloads; NAT egress only when the catalog
 * maintainer enables it.
 */
import type { CfnCondition } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { s3EndpointPolicy } from './s3-endpoint-policy';
import { type InterfaceEndpoint, PrivateNetwork } from '../../src/secure';

/**
 * Interface endpoints, by service name. `policy`, spelled out for each: whether
 * the service accepts an endpoint policy (the Studio and notebook endpoints do
 * not), which then admits only principals of this account.
 */
export const INTERFACE_ENDPOINTS: readonly (InterfaceEndpoint & { readonly policy: boolean })[] = [
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
  // The deploy projects' deploy builds create their endpoint stacks in staging and prod from this VPC (3.0.0).
  { id: 'CloudFormation', service: 'com.amazonaws.${AWS::Region}.cloudformation', policy: true },
  // The package mirror (4.0.0): tokens and repository endpoints, and the packages themselves. Their policy admits
  // reading this environment's repository only (package-mirror.ts).
  { id: 'CodeArtifactApi', service: 'com.amazonaws.${AWS::Region}.codeartifact.api', policy: true },
  { id: 'CodeArtifactRepositories', service: 'com.amazonaws.${AWS::Region}.codeartifact.repositories', policy: true },
];

/** The endpoints of the package mirror, whose policy is the mirror's own. */
const PACKAGE_MIRROR_ENDPOINTS = ['CodeArtifactApi', 'CodeArtifactRepositories'];

/** The endpoints a deploy project's smoke test reaches a staging endpoint through. */
const SMOKE_TEST_ENDPOINTS = ['SageMakerApi', 'SageMakerRuntime'];
/** The endpoint a deploy project's deploy build reaches CloudFormation of the target accounts through. */
const DEPLOY_ENDPOINTS = ['CloudFormation'];

export interface EnvironmentNetworkProps {
  /** VPC CIDR block (a /16 or /17): six /20 subnets are carved out of it. */
  readonly cidr: string;
  /** Whether the third Availability Zone is used. */
  readonly threeAzs: CfnCondition;
  /** NAT gateways in public subnets for outbound internet. */
  readonly internetEgress: boolean;
  /** Key for the flow-log group. */
  readonly logsKeyArn: string;
  /** The CodeArtifact asset bucket of the region (ARN), which the S3 endpoint admits for reading. */
  readonly codeArtifactAssetsBucketArn: string;
  /** Buckets the S3 endpoint admits besides SageMaker's own (ARNs). */
  readonly environmentBucketArns: () => string[];
  /**
   * What the staging accounts' smoke-test role may call through the SageMaker API
   * and runtime endpoints (deploy projects test staging endpoints from this VPC).
   *
   * @default - nothing: the endpoints admit this account's principals only
   */
  readonly stagingSmokeTestStatement?: Record<string, unknown>;
  /**
   * What the staging and production deployment roles may call through the CloudFormation
   * endpoint (deploy projects deploy their endpoint stacks from this VPC).
   *
   * @default - nothing: the endpoint admits this account's principals only
   */
  readonly targetDeploymentStatement?: Record<string, unknown>;
  /** The policy of the CodeArtifact endpoints: reading the environment's package repository. */
  readonly packageMirrorEndpointPolicy: Record<string, unknown>;
}

export class EnvironmentNetwork extends PrivateNetwork {
  constructor(scope: Construct, id: string, props: EnvironmentNetworkProps) {
    super(scope, id, {
      cidr: props.cidr,
      thirdAvailabilityZone: props.threeAzs,
      internetEgress: props.internetEgress,
      // The VpcCidr parameter promises room for six /20s (three private, three for NAT) whatever the catalog's egress setting.
      reservePublicSubnetBlocks: true,
      interfaceEndpoints: INTERFACE_ENDPOINTS.map((endpoint) => {
        const additional = [
          ...(props.stagingSmokeTestStatement && SMOKE_TEST_ENDPOINTS.includes(endpoint.id) ? [props.stagingSmokeTestStatement] : []),
          ...(props.targetDeploymentStatement && DEPLOY_ENDPOINTS.includes(endpoint.id) ? [props.targetDeploymentStatement] : []),
        ];
        if (PACKAGE_MIRROR_ENDPOINTS.includes(endpoint.id)) return { ...endpoint, policyDocument: props.packageMirrorEndpointPolicy };
        return additional.length > 0 ? { ...endpoint, additionalPolicyStatements: additional } : endpoint;
      }),
      endpointPolicyStatementId: 'OnlyThisAccount',
      s3EndpointPolicy: s3EndpointPolicy(props.environmentBucketArns(), props.codeArtifactAssetsBucketArn),
      flowLogsKeyArn: props.logsKeyArn,
      // The default security group loses its rules at deploy time; without NAT, HTTPS goes only to the endpoints and S3.
      housekeeping: { logsKeyArn: props.logsKeyArn },
      httpsEgress: props.internetEgress ? 'anywhere' : 'endpoints-and-s3',
      owner: 'this environment',
      workloads: 'SageMaker workloads',
      sageMakerSecurityGroupDescription: 'SageMaker workloads: Studio, jobs, endpoints, and the compute of the environment products',
      // Distributed training and Studio apps talk to each other; nothing else gets in.
      trafficBetweenWorkloads: 'Between SageMaker workloads of this environment (distributed training, Studio)',
    });
  }
}
