/**
 * S3 server access logs for the buckets the generator deploys (product assets,
 * organisation templates, the pipeline's artifact buckets): each stack gets ONE
 * access-logs bucket (the project's AccessLogsBucket: customer-managed key,
 * versioned, TLS only, retained), created with the first bucket that logs to it.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { REPRODUCIBLE_CONTENT } from './reasons';
import { AccessLogsBucket } from '../secure/access-logs-bucket';
import { acknowledgeNistAndHipaa } from '../secure/acknowledge';
import { CustomerManagedKeys } from '../secure/customer-managed-keys';

/** Construct id of the access-logs construct, at the root of a stack. */
export const ACCESS_LOGS_ID = 'AccessLogs';

class StackAccessLogs extends Construct {
  public readonly bucket: AccessLogsBucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = new CustomerManagedKeys(this, 'Keys').addKey('Key', {
      description: `Encrypts the S3 server access logs of the buckets of stack ${Stack.of(this).stackName}`,
      viaServices: ['s3'],
      logDelivery: true,
    });
    this.bucket = new AccessLogsBucket(this, 'Bucket', { encryptionKey: kms.Key.fromKeyArn(this, 'KeyRef', key.attrArn) });
    acknowledgeNistAndHipaa(this.bucket, 'S3BucketReplicationEnabled', REPRODUCIBLE_CONTENT);
  }
}

/** Versioning on, and the server access logs of `bucket` (an L2 bucket) into its stack's access-logs bucket under `prefix`. */
export function logAccess(bucket: IConstruct, prefix: string): void {
  const stack = Stack.of(bucket);
  const logs = (stack.node.tryFindChild(ACCESS_LOGS_ID) as StackAccessLogs | undefined) ?? new StackAccessLogs(stack, ACCESS_LOGS_ID);
  const resource = bucket.node.defaultChild as s3.CfnBucket;
  // Set on the resource: the L2 'serverAccessLogsBucket' would switch the log bucket to ACLs.
  resource.loggingConfiguration = { destinationBucketName: logs.bucket.bucketName, logFilePrefix: prefix };
  resource.versioningConfiguration ??= { status: 'Enabled' };
}
