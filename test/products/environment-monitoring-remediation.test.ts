/**
 * The monitoring's roles and its alert channel by IAM policy simulation, both
 * ways: each remediation role can make its one repair on the environment's
 * resources, and cannot touch another environment's or do anything else; only
 * SSM Automation of this account can assume them; only EventBridge, Config and
 * CloudWatch of this account can publish alerts.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT, INTERFACE_ENDPOINT_ID, launchMonitoring, type MonitoringLaunch, OTHER_ACCOUNT, OTHERS, PUBLISHED, REGION } from './environment-monitoring-launch';
import { EnvironmentKeys } from '../../products/data-science-environment/encryption-keys';
import { WATCHED_PRODUCT } from '../../products/environment-monitoring';
import { PRODUCT_TAG } from '../../src/monitoring/endpoint-policy-restore';
import type { RemediationId } from '../../src/monitoring/remediation';
import { ResolvedTemplate } from '../secure/cfn-resolver';
import { type CannotCase, describeRoleTable, type RoleCase, roleUnderTest, simulate, type Subject, trustPolicyOf } from '../secure/policy-simulation';

// Synthesized while the tables are registered: their cases name the launch's own document and role ARNs.
const m: MonitoringLaunch = launchMonitoring();

const roleOf = (id: RemediationId) => () => roleUnderTest(m.launch, m.id(m.stack.remediations.roles.get(id)!));
const notebook = (name: string, account = ACCOUNT) => `arn:aws:sagemaker:${REGION}:${account}:notebook-instance/${name}`;
const bucket = (name: string) => `arn:aws:s3:::${name}`;
const securityGroup = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`;
const implicitly = (c: Omit<CannotCase, 'implicitly'>): CannotCase => ({ ...c, implicitly: true });

/** The key policy of an environment key, as the data science environment writes it (KMS needs it to allow the account). */
function environmentKeyPolicy(): unknown {
  const stack = new Stack(new App(), 'Keys');
  const keys = new EnvironmentKeys(stack, 'Keys', { aliasPrefix: 'ds-team-dev' });
  const launch = new ResolvedTemplate(Template.fromStack(stack).toJSON(), { accountId: ACCOUNT, region: REGION });
  return launch.properties(stack.getLogicalId(keys.data)).KeyPolicy;
}
const keyCase = <C extends RoleCase>(c: C): C => ({ ...c, resourcePolicy: environmentKeyPolicy() });

describeRoleTable('remediation role: stop a notebook with direct internet access', roleOf('StopNotebook'), {
  can: [{ name: 'stop a notebook instance of this account', action: 'sagemaker:StopNotebookInstance', resource: notebook('alice-nb') }],
  cannot: [
    implicitly({ name: 'delete a notebook instance', action: 'sagemaker:DeleteNotebookInstance', resource: notebook('alice-nb') }),
    implicitly({ name: 'start or change a notebook instance', action: 'sagemaker:UpdateNotebookInstance', resource: notebook('alice-nb') }),
    implicitly({
      name: "stop another account's notebook instance",
      action: 'sagemaker:StopNotebookInstance',
      resource: notebook('alice-nb', OTHER_ACCOUNT),
      resourceAccount: OTHER_ACCOUNT,
    }),
    implicitly({ name: 'stop a training job', action: 'sagemaker:StopTrainingJob', resource: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/x` }),
    implicitly({ name: 'read data', action: 's3:GetObject', resource: `${bucket(PUBLISHED.DataBucketNameParameter)}/train.csv` }),
  ],
});

describeRoleTable('remediation role: restore the public access block of the environment buckets', roleOf('BlockBucketPublicAccess'), {
  can: [PUBLISHED.DataBucketNameParameter, PUBLISHED.ModelsBucketNameParameter].flatMap((name): RoleCase[] => [
    { name: `block public access of ${name}`, action: 's3:PutBucketPublicAccessBlock', resource: bucket(name) },
    { name: `read the public access block of ${name}`, action: 's3:GetBucketPublicAccessBlock', resource: bucket(name) },
  ]),
  cannot: [
    implicitly({ name: "change another environment's bucket", action: 's3:PutBucketPublicAccessBlock', resource: bucket(OTHERS.bucket) }),
    implicitly({ name: 'rewrite the bucket policy', action: 's3:PutBucketPolicy', resource: bucket(PUBLISHED.DataBucketNameParameter) }),
    implicitly({ name: 'delete the bucket policy', action: 's3:DeleteBucketPolicy', resource: bucket(PUBLISHED.DataBucketNameParameter) }),
    implicitly({ name: 'read objects', action: 's3:GetObject', resource: `${bucket(PUBLISHED.DataBucketNameParameter)}/train.csv` }),
    implicitly({ name: 'change the account public access block', action: 's3:PutAccountPublicAccessBlock', resource: '*' }),
  ],
});

describeRoleTable('remediation role: remove ingress open to the internet from the environment security group', roleOf('RemoveOpenIngress'), {
  can: [
    { name: "revoke ingress of the environment's group", action: 'ec2:RevokeSecurityGroupIngress', resource: securityGroup(PUBLISHED.SecurityGroupIdsParameter) },
    { name: 'describe security groups', action: 'ec2:DescribeSecurityGroups', resource: '*' },
  ],
  cannot: [
    implicitly({ name: 'revoke ingress of another group', action: 'ec2:RevokeSecurityGroupIngress', resource: securityGroup(OTHERS.securityGroupId) }),
    implicitly({ name: 'open ingress', action: 'ec2:AuthorizeSecurityGroupIngress', resource: securityGroup(PUBLISHED.SecurityGroupIdsParameter) }),
    implicitly({ name: 'remove egress rules', action: 'ec2:RevokeSecurityGroupEgress', resource: securityGroup(PUBLISHED.SecurityGroupIdsParameter) }),
    implicitly({ name: 'delete the group', action: 'ec2:DeleteSecurityGroup', resource: securityGroup(PUBLISHED.SecurityGroupIdsParameter) }),
  ],
});

describeRoleTable('remediation role: cancel the deletion of an environment key', roleOf('CancelKeyDeletion'), {
  can: [PUBLISHED.DataKeyArnParameter, PUBLISHED.VolumeKeyArnParameter, PUBLISHED.LogsKeyArnParameter].flatMap((key): RoleCase[] => [
    keyCase({ name: `cancel the deletion of ${key}`, action: 'kms:CancelKeyDeletion', resource: key }),
    keyCase({ name: `describe ${key}`, action: 'kms:DescribeKey', resource: key }),
  ]),
  cannot: [
    implicitly(keyCase({ name: "cancel the deletion of another environment's key", action: 'kms:CancelKeyDeletion', resource: OTHERS.keyArn })),
    implicitly(keyCase({ name: 'schedule a key deletion', action: 'kms:ScheduleKeyDeletion', resource: PUBLISHED.DataKeyArnParameter })),
    implicitly(keyCase({ name: 'replace a key policy', action: 'kms:PutKeyPolicy', resource: PUBLISHED.DataKeyArnParameter })),
    implicitly(keyCase({ name: 'decrypt with a key', action: 'kms:Decrypt', resource: PUBLISHED.DataKeyArnParameter })),
    implicitly(keyCase({ name: 'enable a disabled key', action: 'kms:EnableKey', resource: PUBLISHED.DataKeyArnParameter })),
  ],
});

/** The endpoint-policy restore: the runbook's role and the role EventBridge starts it with. */
const restore = () => m.stack.endpointPolicyRestore;
const vpcEndpoint = (id: string, account = ACCOUNT) => `arn:aws:ec2:${REGION}:${account}:vpc-endpoint/${id}`;
const ec2Arn = (resource: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${resource}`;
/** The tag SecureProductStack puts on every resource of a product, the environment's endpoints included. */
const taggedBy = (product: string) => ({ [`aws:ResourceTag/${PRODUCT_TAG}`]: product });
const ENVIRONMENT_STACK = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/SC-${ACCOUNT}-pp-abcdefgh12345/0a1b2c3d-4e5f-11ef-8a9b-0c1d2e3f4a5b`;
const definition = (name: string, version = '$DEFAULT') => `arn:aws:ssm:${REGION}:${ACCOUNT}:automation-definition/${name}:${version}`;
const restoreDocumentName = m.launch.ref(m.id(restore().document));
const runbookRoleArn = m.launch.getAtt(m.id(restore().runbookRole), 'Arn');

describeRoleTable(
  'endpoint-policy restore runbook role: restore the policy of an endpoint of the environment to its template value',
  () => roleUnderTest(m.launch, m.id(restore().runbookRole)),
  {
    can: [
      { name: 'write the policy of an interface endpoint of the environment', action: 'ec2:ModifyVpcEndpoint', resource: vpcEndpoint(INTERFACE_ENDPOINT_ID), context: taggedBy(WATCHED_PRODUCT) },
      { name: "reset the policy of the environment's S3 endpoint", action: 'ec2:ModifyVpcEndpoint', resource: vpcEndpoint(PUBLISHED.S3EndpointIdParameter), context: taggedBy(WATCHED_PRODUCT) },
      { name: 'describe endpoints (their VPC and policy)', action: 'ec2:DescribeVpcEndpoints', resource: '*' },
      ...['DescribeStackResources', 'ListStackResources', 'DescribeStacks', 'DetectStackResourceDrift'].map(
        (call): RoleCase => ({ name: `read the owning stack: ${call}`, action: `cloudformation:${call}`, resource: ENVIRONMENT_STACK }),
      ),
    ],
    cannot: [
      // Another VPC's endpoint: IAM tells them apart by the product tag (no VPC condition key exists on this call); the
      // runbook checks the VPC of endpoints of the same product (restore_endpoint_policy.py, its tests).
      implicitly({ name: "modify an endpoint of another VPC (another product's)", action: 'ec2:ModifyVpcEndpoint', resource: vpcEndpoint(OTHERS.s3EndpointId), context: taggedBy('model-deployment-baseline') }),
      implicitly({ name: 'modify an endpoint no catalog product created', action: 'ec2:ModifyVpcEndpoint', resource: vpcEndpoint(OTHERS.s3EndpointId) }),
      implicitly({
        name: "modify another account's endpoint",
        action: 'ec2:ModifyVpcEndpoint',
        resource: vpcEndpoint(INTERFACE_ENDPOINT_ID, OTHER_ACCOUNT),
        resourceAccount: OTHER_ACCOUNT,
        context: taggedBy(WATCHED_PRODUCT),
      }),
      // ModifyVpcEndpoint authorizes each route table, subnet and security group it adds or removes as a resource of its own.
      implicitly({ name: 'add or remove a route table of an endpoint', action: 'ec2:ModifyVpcEndpoint', resource: ec2Arn('route-table/rtb-0a1b2c3d4e5f60001'), context: taggedBy(WATCHED_PRODUCT) }),
      implicitly({ name: 'add or remove a subnet of an endpoint', action: 'ec2:ModifyVpcEndpoint', resource: ec2Arn('subnet/subnet-0a1b2c3d4e5f60001'), context: taggedBy(WATCHED_PRODUCT) }),
      implicitly({ name: 'add or remove a security group of an endpoint', action: 'ec2:ModifyVpcEndpoint', resource: ec2Arn(`security-group/${PUBLISHED.SecurityGroupIdsParameter}`), context: taggedBy(WATCHED_PRODUCT) }),
      implicitly({ name: 'tag an endpoint as the environment product', action: 'ec2:CreateTags', resource: vpcEndpoint(OTHERS.s3EndpointId) }),
      implicitly({ name: 'delete an endpoint', action: 'ec2:DeleteVpcEndpoints', resource: vpcEndpoint(INTERFACE_ENDPOINT_ID), context: taggedBy(WATCHED_PRODUCT) }),
      implicitly({ name: 'create an endpoint in the VPC', action: 'ec2:CreateVpcEndpoint', resource: ec2Arn(`vpc/${PUBLISHED.VpcIdParameter}`) }),
      implicitly({ name: 'add a route', action: 'ec2:CreateRoute', resource: ec2Arn('route-table/rtb-0a1b2c3d4e5f60001'), context: taggedBy(WATCHED_PRODUCT) }),
      implicitly({ name: 'change a security group', action: 'ec2:AuthorizeSecurityGroupEgress', resource: ec2Arn(`security-group/${PUBLISHED.SecurityGroupIdsParameter}`) }),
      ...['UpdateStack', 'DeleteStack', 'CreateChangeSet', 'ExecuteChangeSet', 'CancelUpdateStack', 'ContinueUpdateRollback'].map((call) =>
        implicitly({ name: `${call} the environment's stack`, action: `cloudformation:${call}`, resource: ENVIRONMENT_STACK }),
      ),
      implicitly({ name: 'start AWS-RunShellScript', action: 'ssm:StartAutomationExecution', resource: definition('AWS-RunShellScript') }),
      implicitly({ name: 'start its own runbook again', action: 'ssm:StartAutomationExecution', resource: definition(restoreDocumentName) }),
      implicitly({ name: 'pass a role', action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/ds-team-team-admin` }),
    ],
  },
);

describeRoleTable(
  'endpoint-policy restore start role (EventBridge): start this product\'s restore runbook only',
  () => roleUnderTest(m.launch, m.id(restore().startRole)),
  {
    can: [
      { name: 'start the restore runbook ($DEFAULT)', action: 'ssm:StartAutomationExecution', resource: definition(restoreDocumentName) },
      {
        name: 'pass the runbook role to SSM Automation',
        action: 'iam:PassRole',
        resource: runbookRoleArn,
        context: { 'iam:PassedToService': 'ssm.amazonaws.com' },
      },
    ],
    cannot: [
      implicitly({ name: 'start AWS-RunShellScript', action: 'ssm:StartAutomationExecution', resource: definition('AWS-RunShellScript') }),
      implicitly({ name: 'start AWS-RunPowerShellScript', action: 'ssm:StartAutomationExecution', resource: definition('AWS-RunPowerShellScript') }),
      implicitly({ name: "start the product's other runbook (stop notebook)", action: 'ssm:StartAutomationExecution', resource: definition(m.launch.ref(m.id(m.stack.remediations.stopNotebookDocument))) }),
      implicitly({ name: 'start a runbook named like this one plus a suffix', action: 'ssm:StartAutomationExecution', resource: definition(`${restoreDocumentName}-copy`) }),
      implicitly({ name: 'pass the runbook role to Lambda', action: 'iam:PassRole', resource: runbookRoleArn, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }),
      implicitly({ name: 'pass another remediation role', action: 'iam:PassRole', resource: m.launch.getAtt(m.id(m.stack.remediations.roles.get('StopNotebook')!), 'Arn'), context: { 'iam:PassedToService': 'ssm.amazonaws.com' } }),
      implicitly({ name: 'modify an endpoint itself', action: 'ec2:ModifyVpcEndpoint', resource: vpcEndpoint(INTERFACE_ENDPOINT_ID), context: taggedBy(WATCHED_PRODUCT) }),
    ],
  },
);

describe('who may assume the remediation roles', () => {
  const automation = (account: string): Subject => ({
    principal: 'ssm.amazonaws.com',
    account,
    identityPolicies: [],
    context: {
      'aws:SourceAccount': account,
      'aws:SourceArn': `arn:aws:ssm:${REGION}:${account}:automation-execution/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
    },
  });
  const person: Subject = {
    principal: `arn:aws:iam::${ACCOUNT}:role/ds-team-team-admin`,
    account: ACCOUNT,
    identityPolicies: [{ name: 'Admin', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
  };
  for (const id of ['StopNotebook', 'BlockBucketPublicAccess', 'RemoveOpenIngress', 'CancelKeyDeletion'] as RemediationId[]) {
    test(`${id}: SSM Automation of this account only, no person`, async () => {
      const roleId = m.id(m.stack.remediations.roles.get(id)!);
      const request = { name: '', action: 'sts:AssumeRole', resource: m.launch.getAtt(roleId, 'Arn'), resourcePolicy: trustPolicyOf(m.launch, roleId), resourceAccount: ACCOUNT };
      expect((await simulate(automation(ACCOUNT), request)).result).toBe('Allowed');
      expect((await simulate(automation(OTHER_ACCOUNT), request)).result).not.toBe('Allowed');
      expect((await simulate(person, request)).result).not.toBe('Allowed');
    });
  }
});

describe('who may assume the endpoint-policy restore roles', () => {
  const admin: Subject = {
    principal: `arn:aws:iam::${ACCOUNT}:role/ds-team-team-admin`,
    account: ACCOUNT,
    identityPolicies: [{ name: 'Admin', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
  };
  const service = (principal: string, account: string, sourceArn: string): Subject => ({
    principal,
    account,
    identityPolicies: [],
    context: { 'aws:SourceAccount': account, 'aws:SourceArn': sourceArn },
  });
  const assume = (role: { node: any }) => {
    const roleId = m.id(role as never);
    return { name: '', action: 'sts:AssumeRole', resource: m.launch.getAtt(roleId, 'Arn'), resourcePolicy: trustPolicyOf(m.launch, roleId), resourceAccount: ACCOUNT };
  };
  const execution = (account: string) => `arn:aws:ssm:${REGION}:${account}:automation-execution/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
  const rule = (account: string, name: string) => `arn:aws:events:${REGION}:${account}:rule/${name}`;

  test('the runbook role: SSM Automation of this account only, no person, not EventBridge', async () => {
    const request = assume(restore().runbookRole);
    expect((await simulate(service('ssm.amazonaws.com', ACCOUNT, execution(ACCOUNT)), request)).result).toBe('Allowed');
    expect((await simulate(service('ssm.amazonaws.com', OTHER_ACCOUNT, execution(OTHER_ACCOUNT)), request)).result).not.toBe('Allowed');
    expect((await simulate(service('events.amazonaws.com', ACCOUNT, rule(ACCOUNT, 'ds-team-restore-endpoint-policy')), request)).result).not.toBe('Allowed');
    expect((await simulate(admin, request)).result).not.toBe('Allowed');
  });

  test("the start role: EventBridge for this product's restore rule only", async () => {
    const request = assume(restore().startRole);
    const ruleName = m.launch.properties(m.id(restore().rule)).Name;
    expect(ruleName).toBe('ds-team-restore-endpoint-policy');
    expect((await simulate(service('events.amazonaws.com', ACCOUNT, rule(ACCOUNT, ruleName)), request)).result).toBe('Allowed');
    expect((await simulate(service('events.amazonaws.com', ACCOUNT, rule(ACCOUNT, 'ds-team-endpoint-policy-changed')), request)).result).not.toBe('Allowed');
    expect((await simulate(service('events.amazonaws.com', OTHER_ACCOUNT, rule(OTHER_ACCOUNT, ruleName)), request)).result).not.toBe('Allowed');
    expect((await simulate(service('ssm.amazonaws.com', ACCOUNT, execution(ACCOUNT)), request)).result).not.toBe('Allowed');
    expect((await simulate(admin, request)).result).not.toBe('Allowed');
  });
});

describe('who may publish alerts', () => {
  const topicPolicy = () => m.launch.properties(m.id(m.stack.node.findChild('Alerts').node.findChild('TopicPolicy'))).PolicyDocument;
  const keyPolicy = () => m.launch.properties(m.id(m.stack.alerts.key)).KeyPolicy;
  const service = (principal: string, account = ACCOUNT): Subject => ({ principal, account, identityPolicies: [], context: { 'aws:SourceAccount': account } });
  const admin: Subject = {
    principal: `arn:aws:iam::${ACCOUNT}:role/ds-team-team-admin`,
    account: ACCOUNT,
    identityPolicies: [{ name: 'Admin', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
  };
  const publish = () => ({ name: '', action: 'sns:Publish', resource: m.launch.ref(m.id(m.stack.alerts.topic)), resourcePolicy: topicPolicy(), resourceAccount: ACCOUNT });
  const dataKey = () => ({ name: '', action: 'kms:GenerateDataKey', resource: m.launch.getAtt(m.id(m.stack.alerts.key), 'Arn'), resourcePolicy: keyPolicy(), resourceAccount: ACCOUNT });

  test.each(['events.amazonaws.com', 'config.amazonaws.com', 'cloudwatch.amazonaws.com'])('%s of this account can publish and encrypt', async (principal) => {
    expect((await simulate(service(principal), publish())).result).toBe('Allowed');
    expect((await simulate(service(principal), dataKey())).result).toBe('Allowed');
  });

  test('the same services for another account cannot publish', async () => {
    expect((await simulate(service('events.amazonaws.com', OTHER_ACCOUNT), publish())).result).not.toBe('Allowed');
  });

  test('another service cannot publish or encrypt', async () => {
    expect((await simulate(service('lambda.amazonaws.com'), publish())).result).not.toBe('Allowed');
    expect((await simulate(service('lambda.amazonaws.com'), dataKey())).result).not.toBe('Allowed');
  });

  test('a person with every IAM permission cannot use the alerts key, so cannot publish to the encrypted topic', async () => {
    expect((await simulate(admin, dataKey())).result).not.toBe('Allowed');
    // The same person under a key policy that lets the account's IAM policies decide would be allowed:
    // the key policy is what keeps them out.
    const openToAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
    expect((await simulate(admin, { ...dataKey(), resourcePolicy: openToAccount })).result).toBe('Allowed');
  });
});
