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

export function s3EndpointPolicy(environmentBucketArns: readonly string[]): Record<string, unknown> {
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
