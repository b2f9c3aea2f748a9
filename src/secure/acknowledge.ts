/**
 * How the code names the rule-pack findings it accepts, for products and for
 * the stacks the generator deploys alike. cdk-nag v3 acknowledges wildcard
 * findings one by one (`AwsSolutions-IAM5[Resource::...]`, with
 * `<LogicalId.Attribute>` for attributes), so each accepted wildcard is named
 * exactly, next to the construct that needs it, with its reason.
 * (acknowledgements.ts reads them back for reports.)
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag prints a reference to a resource in a finding id: `<LogicalId>` or
 * `<LogicalId.Attribute>`; the logical id as written, overrides included.
 */
export function findingRef(construct: IConstruct, attribute?: string): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  const logicalId = Stack.of(construct).resolve(element.logicalId);
  return attribute ? `<${logicalId}.${attribute}>` : `<${logicalId}>`;
}

/** An ARN of this account and region as cdk-nag prints it. */
export function findingArn(service: string, resource: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
}

/** Accepts wildcard actions (`s3:GetObject*`) or resources (`<Bucket.Arn>/*`) of AwsSolutions-IAM5 on `scope` and below. */
export function acknowledgeWildcards(scope: IConstruct, kind: 'Action' | 'Resource', wildcards: readonly string[], reason: string): void {
  for (const wildcard of wildcards) Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${kind}::${wildcard}]`, reason });
}

/** Accepts one wildcard resource (AwsSolutions-IAM5) on `scope` and below. */
export function acknowledgeWildcard(scope: IConstruct, resource: string, reason: string): void {
  acknowledgeWildcards(scope, 'Resource', [resource], reason);
}

/** Accepts a rule of both NIST 800-53 R5 and HIPAA Security on `scope` and below. */
export function acknowledgeNistAndHipaa(scope: IConstruct, rule: string, reason: string): void {
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) Validations.of(scope).acknowledge({ id: `${pack}::${pack}-${rule}`, reason });
}

/** The object-level actions aws-cdk-lib's bucket and key grants (grantRead, grantReadWrite) write as wildcards. */
export const GRANT_WILDCARD_ACTIONS = {
  read: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
  write: ['s3:DeleteObject*', 's3:Abort*'],
  key: ['kms:ReEncrypt*', 'kms:GenerateDataKey*'],
} as const;
