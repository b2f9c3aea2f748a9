/**
 * The network's deploy-time housekeeping: the function's own code, run with a
 * stand-in EC2 client, removes every rule of the default security group and
 * answers CloudFormation; its role may do that to the default group only; the
 * SageMaker security group then sends HTTPS only to the endpoints and S3.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ResolvedTemplate } from './cfn-resolver';
import { describeRoleTable, roleUnderTest } from './policy-simulation';
import { HOUSEKEEPING_HANDLER } from '../../src/secure/network-housekeeping';
import { awsServiceEndpoint, PrivateNetwork, type PrivateNetworkProps } from '../../src/secure/private-network';
import { tempDir } from '../helpers';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const PROPS: PrivateNetworkProps = {
  cidr: '10.0.0.0/16',
  interfaceEndpoints: [{ id: 'Sts', service: awsServiceEndpoint('sts') }],
  s3EndpointPolicy: { Version: '2012-10-17', Statement: [] },
  flowLogsKeyArn: KEY,
  owner: 'the test account',
  workloads: 'test workloads',
  sageMakerSecurityGroupDescription: 'Test workloads',
};

/** Runs the handler on `event` with a fake boto3 whose EC2 client returns `rules` and `prefixLists`; returns the calls and the answer. */
function runHandler(event: Record<string, unknown>, rules: unknown[], prefixLists: unknown[]) {
  const dir = tempDir('housekeeping-');
  fs.writeFileSync(path.join(dir, 'index.py'), HOUSEKEEPING_HANDLER);
  fs.writeFileSync(
    path.join(dir, 'boto3.py'),
    [
      'import json',
      'calls = []',
      'class _EC2:',
      '    def __getattr__(self, name):',
      '        def call(**kwargs):',
      '            calls.append([name, kwargs])',
      `            if name == "describe_security_group_rules": return {"SecurityGroupRules": json.loads(${JSON.stringify(JSON.stringify(rules))})}`,
      `            if name == "describe_managed_prefix_lists": return {"PrefixLists": json.loads(${JSON.stringify(JSON.stringify(prefixLists))})}`,
      '            return {}',
      '        return call',
      'def client(name): return _EC2()',
    ].join('\n'),
  );
  const driver = [
    'import json, sys, urllib.request',
    'sent = []',
    'urllib.request.urlopen = lambda request, timeout: sent.append(json.loads(request.data))',
    'import boto3, index',
    `index.handler(json.loads(${JSON.stringify(JSON.stringify(event))}), None)`,
    'print(json.dumps({"calls": boto3.calls, "sent": sent}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', driver], { cwd: dir, encoding: 'utf8' })) as {
    calls: [string, Record<string, unknown>][];
    sent: { Status: string; Data: Record<string, string>; PhysicalResourceId: string }[];
  };
}

const EVENT = {
  RequestType: 'Create',
  ResourceProperties: { DefaultSecurityGroupId: 'sg-default', S3PrefixListName: 'com.amazonaws.eu-west-1.s3' },
  ResponseURL: 'https://cloudformation-custom-resource-response.example/x',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'Housekeeping',
};
const DEFAULT_RULES = [
  { SecurityGroupRuleId: 'sgr-in', IsEgress: false },
  { SecurityGroupRuleId: 'sgr-out', IsEgress: true },
];
const S3_LIST = [{ PrefixListId: 'pl-6da54004', PrefixListName: 'com.amazonaws.eu-west-1.s3' }];

describe('NetworkHousekeeping function', () => {
  test('on create and update, revokes every ingress and egress rule of the default group and returns the S3 prefix list', () => {
    for (const RequestType of ['Create', 'Update']) {
      const { calls, sent } = runHandler({ ...EVENT, RequestType }, DEFAULT_RULES, S3_LIST);
      expect(calls).toEqual([
        ['describe_security_group_rules', { Filters: [{ Name: 'group-id', Values: ['sg-default'] }] }],
        ['revoke_security_group_ingress', { GroupId: 'sg-default', SecurityGroupRuleIds: ['sgr-in'] }],
        ['revoke_security_group_egress', { GroupId: 'sg-default', SecurityGroupRuleIds: ['sgr-out'] }],
        ['describe_managed_prefix_lists', { Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.eu-west-1.s3'] }] }],
      ]);
      expect(sent).toEqual([expect.objectContaining({ Status: 'SUCCESS', Data: { S3PrefixListId: 'pl-6da54004' } })]);
    }
  });

  test('an already closed group needs no revocation', () => {
    const { calls, sent } = runHandler(EVENT, [], S3_LIST);
    expect(calls.map(([name]) => name)).toEqual(['describe_security_group_rules', 'describe_managed_prefix_lists']);
    expect(sent[0].Status).toBe('SUCCESS');
  });

  test('fails the deployment when the prefix list cannot be found', () => {
    const { sent } = runHandler(EVENT, [], []);
    expect(sent).toEqual([expect.objectContaining({ Status: 'FAILED' })]);
  });

  test('on delete, changes nothing and succeeds (the group goes with the VPC)', () => {
    const { calls, sent } = runHandler({ ...EVENT, RequestType: 'Delete', PhysicalResourceId: 'Housekeeping' }, DEFAULT_RULES, S3_LIST);
    expect(calls).toEqual([]);
    expect(sent).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'Housekeeping' })]);
  });
});

describe('PrivateNetwork with housekeeping and endpoints-and-s3 egress', () => {
  const stack = new Stack();
  const network = new PrivateNetwork(stack, 'Network', { ...PROPS, housekeeping: { logsKeyArn: KEY }, httpsEgress: 'endpoints-and-s3' });
  const template = Template.fromStack(stack);
  const launch = new ResolvedTemplate(template.toJSON(), { accountId: ACCOUNT, region: REGION });
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId((c.node.defaultChild ?? c) as never);
  const vpcId = id(network.vpc);

  test('the SageMaker group sends HTTPS only to the endpoint group and S3, nowhere else', () => {
    const group = launch.properties(id(network.sageMakerSecurityGroup));
    const egressRules = launch.logicalIdsOf('AWS::EC2::SecurityGroupEgress').map((r) => launch.properties(r));
    const destinations = [
      ...group.SecurityGroupEgress,
      ...egressRules.filter((r) => r.GroupId === launch.getAtt(id(network.sageMakerSecurityGroup), 'GroupId')),
    ].map((r) => r.DestinationPrefixListId ?? r.DestinationSecurityGroupId ?? r.CidrIp);
    expect(destinations.sort()).toEqual(
      [launch.getAtt(id(network.housekeeping!.node.findChild('Resource') as never), 'S3PrefixListId'), launch.getAtt(id(network.endpointSecurityGroup), 'GroupId')].sort(),
    );
  });

  test('the function is inline (no asset), logs to its own encrypted log group and answers CloudFormation', () => {
    const fn = launch.properties(id(network.housekeeping!.function));
    expect(fn.Code).toEqual({ ZipFile: HOUSEKEEPING_HANDLER.trim() });
    expect(fn.LoggingConfig.LogGroup).toBe(launch.ref(id(network.housekeeping!.logGroup)));
    expect(launch.properties(id(network.housekeeping!.logGroup)).KmsKeyId).toBe(KEY);
    const custom = launch.logicalIdsOf('Custom::NetworkHousekeeping').map((r) => launch.properties(r));
    expect(custom).toEqual([
      expect.objectContaining({ DefaultSecurityGroupId: launch.getAtt(vpcId, 'DefaultSecurityGroup'), S3PrefixListName: `com.amazonaws.${REGION}.s3` }),
    ]);
  });

  const defaultGroup = () => launch.getAtt(vpcId, 'DefaultSecurityGroup');
  const groupArn = (groupId: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${groupId}`;
  describeRoleTable('its role', () => roleUnderTest(launch, id(network.housekeeping!.role)), {
    can: [
      { name: 'revoke ingress rules of the default security group', action: 'ec2:RevokeSecurityGroupIngress', resource: groupArn(defaultGroup()) },
      { name: 'revoke egress rules of the default security group', action: 'ec2:RevokeSecurityGroupEgress', resource: groupArn(defaultGroup()) },
      { name: 'find the S3 prefix list', action: 'ec2:DescribeManagedPrefixLists', resource: '*' },
    ],
    cannot: [
      {
        name: 'revoke rules of the SageMaker security group',
        action: 'ec2:RevokeSecurityGroupEgress',
        resource: groupArn(launch.getAtt(id(network.sageMakerSecurityGroup), 'GroupId')),
        implicitly: true,
      },
      { name: 'open the default security group', action: 'ec2:AuthorizeSecurityGroupIngress', resource: groupArn(defaultGroup()), implicitly: true },
    ],
  });

  test('fails with internet egress or without housekeeping', () => {
    expect(() => new PrivateNetwork(new Stack(), 'N', { ...PROPS, httpsEgress: 'endpoints-and-s3' })).toThrow(/housekeeping/);
    expect(
      () =>
        new PrivateNetwork(new Stack(), 'N', { ...PROPS, httpsEgress: 'endpoints-and-s3', housekeeping: { logsKeyArn: KEY }, internetEgress: true }),
    ).toThrow(/internetEgress/);
  });
});
