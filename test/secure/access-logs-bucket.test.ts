/**
 * The access-logs bucket: encrypted with a customer-managed key, private,
 * versioned, TLS only, retained, open to S3 log delivery of this account only,
 * and not logging its own access.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AccessLogsBucket } from '../../src/secure/access-logs-bucket';
import { SecureDefaults } from '../../src/secure/secure-defaults';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function bucket() {
  const stack = new Stack();
  const created = new AccessLogsBucket(stack, 'AccessLogsBucket', { encryptionKey: kms.Key.fromKeyArn(stack, 'LogsKey', KEY_ARN) });
  return { stack, bucket: created, template: Template.fromStack(stack) };
}

describe('AccessLogsBucket', () => {
  test('encrypted with the key given (one data key per bucket), versioned, private, owner-enforced, retained', () => {
    const { template } = bucket();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN }, BucketKeyEnabled: true }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: Match.absent(),
      },
    });
  });

  test('takes log deliveries of this account only, and refuses requests without TLS', () => {
    const { template } = bucket();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'S3ServerAccessLogDelivery',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  test('is marked as an access-logs destination, so the secure defaults do not make it log its own access', () => {
    const { bucket: created } = bucket();
    expect(SecureDefaults.isAccessLogsDestination(created.node.defaultChild!)).toBe(true);
  });
});
