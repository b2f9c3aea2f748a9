import { documentLimitCheck } from '../policy-size';

/** SQS queue policies: 8,192 bytes (Amazon SQS developer guide, policy quotas). */
export const SqsQueuePolicySize = documentLimitCheck({
  id: 'SqsQueuePolicySize',
  description: 'An SQS queue policy is at most 8,192 bytes.',
  fix: 'Shorten the queue policy: merge statements that share effect and principal.',
  types: ['AWS::SQS::QueuePolicy', 'AWS::SQS::QueueInlinePolicy'],
  property: 'PolicyDocument',
  limit: 8192,
  unit: 'bytes',
  subject: 'queue policy',
});
