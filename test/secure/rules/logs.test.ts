/** CloudWatch Logs secure-defaults rules: a compliant and a non-compliant log group each. */
import { LogGroupEncrypted, LogGroupRetention } from '../../../src/secure/rules';

const logGroup = (Properties: Record<string, unknown> = {}) => ({ Type: 'AWS::Logs::LogGroup', Properties });
const context = { logicalId: 'Logs', template: { Resources: {} } };

describe('LogGroupEncrypted', () => {
  test('a log group with a KMS key is compliant', () => {
    expect(LogGroupEncrypted.check(logGroup({ KmsKeyId: { Ref: 'LogsKeyArnParameter' } }), context).status).toBe('compliant');
  });

  test('fails a log group without a KMS key', () => {
    expect(LogGroupEncrypted.check(logGroup({ RetentionInDays: 731 }), context)).toEqual({
      status: 'non-compliant',
      problem: 'the log group has no KMS key (KmsKeyId is not set).',
      locations: ['Properties/KmsKeyId'],
    });
  });
});

describe('LogGroupRetention', () => {
  test('a log group with a retention period is compliant', () => {
    expect(LogGroupRetention.check(logGroup({ RetentionInDays: 731 }), context).status).toBe('compliant');
  });

  test('fails a log group that keeps events forever', () => {
    expect(LogGroupRetention.check(logGroup(), context)).toEqual({
      status: 'non-compliant',
      problem: 'the log group keeps events forever (RetentionInDays is not set).',
      locations: ['Properties/RetentionInDays'],
    });
  });

  test('does not apply to other resources', () => {
    expect(LogGroupRetention.check({ Type: 'AWS::Logs::LogStream' }, context).status).toBe('not-applicable');
  });
});
