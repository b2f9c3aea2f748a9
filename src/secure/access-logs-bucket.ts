/**
 * The bucket that receives the S3 server access logs of every bucket of the
 * account (products read its name from the SSM parameter `accessLogsBucketName`
 * and the secure defaults point their buckets at it): encrypted with a
 * customer-managed key, versioned, private, TLS only, retained, and not logging
 * its own access (that would log the delivery of every log record, forever).
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { kmsBucketProps } from './kms-bucket-props';
import { SecureDefaults } from './secure-defaults';

export interface AccessLogsBucketProps {
  /**
   * The key the logs are encrypted with. Its key policy must let S3 log delivery
   * generate data keys (`logDelivery` of `CustomerManagedKeys.addKey`); import it
   * by ARN (`kms.Key.fromKeyArn`) so its policy is not extended here.
   */
  readonly encryptionKey: kms.IKey;
}

export class AccessLogsBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    // Retained (kmsBucketProps): the logs are evidence, they outlive the product that created the bucket.
    super(scope, id, kmsBucketProps(props.encryptionKey));
    SecureDefaults.markAccessLogsDestination(this);
    // Any bucket of this account may deliver its access logs here; no other account's.
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'S3ServerAccessLogDelivery',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
