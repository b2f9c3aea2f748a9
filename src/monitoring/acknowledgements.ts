/**
 * Every rule-pack finding the monitoring accepts, each with its reason
 * (`sc-factory security-report` lists them). Anything not listed fails synth.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { AuditTrail } from './audit-trail';
import { PRODUCT_TAG } from './endpoint-policy-restore';
import type { EndpointPolicyRestore } from './endpoint-policy-restore';
import type { ConfigRecorder } from './recorder';
import type { Remediations } from './remediation';
import { acknowledgeNistAndHipaa, acknowledgeWildcard, findingArn, findingRef } from '../secure';

/** The parts of a monitoring product whose findings are accepted here (monitoring-product.ts). */
export interface AcknowledgedParts {
  readonly auditTrail: AuditTrail;
  readonly recorder: ConfigRecorder;
  readonly remediations: Remediations;
  readonly endpointPolicyRestore: EndpointPolicyRestore;
}

export function acknowledgeFindings(product: AcknowledgedParts): void {
  const { auditTrail, recorder, remediations, endpointPolicyRestore } = product;
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
  acknowledgeWildcard(
    endpointPolicyRestore,
    findingArn('ec2', 'vpc-endpoint/*'),
    `ec2:ModifyVpcEndpoint only, on endpoints tagged ${PRODUCT_TAG}=<the watched product>: the environment publishes ` +
      'only its S3 endpoint id, and IAM offers no VPC condition key on this call; the runbook restores only endpoints ' +
      "of the environment's VPC, and only to their template value. Route tables, subnets and security groups are not granted.",
  );
  acknowledgeWildcard(
    endpointPolicyRestore,
    findingArn('cloudformation', 'stack/*'),
    'Read-only calls (DescribeStackResources, ListStackResources, DescribeStacks, DetectStackResourceDrift) on the stack ' +
      'that owns the endpoint, found at run time by the endpoint id (Service Catalog names launched stacks SC-<account>-pp-<id>).',
  );
  const document = endpointPolicyRestore.document;
  acknowledgeWildcard(
    endpointPolicyRestore,
    findingArn('ssm', `automation-definition/<${Stack.of(document).getLogicalId(document as CfnElement)}>:*`),
    "Any version of this product's one restore runbook; EventBridge starts its $DEFAULT version.",
  );
  acknowledgeWildcard(
    endpointPolicyRestore,
    '*',
    'ec2:DescribeVpcEndpoints only, which supports no resource-level permissions (also what drift detection reads the endpoint with).',
  );
}
