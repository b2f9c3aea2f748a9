/**
 * The monitoring's EventBridge rules against sample CloudTrail and Config events
 * (test/fixtures/cloudtrail-events), matched with EventBridge's documented
 * semantics (test/secure/event-pattern.ts): each sample fires exactly the rules
 * it should; the same call on another environment's resource fires none; the
 * alert says what, on which resource, who (the Studio user) and which rule.
 */
import { INTERFACE_ENDPOINT_ID, launchMonitoring, type MonitoringLaunch, OTHERS, PUBLISHED, SAMPLE_EVENTS, sampleEvent } from './environment-monitoring-launch';
import { matchesPattern, transformInput } from '../secure/event-pattern';

/** Which rule (by the control id of event-rules.ts, or 'NonCompliant') each sample fires. */
const FIRES: Record<string, readonly string[]> = {
  'iam-detach-role-policy': ['GuardrailRoleChanged'],
  'iam-put-role-policy': ['GuardrailRoleChanged'],
  'iam-create-policy-version': ['GuardrailPolicyChanged'],
  'ec2-modify-vpc-endpoint': ['EndpointPolicyChanged'],
  'ec2-modify-vpc-endpoint-policy': ['EndpointPolicyChanged'],
  'ec2-authorize-security-group-ingress': ['SecurityGroupChanged'],
  'ec2-modify-security-group-rules': ['SecurityGroupChanged'],
  'sagemaker-update-domain': ['StudioDomainChanged'],
  'kms-schedule-key-deletion': ['KeyChanged'],
  'kms-put-key-policy': ['KeyChanged'],
  'ec2-delete-flow-logs': ['FlowLogsDeleted'],
  'config-compliance-change': ['NonCompliant'],
  // Counted by the trail's AccessDenied metric filter, not an event rule.
  'sagemaker-create-training-job-denied': [],
};

/** The same call on another environment's resource. */
const ON_ANOTHER_RESOURCE: Record<string, (event: any) => void> = {
  'iam-detach-role-policy': (e) => (e.detail.requestParameters.roleName = OTHERS.roleName),
  'iam-put-role-policy': (e) => (e.detail.requestParameters.roleName = OTHERS.roleName),
  'iam-create-policy-version': (e) => (e.detail.requestParameters.policyArn = 'arn:aws:iam::111111111111:policy/team-extra-permissions'),
  // Another endpoint's routes: the policy of any endpoint is reported (the interface endpoints are not published).
  'ec2-modify-vpc-endpoint': (e) => {
    e.detail.requestParameters.ModifyVpcEndpointRequest = { VpcEndpointId: OTHERS.s3EndpointId, AddRouteTableId: { tag: 1, content: 'rtb-0fedcba9876543210' } };
  },
  'ec2-authorize-security-group-ingress': (e) => (e.detail.requestParameters.groupId = OTHERS.securityGroupId),
  'ec2-modify-security-group-rules': (e) => (e.detail.requestParameters.ModifySecurityGroupRulesRequest.GroupId = OTHERS.securityGroupId),
  'sagemaker-update-domain': (e) => (e.detail.requestParameters.domainId = OTHERS.domainId),
  'kms-schedule-key-deletion': (e) => (e.detail.resources[0].ARN = OTHERS.keyArn),
  'kms-put-key-policy': (e) => (e.detail.resources[0].ARN = OTHERS.keyArn),
  'config-compliance-change': (e) => (e.detail.configRuleName = 'other-team-bucket-not-public-data'),
};

describe('environment-monitoring: event rules against sample events', () => {
  let m: MonitoringLaunch;
  let rules: Map<string, { pattern: any; target: any; name: string }>;
  beforeAll(() => {
    m = launchMonitoring();
    rules = new Map();
    for (const [controlId, rule] of m.stack.eventRules.rules) rules.set(controlId, resolvedRule(m, m.id(rule)));
    const nonCompliant = m.stack.configRules.node.findChild('NonCompliant');
    rules.set('NonCompliant', resolvedRule(m, m.id(nonCompliant)));
  });

  test('every sample event is covered by the table, and every rule fires on a sample', () => {
    expect([...SAMPLE_EVENTS].sort()).toEqual(Object.keys(FIRES).sort());
    expect([...new Set(Object.values(FIRES).flat())].sort()).toEqual([...rules.keys()].sort());
  });

  test.each(Object.entries(FIRES))('%s fires exactly %j', (sample, expected) => {
    const event = sampleEvent(sample);
    const fired = [...rules].filter(([, rule]) => matchesPattern(rule.pattern, event)).map(([id]) => id);
    expect(fired.sort()).toEqual([...expected].sort());
  });

  test.each(Object.entries(ON_ANOTHER_RESOURCE))("%s on another environment's resource fires nothing", (sample, change) => {
    const event = sampleEvent(sample);
    change(event);
    expect([...rules].filter(([, rule]) => matchesPattern(rule.pattern, event)).map(([id]) => id)).toEqual([]);
  });

  test('a resource returning to COMPLIANT is not an alert', () => {
    const event = sampleEvent('config-compliance-change');
    event.detail.newEvaluationResult.complianceType = 'COMPLIANT';
    expect(matchesPattern(rules.get('NonCompliant')!.pattern, event)).toBe(false);
  });

  test('the alert names what happened, the resource, who (the Studio user) and the rule', () => {
    const event = sampleEvent('ec2-authorize-security-group-ingress');
    const rule = rules.get('SecurityGroupChanged')!;
    const text: string = transformInput(rule.target.InputTransformer, event);
    for (const part of ['AuthorizeSecurityGroupIngress', PUBLISHED.SecurityGroupIdsParameter, event.detail.userIdentity.arn, 'Studio user: alice', rule.name]) {
      expect(text).toContain(part);
    }
  });

  test.each([
    ['kms-schedule-key-deletion', 'KeyChanged', PUBLISHED.DataKeyArnParameter],
    ['iam-detach-role-policy', 'GuardrailRoleChanged', 'ds-team-studio-execution'],
    ['ec2-modify-vpc-endpoint', 'EndpointPolicyChanged', PUBLISHED.S3EndpointIdParameter],
    ['ec2-modify-vpc-endpoint-policy', 'EndpointPolicyChanged', INTERFACE_ENDPOINT_ID],
    ['sagemaker-update-domain', 'StudioDomainChanged', PUBLISHED.StudioDomainIdParameter],
    ['config-compliance-change', 'NonCompliant', PUBLISHED.DataBucketNameParameter],
  ])('the alert of %s names the resource', (sample, ruleId, resource) => {
    const rule = rules.get(ruleId)!;
    const text: string = transformInput(rule.target.InputTransformer, sampleEvent(sample));
    expect(text).toContain(resource);
    expect(text).toContain(ruleId === 'NonCompliant' ? 'ds-team-bucket-not-public-data' : rule.name);
  });

  test('every rule sends to the alerts topic, and only there', () => {
    const topic = m.launch.ref(m.id(m.stack.alerts.topic));
    for (const [, rule] of rules) expect(rule.target.Arn).toBe(topic);
  });
});

describe('environment-monitoring: the endpoint-policy restore rule against sample events', () => {
  let m: MonitoringLaunch;
  let rule: { pattern: any; target: any; name: string };
  beforeAll(() => {
    m = launchMonitoring();
    rule = resolvedRule(m, m.id(m.stack.endpointPolicyRestore.rule));
  });
  const MODIFY_SAMPLES = ['ec2-modify-vpc-endpoint', 'ec2-modify-vpc-endpoint-policy'];

  test('fires on every successful ModifyVpcEndpoint sample, and on no other sample', () => {
    const fired = SAMPLE_EVENTS.filter((sample) => matchesPattern(rule.pattern, sampleEvent(sample)));
    expect(fired.sort()).toEqual(MODIFY_SAMPLES.sort());
  });

  test("fires on another VPC's endpoint too, and on a change of routes only: the runbook checks the VPC and compares", () => {
    const other = sampleEvent('ec2-modify-vpc-endpoint');
    other.detail.requestParameters.ModifyVpcEndpointRequest = { VpcEndpointId: OTHERS.s3EndpointId, AddRouteTableId: { tag: 1, content: 'rtb-0fedcba9876543210' } };
    expect(matchesPattern(rule.pattern, other)).toBe(true);
  });

  test.each(MODIFY_SAMPLES)('a failed call (%s denied) starts nothing', (sample) => {
    const denied = sampleEvent(sample);
    denied.detail.errorCode = 'Client.UnauthorizedOperation';
    denied.detail.errorMessage = 'You are not authorized to perform this operation.';
    delete denied.detail.responseElements;
    expect(matchesPattern(rule.pattern, denied)).toBe(false);
  });

  test('an event of another service, or another EC2 call, starts nothing', () => {
    const event = sampleEvent('ec2-modify-vpc-endpoint-policy');
    expect(matchesPattern(rule.pattern, { ...event, source: 'aws.sagemaker' })).toBe(false);
    expect(matchesPattern(rule.pattern, { ...event, detail: { ...event.detail, eventName: 'ModifyVpcEndpointServiceConfiguration' } })).toBe(false);
  });

  test.each([
    ['ec2-modify-vpc-endpoint', PUBLISHED.S3EndpointIdParameter],
    ['ec2-modify-vpc-endpoint-policy', INTERFACE_ENDPOINT_ID],
  ])('starts the runbook of this product for the endpoint the call named (%s)', (sample, endpoint) => {
    const document = m.launch.ref(m.id(m.stack.endpointPolicyRestore.document));
    expect(rule.target.Arn).toBe(`arn:aws:ssm:eu-west-1:111111111111:automation-definition/${document}:$DEFAULT`);
    expect(rule.target.RoleArn).toBe(m.launch.getAtt(m.id(m.stack.endpointPolicyRestore.startRole), 'Arn'));
    // Automation parameters are lists of strings; the document's own pattern accepts the id.
    const input = transformInput(rule.target.InputTransformer, sampleEvent(sample));
    expect(input).toEqual({ VpcEndpointId: [endpoint] });
    const parameters = m.launch.properties(m.id(m.stack.endpointPolicyRestore.document)).Content.parameters;
    expect(Object.keys(parameters)).toEqual(['VpcEndpointId']);
    expect(new RegExp(parameters.VpcEndpointId.allowedPattern).test(endpoint)).toBe(true);
  });
});

function resolvedRule(m: MonitoringLaunch, logicalId: string) {
  const properties = m.launch.properties(logicalId);
  expect(properties.Targets).toHaveLength(1);
  return { pattern: properties.EventPattern, target: properties.Targets[0], name: properties.Name };
}
