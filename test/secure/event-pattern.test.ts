/**
 * The test matcher against the examples of EventBridge's documentation
 * (eb-event-patterns.html, eb-create-pattern-operators.html): what matches
 * there matches here, what does not, does not.
 */
import { matchesPattern, transformInput, valueAt } from './event-pattern';

const ec2Event = {
  'version': '0',
  'id': '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  'source': 'aws.ec2',
  'account': '111122223333',
  'time': '2017-12-22T18:43:48Z',
  'region': 'us-west-1',
  'resources': ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  'detail': { 'instance-id': 'i-1234567890abcdef0', 'state': 'terminated', 'c-count': 5, 'd-count': null, 'location': 'eu-west-1a' },
};

describe('event pattern matcher (documented semantics)', () => {
  test('exact values: any alternative of a field, every field', () => {
    expect(matchesPattern({ source: ['aws.ec2'], detail: { state: ['running', 'terminated'] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ source: ['aws.ec2'], detail: { state: ['running'] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ source: ['aws.s3'], detail: { state: ['terminated'] } }, ec2Event)).toBe(false);
  });

  test('values are case-sensitive; a missing field does not match', () => {
    expect(matchesPattern({ source: ['AWS.EC2'] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { missing: ['x'] } }, ec2Event)).toBe(false);
  });

  test('an event array matches when any element matches', () => {
    expect(matchesPattern({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'other'] }, ec2Event)).toBe(true);
    expect(matchesPattern({ resources: ['other'] }, ec2Event)).toBe(false);
    const withObjects = { detail: { resources: [{ ARN: 'a' }, { ARN: 'b', type: 'AWS::KMS::Key' }] } };
    expect(matchesPattern({ detail: { resources: { ARN: ['b'] } } }, withObjects)).toBe(true);
    expect(matchesPattern({ detail: { resources: { ARN: ['c'] } } }, withObjects)).toBe(false);
  });

  test('prefix, suffix, equals-ignore-case, wildcard', () => {
    expect(matchesPattern({ time: [{ prefix: '2017-12-22' }] }, ec2Event)).toBe(true);
    expect(matchesPattern({ time: [{ prefix: '2018' }] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { location: [{ suffix: '-1a' }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ 'equals-ignore-case': 'TERMINATED' }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ region: [{ wildcard: 'us-*-1' }] }, ec2Event)).toBe(true);
    expect(matchesPattern({ region: [{ wildcard: 'eu-*' }] }, ec2Event)).toBe(false);
    expect(matchesPattern({ region: [{ wildcard: 'us-west-1*' }] }, ec2Event)).toBe(true);
    expect(matchesPattern({ region: [{ wildcard: 'us-west-\\*' }] }, { region: 'us-west-*' })).toBe(true);
    expect(matchesPattern({ region: [{ wildcard: 'us-west-\\*' }] }, ec2Event)).toBe(false);
  });

  test('anything-but and exists', () => {
    expect(matchesPattern({ detail: { state: [{ 'anything-but': ['running', 'pending'] }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ 'anything-but': 'terminated' }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { missing: [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { missing: [{ exists: true }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
  });

  test('$or: one alternative must match, the other fields still apply', () => {
    const pattern = { source: ['aws.ec2'], detail: { $or: [{ state: ['running'] }, { location: [{ prefix: 'eu-' }] }] } };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern({ ...pattern, source: ['aws.s3'] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { $or: [{ state: ['running'] }, { location: ['us-east-1a'] }] } }, ec2Event)).toBe(false);
  });

  test('fails on operators it does not implement, so nothing passes unjudged', () => {
    expect(() => matchesPattern({ detail: { 'c-count': [{ numeric: ['>', 0] }] } }, ec2Event)).toThrow(/numeric/);
    expect(() => matchesPattern({ source: 'aws.ec2' }, ec2Event)).toThrow(/array or an object/);
  });

  test('input transformer: paths into the event, a missing path gives an empty value', () => {
    expect(valueAt({ detail: { resources: [{ ARN: 'x' }] } }, '$.detail.resources[0].ARN')).toBe('x');
    const out = transformInput(
      { InputPathsMap: { state: '$.detail.state', who: '$.detail.nobody' }, InputTemplate: '"<state> by <who>; <kept>"' },
      ec2Event,
    );
    expect(out).toBe('terminated by ; <kept>');
  });
});
