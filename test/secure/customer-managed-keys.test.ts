/**
 * Customer-managed keys: rotated and retained, and no raw use for anybody: the
 * account administers a key, and uses it only through the AWS services named
 * for it.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ResolvedTemplate } from './cfn-resolver';
import { describeRoleTable, type Subject } from './policy-simulation';
import { CustomerManagedKeys, type CustomerManagedKeyProps, type CustomerManagedKeysProps } from '../../src/secure/customer-managed-keys';
import { KEY_USE_ACTIONS, KEY_ADMINISTRATION_ACTIONS } from '../../src/secure/customer-managed-keys';

function keyPolicy(key: Partial<CustomerManagedKeyProps> = {}, keys: CustomerManagedKeysProps = {}) {
  const stack = new Stack();
  new CustomerManagedKeys(stack, 'Keys', keys).addKey('Data', { description: 'Test data', viaServices: ['s3', 'sagemaker'], ...key });
  const [resource] = Object.values<any>(Template.fromStack(stack).findResources('AWS::KMS::Key'));
  return { resource, statements: resource.Properties.KeyPolicy.Statement as any[], template: Template.fromStack(stack) };
}

const sids = (statements: any[]) => statements.map((s) => s.Sid);

describe('CustomerManagedKeys', () => {
  test('each key rotates yearly, is retained with the data it protects, and carries its description', () => {
    const { resource } = keyPolicy();
    expect(resource).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { Description: 'Test data', EnableKeyRotation: true },
    });
  });

  test('the account administers a key without any cryptographic use', () => {
    const admin = keyPolicy().statements.find((s) => s.Sid === 'KeyAdministration');
    expect(admin.Principal).toEqual({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } });
    expect(admin.Action).toEqual([...KEY_ADMINISTRATION_ACTIONS]);
    expect(admin.Action.some((action: string) => /Decrypt|Encrypt|GenerateDataKey|^kms:\*$/.test(action))).toBe(false);
    expect(admin).not.toHaveProperty('Condition');
  });

  test("the account's principals use a key only through the services named for it, in this account", () => {
    const { statements } = keyPolicy();
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('kms:*');
    expect(statements.find((s) => s.Sid === 'UseThroughAwsServicesOnly')).toMatchObject({
      Action: [...KEY_USE_ACTIONS],
      Condition: {
        StringEquals: {
          'kms:CallerAccount': { Ref: 'AWS::AccountId' },
          'kms:ViaService': [{ 'Fn::Sub': 's3.${AWS::Region}.amazonaws.com' }, { 'Fn::Sub': 'sagemaker.${AWS::Region}.amazonaws.com' }],
        },
      },
    });
    expect(sids(statements)).toEqual(['KeyAdministration', 'UseThroughAwsServicesOnly']);
  });

  test('onDemandRotation lets administrators rotate on demand too', () => {
    const admin = keyPolicy({}, { onDemandRotation: true }).statements.find((s) => s.Sid === 'KeyAdministration');
    expect(admin.Action).toEqual([...KEY_ADMINISTRATION_ACTIONS, 'kms:RotateKeyOnDemand']);
    expect(keyPolicy().statements[0].Action).not.toContain('kms:RotateKeyOnDemand');
  });

  test('grantsForAwsResources: the same services may create grants, for AWS resources only (EBS, EFS)', () => {
    const grants = keyPolicy({ grantsForAwsResources: true }).statements.find((s) => s.Sid === 'GrantsForAwsResourcesOnly');
    expect(grants).toMatchObject({
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Condition: {
        StringEquals: { 'kms:CallerAccount': { Ref: 'AWS::AccountId' }, 'kms:ViaService': expect.any(Array) },
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    });
  });

  test("logDelivery: CloudWatch Logs for this account's log groups, S3 access-log delivery for this account", () => {
    const { statements } = keyPolicy({ logDelivery: true });
    expect(sids(statements)).toEqual(['KeyAdministration', 'UseThroughAwsServicesOnly', 'CloudWatchLogsOfThisAccount', 'S3ServerAccessLogDelivery']);
    expect(statements[2]).toMatchObject({
      Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } },
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*' } },
      },
    });
    expect(statements[3]).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  test('aliasPrefix: each key gets alias/<prefix>/<key id in lower case>, with the ids <id> and <id>Alias; no alias by default', () => {
    keyPolicy().template.resourceCountIs('AWS::KMS::Alias', 0);
    const stack = new Stack();
    const key = new CustomerManagedKeys(stack, 'Keys', { aliasPrefix: 'team-a-dev' }).addKey('Data', { description: 'd', viaServices: ['s3'] });
    const template = Template.fromStack(stack).toJSON();
    expect(Object.keys(template.Resources)).toEqual([expect.stringMatching(/^KeysData[0-9A-F]{8}$/), expect.stringMatching(/^KeysDataAlias[0-9A-F]{8}$/)]);
    expect(Object.values<any>(template.Resources)[1].Properties).toEqual({
      AliasName: { 'Fn::Sub': ['alias/${Prefix}/data', { Prefix: 'team-a-dev' }] },
      TargetKeyId: { Ref: stack.getLogicalId(key) },
    });
  });

  test('fails for a key no service may use', () => {
    expect(() => new CustomerManagedKeys(new Stack(), 'Keys').addKey('Data', { description: 'd', viaServices: [] })).toThrow(
      /key 'Data': viaServices must name at least one AWS service, got none/,
    );
  });
});

describe('CustomerManagedKeys: no raw grants, by IAM policy simulation', () => {
  // An administrator of the account whose IAM policy allows every KMS action: only the key policy limits it.
  const stack = new Stack();
  new CustomerManagedKeys(stack, 'Keys').addKey('Volume', { description: 'Test volume', viaServices: ['sagemaker', 'ec2'], grantsForAwsResources: true });
  const launch = new ResolvedTemplate(Template.fromStack(stack).toJSON(), { accountId: '111111111111', region: 'eu-west-1' });
  const [keyId] = launch.logicalIdsOf('AWS::KMS::Key');
  const key = launch.getAtt(keyId, 'Arn');
  const admin: Subject = {
    principal: 'arn:aws:iam::111111111111:role/KeyAdministrator',
    account: '111111111111',
    identityPolicies: [{ name: 'AllKms', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } }],
    context: { 'kms:CallerAccount': '111111111111' },
  };
  const grant = (context: Record<string, string>) => ({ action: 'kms:CreateGrant', resource: key, resourcePolicy: launch.properties(keyId).KeyPolicy, context });
  describeRoleTable('a key administrator', () => admin, {
    can: [
      { name: 'administer the key (alias, rotation)', action: 'kms:CreateAlias', resource: key, resourcePolicy: launch.properties(keyId).KeyPolicy },
      {
        name: 'have EC2 create a grant for a volume it attaches',
        ...grant({ 'kms:GrantIsForAWSResource': 'true', 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com', 'aws:ViaAWSService': 'true' }),
      },
    ],
    cannot: [
      { name: 'grant itself raw use of the key (kms:Create* no longer includes CreateGrant)', ...grant({}), implicitly: true },
      {
        name: 'grant an outside account use of the key',
        ...grant({ 'kms:GranteePrincipal': 'arn:aws:iam::999999999999:root', 'kms:GrantIsForAWSResource': 'false' }),
        implicitly: true,
      },
      { name: 'decrypt with the key directly', action: 'kms:Decrypt', resource: key, resourcePolicy: launch.properties(keyId).KeyPolicy, implicitly: true },
    ],
  });
});
