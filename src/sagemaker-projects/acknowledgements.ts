/**
 * How the kit names the rule-pack findings it accepts. cdk-nag v3 acknowledges
 * wildcard findings one by one (`AwsSolutions-IAM5[Resource::...]`, with
 * `<LogicalId.Attribute>` for attributes), so each accepted wildcard is named
 * exactly, next to the statement that needs it, with its reason.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** How cdk-nag prints an attribute of a resource in a finding id: `<LogicalId.Attribute>`. */
export function findingRef(construct: IConstruct, attribute: string): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return `<${Stack.of(construct).getLogicalId(element)}.${attribute}>`;
}

/** An ARN of this account and region as cdk-nag prints it. */
export function findingArn(service: string, resource: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
}

/** Accepts one wildcard resource (AwsSolutions-IAM5) on `scope` and below. */
export function acknowledgeWildcard(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`, reason });
}

/** Accepts a rule of both NIST 800-53 R5 and HIPAA Security on `scope` and below. */
export function acknowledgeNistAndHipaa(scope: IConstruct, rule: string, reason: string): void {
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) Validations.of(scope).acknowledge({ id: `${pack}::${pack}-${rule}`, reason });
}
