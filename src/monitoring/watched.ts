/**
 * What a monitoring launch watches: the resources of one environment, as the
 * product it sits next to publishes them in SSM (src/model/ssm-contract.ts).
 * Every rule, trail selector, event pattern and remediation role of this
 * product is scoped to these values, so a launch watches its own environment
 * and no other.
 */
import { Fn } from 'aws-cdk-lib';

export interface WatchedEnvironment {
  /** The environment's name (SSM `environment/name`). */
  readonly environmentName: string;
  /** Private subnets (for the notebook-in-VPC rule). */
  readonly subnetIds: string[];
  /** The security group of the SageMaker workloads (the environment publishes exactly one). */
  readonly securityGroupId: string;
  /** The S3 gateway endpoint whose policy keeps the buckets private. */
  readonly s3EndpointId: string;
  /** The environment's VPC (SSM `network/vpc-id`): the endpoint-policy restore acts on its endpoints only. */
  readonly vpcId: string;
  /**
   * The catalog id of the product that created the environment: SecureProductStack tags every
   * resource of a product `sc-factory:product=<id>`, its VPC endpoints included, and the
   * endpoint-policy restore role may modify only endpoints carrying it (IAM offers no VPC
   * condition on that call, see endpoint-policy-restore.ts).
   */
  readonly productId: string;
  /** Data, volume and logs keys (ARNs). */
  readonly keyArns: { readonly data: string; readonly volume: string; readonly logs: string };
  /** Buckets whose objects hold the environment's data and models (names), by a stable id. */
  readonly buckets: Readonly<Record<string, string>>;
  /** Roles carrying the preventive denies (ARNs), by a stable id. */
  readonly guardedRoleArns: Readonly<Record<string, string>>;
  /** The Studio domain, where the environment has one. */
  readonly studioDomainId?: string;
}

/** `name` of `arn:aws:iam::123456789012:role/name` (the environment's roles have no path). */
export function roleNameOf(roleArn: string): string {
  return Fn.select(1, Fn.split(':role/', roleArn));
}

/** `1234abcd-...` of `arn:aws:kms:region:account:key/1234abcd-...`. */
export function keyIdOf(keyArn: string): string {
  return Fn.select(1, Fn.split(':key/', keyArn));
}

/** `arn:<partition>:s3:::<bucket>` */
export function bucketArnOf(bucketName: string): string {
  return Fn.join('', ['arn:', Fn.ref('AWS::Partition'), ':s3:::', bucketName]);
}
