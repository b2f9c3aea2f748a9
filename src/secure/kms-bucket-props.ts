/**
 * The bucket settings every bucket this project creates itself starts from:
 * encrypted with a customer-managed key (one data key per bucket, not a KMS call
 * per object), TLS-only, versioned, no public access, no ACLs, kept on delete.
 * Callers add what is specific (a name, a minimum TLS version, lifecycle rules).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

export function kmsBucketProps(encryptionKey: kms.IKey): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

/**
 * What a bucket policy that keeps a bucket inside a network denies to requests
 * from elsewhere: reading, writing, listing, deleting and changing ACLs of objects
 * (the environment's data and models buckets, the SageMaker project buckets).
 */
export const NETWORK_ONLY_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
] as const;
