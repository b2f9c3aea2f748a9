/** Every quota check, in one list (the plugin runs them all). One check per file, like cdk-nag rules. */
import { IamInlinePoliciesSize } from './iam-inline-policies-size';
import { IamManagedPoliciesPerRole } from './iam-managed-policies-per-role';
import { IamManagedPolicySize } from './iam-managed-policy-size';
import { IamTrustPolicySize } from './iam-trust-policy-size';
import { KmsKeyPolicySize } from './kms-key-policy-size';
import { ResourceNameLength } from './resource-name-length';
import { S3BucketPolicySize } from './s3-bucket-policy-size';
import { SnsTopicPolicySize } from './sns-topic-policy-size';
import { SqsQueuePolicySize } from './sqs-queue-policy-size';
import { TemplateBodySize } from './template-body-size';
import { TemplateOutputCount } from './template-output-count';
import { TemplateParameterCount } from './template-parameter-count';
import { TemplateResourceCount } from './template-resource-count';
import type { QuotaTemplate } from '../longest-values';
import type { PolicyMeasure, PolicyQuotaCheck } from '../policy-size';
import type { QuotaCheck } from '../quota-check';

export const POLICY_QUOTA_CHECKS: readonly (QuotaCheck & PolicyQuotaCheck)[] = [
  IamManagedPolicySize,
  IamInlinePoliciesSize,
  IamTrustPolicySize,
  S3BucketPolicySize,
  KmsKeyPolicySize,
  SnsTopicPolicySize,
  SqsQueuePolicySize,
];

export const QUOTA_CHECKS: readonly QuotaCheck[] = [
  ...POLICY_QUOTA_CHECKS,
  IamManagedPoliciesPerRole,
  ResourceNameLength,
  TemplateBodySize,
  TemplateResourceCount,
  TemplateParameterCount,
  TemplateOutputCount,
];

/** Every policy document of a template (and every role's inline aggregate), measured at its longest plausible value. */
export function measurePolicies(template: QuotaTemplate): PolicyMeasure[] {
  return POLICY_QUOTA_CHECKS.flatMap((check) => check.measure(template));
}

export {
  IamInlinePoliciesSize,
  IamManagedPoliciesPerRole,
  IamManagedPolicySize,
  IamTrustPolicySize,
  KmsKeyPolicySize,
  ResourceNameLength,
  S3BucketPolicySize,
  SnsTopicPolicySize,
  SqsQueuePolicySize,
  TemplateBodySize,
  TemplateOutputCount,
  TemplateParameterCount,
  TemplateResourceCount,
};
