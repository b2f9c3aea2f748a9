/**
 * The network perimeter of the workload roles (AWS's data perimeter pattern,
 * https://github.com/aws-samples/data-perimeter-policy-examples, "EnforceNetworkPerimeter"):
 * a request signed with a workload role's credentials is denied unless it
 * comes from the environment's VPC (through its VPC endpoints: `aws:SourceVpc`)
 * or an AWS service makes it on the role's behalf (`aws:ViaAWSService`, e.g. S3
 * calling KMS, SageMaker provisioning a project through Service Catalog).
 * Credentials copied out of Studio therefore work nowhere else.
 *
 * SageMaker also assumes these roles and makes some calls with them from its
 * own network, where neither key is set. Those calls are left out of the deny
 * (`NotAction`), as the pattern does for service roles:
 * - creating and describing the network interfaces of VPC jobs, models and
 *   endpoints (https://docs.aws.amazon.com/sagemaker/latest/dg/train-vpc.html,
 *   host-vpc.html: SageMaker creates them with the execution role);
 * - pulling the container image and logging in to ECR;
 * - writing the job's or endpoint's logs and metrics.
 * None of them reads the environment's data: the data buckets stay
 * VPC-endpoint-only (bucket policy), the keys are usable only through AWS
 * services (key policy), and a job's own S3 traffic runs through the VPC.
 *
 * Studio's web interface may likewise start apps and spaces for the user
 * (`STUDIO_INTERFACE_CALLS`).
 *
 * SageMaker Pipelines runs the pipeline role from its own network as well: it
 * starts each step (SageMaker calls, passing roles) and reads property files
 * (S3 reads). The pipeline role's perimeter leaves those out too; what the
 * steps may start stays bounded by the guardrails.
 */
import * as iam from 'aws-cdk-lib/aws-iam';

/** What SageMaker calls with an execution role from its own network, for every workload role. */
export const SERVICE_MADE_CALLS = [
  'ec2:CreateNetworkInterface*',
  'ec2:DeleteNetworkInterface*',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcs',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ecr:GetAuthorizationToken',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:DescribeLogStreams',
  'cloudwatch:PutMetricData',
] as const;

/**
 * What Studio's web interface may call with the execution role for the user:
 * starting and stopping apps and spaces, reading the domain and profiles. Left
 * out so Studio works whichever network those calls come from (not verified on
 * a live domain); none of them reads data, and the allow list decides who may.
 */
export const STUDIO_INTERFACE_CALLS = [
  'sagemaker:CreateApp',
  'sagemaker:DeleteApp',
  'sagemaker:DescribeApp',
  'sagemaker:ListApps',
  'sagemaker:CreateSpace',
  'sagemaker:UpdateSpace',
  'sagemaker:DeleteSpace',
  'sagemaker:DescribeSpace',
  'sagemaker:ListSpaces',
  'sagemaker:DescribeDomain',
  'sagemaker:DescribeUserProfile',
  'sagemaker:ListUserProfiles',
] as const;

/** What SageMaker Pipelines also calls with the pipeline role from its own network. */
export const PIPELINE_ORCHESTRATION_CALLS = ['sagemaker:*', 'iam:PassRole', 's3:GetObject', 's3:ListBucket'] as const;

/** Denies every other call made with the role's credentials outside the VPC, unless an AWS service makes it. */
export function networkPerimeterStatement(vpcId: string, serviceMadeCalls: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyOutsideTheEnvironmentNetwork',
    effect: iam.Effect.DENY,
    notActions: [...serviceMadeCalls],
    resources: ['*'],
    conditions: {
      // Negated operators match a missing key: a request that came through no VPC endpoint is outside.
      StringNotEquals: { 'aws:SourceVpc': vpcId },
      BoolIfExists: { 'aws:ViaAWSService': 'false' },
    },
  });
}
