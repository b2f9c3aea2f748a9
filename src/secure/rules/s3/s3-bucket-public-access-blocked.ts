import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

/** S3 buckets block every form of public access. */
export const S3BucketPublicAccessBlocked: SecureRule = {
  id: 'S3BucketPublicAccessBlocked',
  description: 'S3 buckets must block all public access (all four Block Public Access settings true).',
  fix: "Leave 'blockPublicAccess' unset (the secure defaults block all) or pass BlockPublicAccess.BLOCK_ALL.",
  check(resource) {
    if (resource.Type !== 'AWS::S3::Bucket') return NOT_APPLICABLE;
    const open = SETTINGS.filter(
      (setting) => valueAt(resource.Properties, 'PublicAccessBlockConfiguration', setting) !== true,
    );
    if (open.length === 0) return COMPLIANT;
    return nonCompliant(
      `public access is not fully blocked: ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} not true.`,
      'Properties/PublicAccessBlockConfiguration',
    );
  },
};
