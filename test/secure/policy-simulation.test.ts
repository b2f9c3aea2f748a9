/**
 * The role-table harness itself: it collects every policy a role has, and its
 * verdicts can go either way (a table that could only pass would prove nothing).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ResolvedTemplate } from './cfn-resolver';
import { assumingCaller, describeRoleTable, identityPoliciesOf, roleUnderTest, simulate, trustPolicyOf } from './policy-simulation';

const ACCOUNT = '111111111111';

function template() {
  const stack = new Stack(new App(), 'Harness');
  const role = new iam.Role(stack, 'Worker', {
    roleName: 'worker',
    assumedBy: new iam.ArnPrincipal(`arn:aws:iam::${ACCOUNT}:role/launcher`),
    inlinePolicies: {
      Inline: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ sid: 'ReadData', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*'] })],
      }),
    },
  });
  role.addToPolicy(new iam.PolicyStatement({ sid: 'WriteData', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::data/*'] }));
  new iam.ManagedPolicy(stack, 'Guardrail', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'DenyUnencrypted',
        effect: iam.Effect.DENY,
        actions: ['s3:PutObject'],
        resources: ['*'],
        conditions: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
      }),
    ],
  });
  const launch = new ResolvedTemplate(Template.fromStack(stack).toJSON(), { accountId: ACCOUNT, region: 'eu-west-1' });
  const roleId = launch.logicalIdsOf('AWS::IAM::Role')[0];
  return { launch, roleId };
}

describe('policy simulation harness', () => {
  const { launch, roleId } = template();

  test('collects inline, attached and managed policies of a role', () => {
    expect(identityPoliciesOf(launch, roleId).map((p) => p.name).sort()).toEqual(
      [`${roleId}/Inline`, ...launch.logicalIdsOf('AWS::IAM::Policy'), ...launch.logicalIdsOf('AWS::IAM::ManagedPolicy')].sort(),
    );
  });

  test('returns each of the three verdicts', async () => {
    const subject = roleUnderTest(launch, roleId);
    const encrypted = { 's3:x-amz-server-side-encryption': 'aws:kms' };
    await expect(simulate(subject, { name: '', action: 's3:PutObject', resource: 'arn:aws:s3:::data/a', context: encrypted })).resolves.toMatchObject({
      result: 'Allowed',
    });
    await expect(simulate(subject, { name: '', action: 's3:PutObject', resource: 'arn:aws:s3:::data/a' })).resolves.toMatchObject({
      result: 'ExplicitlyDenied',
      deniedBy: ['identity:DenyUnencrypted'],
    });
    await expect(simulate(subject, { name: '', action: 's3:DeleteObject', resource: 'arn:aws:s3:::data/a' })).resolves.toMatchObject({
      result: 'ImplicitlyDenied',
      deniedBy: [],
    });
  });

  test('a trust policy decides who may assume the role', async () => {
    const trust = trustPolicyOf(launch, roleId);
    const arn = launch.getAtt(roleId, 'Arn');
    const launcher = assumingCaller(`arn:aws:iam::${ACCOUNT}:role/launcher`, ACCOUNT);
    const stranger = assumingCaller('arn:aws:iam::999999999999:role/launcher', '999999999999');
    expect((await simulate(launcher, { name: '', action: 'sts:AssumeRole', resource: arn, resourcePolicy: trust })).result).toBe('Allowed');
    expect((await simulate(stranger, { name: '', action: 'sts:AssumeRole', resource: arn, resourcePolicy: trust, resourceAccount: ACCOUNT })).result).not.toBe(
      'Allowed',
    );
  });

  describeRoleTable('a table', () => roleUnderTest(launch, roleId), {
    can: [{ name: 'read its data', action: 's3:GetObject', resource: 'arn:aws:s3:::data/train.csv' }],
    cannot: [
      { name: 'write unencrypted', action: 's3:PutObject', resource: 'arn:aws:s3:::data/x', deniedBy: ['identity:DenyUnencrypted'] },
      { name: 'read other buckets', action: 's3:GetObject', resource: 'arn:aws:s3:::other/x', implicitly: true },
    ],
  });
});
