/** S3 secure-defaults rules: each on a compliant and a non-compliant bucket, as they appear in a template. */
import {
  type RuleTemplate,
  S3BucketCmkEncryption,
  S3BucketPublicAccessBlocked,
  S3BucketTlsOnly,
  S3BucketVersioned,
  type TemplateResource,
} from '../../../src/secure/rules';

const bucket = (Properties: Record<string, unknown> = {}): TemplateResource => ({ Type: 'AWS::S3::Bucket', Properties });
const alone = (logicalId = 'Bucket', template: RuleTemplate = { Resources: {} }) => ({ logicalId, template });

describe('S3BucketCmkEncryption', () => {
  const kms = (key?: unknown) =>
    bucket({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', ...(key === undefined ? {} : { KMSMasterKeyID: key }) } },
        ],
      },
    });

  test('a bucket encrypted with a customer-managed key (also a deploy-time key ARN) is compliant', () => {
    expect(S3BucketCmkEncryption.check(kms('arn:aws:kms:eu-west-1:111111111111:key/abc'), alone()).status).toBe('compliant');
    expect(S3BucketCmkEncryption.check(kms({ Ref: 'DataKeyArnParameter' }), alone()).status).toBe('compliant');
  });

  test('fails a bucket without default encryption, with SSE-S3, or with the AWS-managed key', () => {
    expect(S3BucketCmkEncryption.check(bucket(), alone())).toEqual({
      status: 'non-compliant',
      problem: 'the bucket has no default encryption (BucketEncryption is not set).',
      locations: ['Properties/BucketEncryption'],
    });
    const sseS3 = bucket({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    expect(S3BucketCmkEncryption.check(sseS3, alone())).toMatchObject({
      problem: 'default encryption uses "AES256", not a customer-managed KMS key.',
    });
    expect(S3BucketCmkEncryption.check(kms(), alone())).toMatchObject({
      problem: 'default encryption uses the AWS-managed key aws/s3, not a customer-managed KMS key.',
    });
    expect(S3BucketCmkEncryption.check(kms('alias/aws/s3'), alone()).status).toBe('non-compliant');
  });

  test('does not apply to other resources', () => {
    expect(S3BucketCmkEncryption.check({ Type: 'AWS::SQS::Queue' }, alone()).status).toBe('not-applicable');
  });
});

describe('S3BucketPublicAccessBlocked', () => {
  const all = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

  test('a bucket blocking all four kinds of public access is compliant', () => {
    expect(S3BucketPublicAccessBlocked.check(bucket({ PublicAccessBlockConfiguration: all }), alone()).status).toBe('compliant');
  });

  test('fails a bucket that leaves any setting open, naming them', () => {
    const open = bucket({ PublicAccessBlockConfiguration: { ...all, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    expect(S3BucketPublicAccessBlocked.check(open, alone())).toEqual({
      status: 'non-compliant',
      problem: 'public access is not fully blocked: BlockPublicPolicy, RestrictPublicBuckets are not true.',
      locations: ['Properties/PublicAccessBlockConfiguration'],
    });
    expect(S3BucketPublicAccessBlocked.check(bucket(), alone()).status).toBe('non-compliant');
  });
});

describe('S3BucketVersioned', () => {
  test('a versioned bucket is compliant', () => {
    expect(S3BucketVersioned.check(bucket({ VersioningConfiguration: { Status: 'Enabled' } }), alone()).status).toBe('compliant');
  });

  test('fails a bucket with versioning suspended or unset', () => {
    expect(S3BucketVersioned.check(bucket({ VersioningConfiguration: { Status: 'Suspended' } }), alone())).toMatchObject({
      problem: "versioning is \"Suspended\", not 'Enabled'.",
    });
    expect(S3BucketVersioned.check(bucket(), alone())).toMatchObject({ problem: "versioning is not set, not 'Enabled'." });
  });
});

describe('S3BucketTlsOnly', () => {
  const policy = (statement: Record<string, unknown>, target: unknown = { Ref: 'Bucket' }): RuleTemplate => ({
    Resources: {
      Bucket: bucket(),
      Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: target, PolicyDocument: { Statement: [statement] } } },
    },
  });
  const tlsOnly = {
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };

  test('a bucket whose policy denies requests without TLS is compliant', () => {
    expect(S3BucketTlsOnly.check(bucket(), alone('Bucket', policy(tlsOnly))).status).toBe('compliant');
  });

  test('fails a bucket without a policy, or whose policy does not deny plain HTTP', () => {
    expect(S3BucketTlsOnly.check(bucket(), alone())).toEqual({
      status: 'non-compliant',
      problem: 'no bucket policy denies requests without TLS (aws:SecureTransport false).',
      locations: ['Properties'],
    });
    const allowOnly = { ...tlsOnly, Effect: 'Allow' };
    expect(S3BucketTlsOnly.check(bucket(), alone('Bucket', policy(allowOnly))).status).toBe('non-compliant');
    // A TLS-only policy on another bucket does not count.
    expect(S3BucketTlsOnly.check(bucket(), alone('Bucket', policy(tlsOnly, { Ref: 'OtherBucket' }))).status).toBe('non-compliant');
  });
});
