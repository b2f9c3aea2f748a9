/**
 * Every rule-pack finding the monitoring accepts, each with its reason
 * (`sc-factory security-report` lists them). Anything not listed fails synth.
 */
import { Validations } from 'aws-cdk-lib';
import type { MonitoringProduct } from './monitoring-product';
import { acknowledgeNistAndHipaa, acknowledgeWildcard, findingArn, findingRef } from '../../src/secure';

export function acknowledgeFindings(product: MonitoringProduct): void {
  const { auditTrail, recorder, remediations } = product;
  acknowledgeNistAndHipaa(
    auditTrail.bucket,
    'S3BucketReplicationEnabled',
    'Single-region by design: the audit records (CloudTrail, Config) describe this region and stay in it; durability ' +
      'from S3 multi-AZ storage, versioning and retention on delete; an organisation trail may copy them centrally.',
  );
  Validations.of(recorder.role).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
    reason:
      "AWS's own policy for the Config recorder: read-only Describe/Get/List calls on the services Config records, " +
      'kept current by AWS as recordable types are added; a hand-written copy would silently stop recording them.',
  });
  acknowledgeWildcard(
    recorder,
    `${findingRef(auditTrail.bucket, 'Arn')}/config/AWSLogs/<AWS::AccountId>/Config/*`,
    'Snapshot and history files Config names by date under its own prefix of the audit bucket.',
  );
  acknowledgeWildcard(
    remediations,
    findingArn('sagemaker', 'notebook-instance/*'),
    'Stop only (sagemaker:StopNotebookInstance): notebooks are created at run time under names nobody knows in ' +
      'advance; a stop keeps the volume, so the worst an unwarranted run does is stop a notebook.',
  );
  acknowledgeWildcard(
    remediations,
    '*',
    'ec2:DescribeSecurityGroups only, which supports no resource-level permissions; the revoke is limited to the ' +
      "environment's security group.",
  );
}
