import { COMPLIANT, describeValue, isIntrinsic, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** S3 buckets are encrypted by default with a customer-managed KMS key (not SSE-S3, not the AWS-managed aws/s3 key). */
export const S3BucketCmkEncryption: SecureRule = {
  id: 'S3BucketCmkEncryption',
  description: 'S3 buckets must be encrypted by default with a customer-managed KMS key.',
  fix:
    "Leave 'encryption' unset (the secure defaults use the environment's data key) or pass " +
    "'encryption: BucketEncryption.KMS' with 'encryptionKey'.",
  check(resource) {
    if (resource.Type !== 'AWS::S3::Bucket') return NOT_APPLICABLE;
    const location = 'Properties/BucketEncryption';
    const rules = valueAt(resource.Properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration');
    if (!Array.isArray(rules) || rules.length === 0) {
      return nonCompliant(`the bucket has no default encryption (BucketEncryption is ${describeValue(rules)}).`, location);
    }
    for (const rule of rules) {
      const algorithm = valueAt(rule, 'ServerSideEncryptionByDefault', 'SSEAlgorithm');
      const key = valueAt(rule, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID');
      if (algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') {
        return nonCompliant(`default encryption uses ${describeValue(algorithm)}, not a customer-managed KMS key.`, location);
      }
      if (key === undefined || (!isIntrinsic(key) && /alias\/aws\/s3$/.test(String(key)))) {
        return nonCompliant('default encryption uses the AWS-managed key aws/s3, not a customer-managed KMS key.', location);
      }
    }
    return COMPLIANT;
  },
};
