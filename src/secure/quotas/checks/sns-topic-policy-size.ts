import { documentLimitCheck } from '../policy-size';

/** SNS topic policies: 30 KB (Amazon SNS developer guide, policy quotas). */
export const SnsTopicPolicySize = documentLimitCheck({
  id: 'SnsTopicPolicySize',
  description: 'An SNS topic policy is at most 30 KB (30,720 bytes).',
  fix: 'Shorten the topic policy: merge statements that share effect and principal.',
  types: ['AWS::SNS::TopicPolicy', 'AWS::SNS::TopicInlinePolicy'],
  property: 'PolicyDocument',
  limit: 30 * 1024,
  unit: 'bytes',
  subject: 'topic policy',
});
