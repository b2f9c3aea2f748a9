import { documentLimitCheck } from '../policy-size';

/** S3 bucket policies: 20 KB (Amazon S3 user guide, bucket policies). */
export const S3BucketPolicySize = documentLimitCheck({
  id: 'S3BucketPolicySize',
  description: 'An S3 bucket policy is at most 20 KB (20,480 bytes).',
  fix: 'Shorten the bucket policy: merge statements that share effect and principal, or move grants to identity policies.',
  types: ['AWS::S3::BucketPolicy'],
  property: 'PolicyDocument',
  limit: 20 * 1024,
  unit: 'bytes',
  subject: 'bucket policy',
});
