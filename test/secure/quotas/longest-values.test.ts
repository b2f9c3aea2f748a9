/**
 * The longest-value resolver: each intrinsic, pseudo parameter, parameter kind
 * and resource reference resolves to its longest plausible value, and whatever
 * nothing bounds is named, never silently empty.
 */
import { LongestValues, longestParameterValue, patternMaxLength, type QuotaTemplate } from '../../../src/secure/quotas';

const template: QuotaTemplate = {
  Parameters: {
    Short: { Type: 'String', MaxLength: 10 },
    Stage: { Type: 'String', AllowedValues: ['dev', 'staging', 'prod'] },
    Named: { Type: 'String', AllowedPattern: '^[a-z][a-z0-9-]{1,30}$' },
    Free: { Type: 'String' },
    Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' },
    DataBucket: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mlops/team-a/s3/data-bucket-name' },
    Foreign: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/elsewhere/value' },
    Count: { Type: 'Number', MinValue: 1, MaxValue: 250 },
  },
  Mappings: { Sizes: { 'eu-west-1': { Instance: 'ml.m5.large' }, 'us-east-1': { Instance: 'ml.m5.24xlarge' } } },
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Join': ['-', [{ Ref: 'Named' }, 'runner']] } } },
    GeneratedRole: { Type: 'AWS::IAM::Role', Properties: {} },
    Bucket: { Type: 'AWS::S3::Bucket' },
    Key: { Type: 'AWS::KMS::Key' },
    Custom: { Type: 'Custom::Thing' },
  },
};

const longest = (value: unknown) => {
  const values = new LongestValues(template);
  return { value: values.resolve(value), unbounded: [...values.unbounded] };
};
const length = (value: unknown) => new LongestValues(template).string(value).length;

describe('pseudo parameters take their longest real values', () => {
  test.each([
    ['AWS::Region', 'us-isof-south-1'],
    ['AWS::Partition', 'aws-us-gov'],
    ['AWS::AccountId', '123456789012'],
    ['AWS::URLSuffix', 'amazonaws.com.cn'],
  ])('%s', (name, value) => {
    expect(longest({ Ref: name }).value).toBe(value);
  });

  test('AWS::StackName: 128 characters', () => {
    expect(length({ Ref: 'AWS::StackName' })).toBe(128);
  });

  test('AWS::NoValue removes the property or element holding it', () => {
    expect(longest({ A: 'a', B: { Ref: 'AWS::NoValue' }, C: ['c', { Ref: 'AWS::NoValue' }] }).value).toEqual({ A: 'a', C: ['c'] });
  });
});

describe('a Ref to a parameter takes its longest allowed value', () => {
  test.each([
    ['MaxLength', 'Short', 10],
    ['the longest AllowedValue', 'Stage', 'staging'.length],
    ['the longest string AllowedPattern accepts', 'Named', 31],
    ['the longest value the environment publishes (SSM contract)', 'DataBucket', 63],
    ['the longest of MinValue / MaxValue', 'Count', 3],
  ])('%s', (_, name, expected) => {
    expect(longest({ Ref: name })).toEqual({ value: expect.any(String), unbounded: [] });
    expect(length({ Ref: name })).toBe(expected);
  });

  test('a list of subnets: 16 subnet ids (SageMaker VpcConfig takes at most 16)', () => {
    expect(longest({ Ref: 'Subnets' }).value).toEqual(Array.from({ length: 16 }, () => expect.stringMatching(/^subnet-x{17}$/)));
  });

  test('an unbounded String and an SSM parameter outside the contract: 4,096, and named', () => {
    for (const name of ['Free', 'Foreign']) {
      const result = longest({ Ref: name });
      expect((result.value as string).length).toBe(4096);
      expect(result.unbounded).toEqual([expect.stringContaining(`parameter ${name} `)]);
    }
  });

  test.each([
    [{ Type: 'AWS::EC2::VPC::Id' }, 21],
    [{ Type: 'AWS::EC2::SecurityGroup::Id' }, 20],
    [{ Type: 'AWS::SSM::Parameter::Value<AWS::EC2::VPC::Id>', Default: '/other/vpc' }, 21],
    [{ Type: 'String', MaxLength: 40, AllowedPattern: '^[a-z]{1,20}$' }, 20],
  ])('%j: %i characters', (parameter, expected) => {
    expect((longestParameterValue(parameter).value as string).length).toBe(expected);
  });
});

describe('Ref and Fn::GetAtt of a resource take the longest id or ARN of its type', () => {
  test('a role named from a parameter: the name at its longest; its ARN around it', () => {
    expect(length({ Ref: 'Role' })).toBe(31 + '-runner'.length);
    expect(longest({ 'Fn::GetAtt': ['Role', 'Arn'] }).value).toBe(`arn:aws-us-gov:iam::123456789012:role/${'x'.repeat(31)}-runner`);
    expect(longest({ 'Fn::GetAtt': 'Role.Arn' }).value).toBe(longest({ 'Fn::GetAtt': ['Role', 'Arn'] }).value);
  });

  test('a role CloudFormation names: 64 characters', () => {
    expect(length({ Ref: 'GeneratedRole' })).toBe(64);
  });

  test('a bucket: 63-character name, ARN without region or account', () => {
    expect(longest({ 'Fn::GetAtt': ['Bucket', 'Arn'] }).value).toBe(`arn:aws-us-gov:s3:::${'x'.repeat(63)}`);
  });

  test('a KMS key ARN', () => {
    expect(longest({ 'Fn::GetAtt': ['Key', 'Arn'] }).value).toBe(`arn:aws-us-gov:kms:us-isof-south-1:123456789012:key/${'x'.repeat(36)}`);
  });

  test('a type or attribute the gate does not know: 4,096, and named', () => {
    const result = longest({ 'Fn::GetAtt': ['Custom', 'Value'] });
    expect((result.value as string).length).toBe(4096);
    expect(result.unbounded).toEqual(['Fn::GetAtt Custom.Value (Custom::Thing)']);
    expect(longest({ 'Fn::GetAtt': ['Bucket', 'NoSuchAttribute'] }).unbounded).toHaveLength(1);
  });
});

describe('intrinsic functions', () => {
  test('Fn::Join', () => {
    expect(longest({ 'Fn::Join': [':', ['a', { Ref: 'Stage' }, { Ref: 'AWS::AccountId' }]] }).value).toBe('a:staging:123456789012');
  });

  test('Fn::Sub: parameters, attributes, pseudo parameters, its own variables, and ${!literal}', () => {
    expect(
      longest({ 'Fn::Sub': ['${Stage}/${Bucket.Arn}/${AWS::Region}/${Extra}/${!Keep}', { Extra: { Ref: 'Short' } }] }).value,
    ).toBe(`staging/arn:aws-us-gov:s3:::${'x'.repeat(63)}/us-isof-south-1/${'x'.repeat(10)}/\${Keep}`);
  });

  test('Fn::Select: the element when index and list are literal, else the longest element', () => {
    expect(longest({ 'Fn::Select': [1, ['a', 'bb', 'ccc']] }).value).toBe('bb');
    expect(longest({ 'Fn::Select': [{ Ref: 'Count' }, ['a', 'bb', 'ccc']] }).value).toBe('ccc');
    expect(longest({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }).value).toBe('us-isof-south-1a');
  });

  test('Fn::Split', () => {
    expect(longest({ 'Fn::Split': [',', { 'Fn::Join': [',', ['a', { Ref: 'Stage' }]] }] }).value).toEqual(['a', 'staging']);
  });

  test('Fn::If: the longer branch, AWS::NoValue counting as nothing', () => {
    expect(longest({ 'Fn::If': ['C', 'short', 'much longer'] }).value).toBe('much longer');
    expect(longest({ 'Fn::If': ['C', { Ref: 'AWS::NoValue' }, 'kept'] }).value).toBe('kept');
  });

  test('Fn::FindInMap: the entry for literal keys, the longest entry for a deploy-time key', () => {
    expect(longest({ 'Fn::FindInMap': ['Sizes', 'eu-west-1', 'Instance'] }).value).toBe('ml.m5.large');
    expect(longest({ 'Fn::FindInMap': ['Sizes', { Ref: 'AWS::Region' }, 'Instance'] }).value).toBe('ml.m5.24xlarge');
  });

  test('Fn::ImportValue: 4,096, and named', () => {
    const result = longest({ 'Fn::ImportValue': 'shared-vpc' });
    expect((result.value as string).length).toBe(4096);
    expect(result.unbounded).toEqual(['Fn::ImportValue']);
  });

  test('Fn::GetAZs: six zones (us-east-1 has the most) of the longest name', () => {
    expect(longest({ 'Fn::GetAZs': { Ref: 'AWS::Region' } }).value).toEqual(Array(6).fill('us-isof-south-1a'));
  });

  test('Fn::Cidr: as many blocks as asked, each the longest IPv4 CIDR', () => {
    expect(longest({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }).value).toEqual(Array(3).fill('255.255.255.255/32'));
  });

  test('Fn::Base64: the encoded length', () => {
    expect(length({ 'Fn::Base64': 'abcd' })).toBe(8);
  });
});

describe('patternMaxLength', () => {
  test.each([
    ['^[a-z][a-z0-9-]{1,30}$', 31],
    ['^(dev|staging|prod)$', 7],
    ['^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$', Infinity],
    ['^\\d{12}$', 12],
    ['^arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+$', Infinity],
    ['^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/1[67]$', 18],
    ['^ab?c{2}(?:de)?$', 6],
    ['^[a-z]{2,}$', Infinity],
    ['(unclosed', Infinity],
  ])('%s: %s', (pattern, expected) => {
    expect(patternMaxLength(pattern)).toBe(expected);
  });
});
