/**
 * The secure defaults of a product that brings its own keys, network and
 * access-logs bucket (the data science environment, the model deployment
 * baseline): every value from its own resources. Such a product publishes the
 * shared SSM parameters; reading any of them itself would add a launch
 * parameter pointing at what it is about to create. The return type makes a new
 * resource-backed default a compile error here until it is wired.
 */
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { PrivateNetwork } from './private-network';
import type { SecureDefaultValues } from './secure-defaults';

export interface OwnResources {
  /** Encrypts buckets. */
  readonly dataKey: kms.CfnKey;
  /** Encrypts instance volumes. */
  readonly volumeKey: kms.CfnKey;
  /** Encrypts log groups. */
  readonly logsKey: kms.CfnKey;
  /** Its private subnets and SageMaker security group place VPC-attached resources. */
  readonly network: PrivateNetwork;
  /** Receives the S3 server access logs of the other buckets. */
  readonly accessLogsBucket: s3.IBucket;
}

/** Secure default values from `own` resources (the log retention keeps its default). */
export function ownResourceDefaults(own: OwnResources): Omit<SecureDefaultValues, 'logRetentionDays'> {
  return {
    dataKeyArn: () => own.dataKey.attrArn,
    volumeKeyArn: () => own.volumeKey.attrArn,
    logsKeyArn: () => own.logsKey.attrArn,
    subnetIds: () => own.network.privateSubnetIds,
    securityGroupIds: () => [own.network.sageMakerSecurityGroup.attrGroupId],
    accessLogsBucketName: () => own.accessLogsBucket.bucketName,
  };
}
