/**
 * The deployment account's customer-managed keys (src/secure/customer-managed-keys.ts:
 * rotated, retained, usable only through the AWS services that store the data).
 * CloudWatch Logs and S3 access-log delivery may use the logs key for this
 * account's log groups and access logs.
 */
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { CustomerManagedKeys } from '../../src/secure';

export class DeploymentKeys extends CustomerManagedKeys {
  /** S3: the models (data capture) and access-logs buckets. */
  public readonly data: kms.CfnKey;
  /** EBS volumes of the endpoints. */
  public readonly volume: kms.CfnKey;
  /** CloudWatch log groups (flow logs) and S3 server access logs. */
  public readonly logs: kms.CfnKey;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const description = (purpose: string) => `${purpose} (model deployment baseline)`;
    this.data = this.addKey('Data', { description: description('Model data capture'), viaServices: ['s3', 'sagemaker'] });
    this.volume = this.addKey('Volume', {
      description: description('EBS volumes of SageMaker endpoints'),
      viaServices: ['sagemaker', 'ec2'],
      grantsForAwsResources: true,
    });
    this.logs = this.addKey('Logs', { description: description('VPC flow logs and S3 server access logs'), viaServices: ['s3'], logDelivery: true });
  }
}
