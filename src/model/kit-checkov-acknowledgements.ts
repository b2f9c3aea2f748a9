/**
 * The checkov acknowledgements of the kit's constructs (src/secure) that
 * products and the generator share, as data: here, in the model, so a product's
 * contract.ts can list them without loading aws-cdk-lib (validate reads
 * contracts without the build machinery, src/manifest/product-code.ts).
 */
import { acknowledgeCheckov, type CheckovAcknowledgement } from './checkov-acknowledgement';

/**
 * checkov's CKV_AWS_18 (no server access logging) on access-logs buckets, by
 * logical id, with why: for a product's or the generator's checkov acknowledgements.
 */
export function accessLogsBucketCheckovAcknowledgement(logicalIds: readonly string[]): CheckovAcknowledgement {
  return acknowledgeCheckov({
    check: 'CKV_AWS_18',
    logicalIds,
    reason:
      'The access-logs bucket itself (AccessLogsBucket, src/secure/access-logs-bucket.ts), which receives the server ' +
      'access logs of the other buckets: logging its own access would log the delivery of every log record, forever. ' +
      'It is encrypted with a customer-managed key, versioned, private, TLS-only and retained, and admits only S3 log ' +
      'delivery of its own account.',
  });
}

/**
 * checkov's findings on the housekeeping function (`logicalIds`), with why, the
 * same as the cdk-nag acknowledgements above: for a product's checkov acknowledgements.
 */
export function networkHousekeepingCheckovAcknowledgements(logicalIds: readonly string[]): CheckovAcknowledgement[] {
  return [
    acknowledgeCheckov({
      check: 'CKV_AWS_116',
      logicalIds,
      reason:
        'Invoked synchronously by CloudFormation as a custom resource (a dead-letter queue only receives failed ' +
        'asynchronous invocations); a failure fails and rolls back the deployment.',
    }),
    acknowledgeCheckov({
      check: 'CKV_AWS_117',
      logicalIds,
      reason:
        'Runs only at deploy time, handles no data, and must reach the EC2 API and the CloudFormation response URL, ' +
        'which the internet-free VPC has no route or endpoint for; its role may only change the default security group of this VPC.',
    }),
  ];
}
