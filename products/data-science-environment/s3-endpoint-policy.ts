/**
 * The S3 gateway endpoint policy: what S3 is reachable from the environment at
 * all. Its own buckets; SageMaker's buckets in this account (the SDK default
 * bucket, SageMaker project buckets: `sagemaker-*`); the AWS-owned artifacts
 * SageMaker and ECR need (read-only); objects Service Catalog tags for
 * provisioning. Listing every bucket and creating buckets are denied outright.
 */
import { Aws, Fn } from 'aws-cdk-lib';

/** Object and listing actions on the buckets the environment works with; no bucket administration. */
export const ENVIRONMENT_BUCKET_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectTagging',
  's3:PutObject',
  's3:PutObjectTagging',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:ListBucketMultipartUploads',
  's3:GetBucketLocation',
] as const;

/**
 * The bucket CodeArtifact keeps package assets in, per region, as documented in "Minimum Amazon S3 bucket
 * permissions for AWS CodeArtifact" (https://docs.aws.amazon.com/codeartifact/latest/ug/create-s3-gateway-endpoint.html).
 * The same page says Python packages do not need it; the endpoint admits it (read-only) so pip's downloads never
 * depend on that staying true. A region missing here fails the launch at the mapping lookup: add it from that page
 * (a test checks every region of catalog.yaml is here).
 */
export const CODEARTIFACT_ASSET_BUCKETS: Readonly<Record<string, string>> = {
  'us-east-1': 'assets-193858265520-us-east-1',
  'us-east-2': 'assets-250872398865-us-east-2',
  'us-west-2': 'assets-787052242323-us-west-2',
  'eu-west-1': 'assets-438097961670-eu-west-1',
  'eu-west-2': 'assets-247805302724-eu-west-2',
  'eu-west-3': 'assets-762466490029-eu-west-3',
  'eu-north-1': 'assets-611884512288-eu-north-1',
  'eu-south-1': 'assets-484130244270-eu-south-1',
  'eu-central-1': 'assets-769407342218-eu-central-1',
  'ap-northeast-1': 'assets-660291247815-ap-northeast-1',
};

export function s3EndpointPolicy(environmentBucketArns: readonly string[], codeArtifactAssetsBucketArn: string): Record<string, unknown> {
  const s3Arn = (name: string) => Fn.sub(`arn:\${AWS::Partition}:s3:::${name}`);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EnvironmentBuckets',
        Effect: 'Allow',
        Principal: '*',
        Action: [...ENVIRONMENT_BUCKET_ACTIONS],
        Resource: environmentBucketArns.flatMap((arn) => [arn, `${arn}/*`]),
      },
      {
        // Name prefix AND owner: a bucket called sagemaker-* in another account is not ours.
        Sid: 'SageMakerBucketsOfThisAccount',
        Effect: 'Allow',
        Principal: '*',
        Action: [...ENVIRONMENT_BUCKET_ACTIONS],
        Resource: [s3Arn('sagemaker-*'), s3Arn('sagemaker-*/*')],
        Condition: { StringEquals: { 'aws:ResourceAccount': Aws.ACCOUNT_ID } },
      },
      {
        Sid: 'AwsOwnedSageMakerArtifacts',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: [
          // ECR image layers are served from this bucket: without it no container image pulls.
          s3Arn('prod-${AWS::Region}-starport-layer-bucket/*'),
          s3Arn('jumpstart-cache-prod-${AWS::Region}/*'),
          s3Arn('sagemaker-example-files-prod-${AWS::Region}/*'),
        ],
      },
      {
        // 4.0.0: package assets of the environment's CodeArtifact domain (package-mirror.ts), read-only.
        Sid: 'CodeArtifactPackageAssets',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: [`${codeArtifactAssetsBucketArn}/*`],
      },
      {
        Sid: 'ServiceCatalogProvisioningObjects',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: '*',
        Condition: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
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
