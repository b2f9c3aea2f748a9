/**
 * The sagemaker-endpoint product template: a VPC-attached, network-isolated
 * model behind an endpoint whose volume is encrypted with the environment's KMS
 * key, with every setting an end user does not choose taken from the data
 * science environment's SSM parameters.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { ENDPOINT_INSTANCE_TYPES, SageMakerEndpointProduct } from '../../products/sagemaker-endpoint';
import { synthProduct, type SynthesizedProduct, expectReasonedAcknowledgements } from '../helpers';

describe('sagemaker-endpoint', () => {
  let product: SynthesizedProduct;
  beforeAll(() => {
    product = synthProduct(SageMakerEndpointProduct, 'sagemaker-endpoint');
  });

  test('the model is VPC-attached to the environment subnets and security groups, with network isolation on', () => {
    product.template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      VpcConfig: {
        Subnets: { Ref: 'PrivateSubnetIdsParameter' },
        SecurityGroupIds: { Ref: 'SecurityGroupIdsParameter' },
      },
      ExecutionRoleArn: { Ref: 'ModelExecutionRoleArnParameter' },
    });
  });

  test('the model comes from a model package, or from model data and an image, never both', () => {
    const model = Object.values(product.template.findResources('AWS::SageMaker::Model'))[0];
    expect(model.Properties.PrimaryContainer).toEqual({
      ModelPackageName: { 'Fn::If': ['UseModelPackage', { Ref: 'ModelPackageArn' }, { Ref: 'AWS::NoValue' }] },
      Image: { 'Fn::If': ['UseModelPackage', { Ref: 'AWS::NoValue' }, { Ref: 'ImageUri' }] },
      ModelDataUrl: { 'Fn::If': ['UseModelPackage', { Ref: 'AWS::NoValue' }, { Ref: 'ModelDataUrl' }] },
    });
    const rule = product.json.Rules.OneModelSource;
    expect(rule.Assertions.map((a: any) => a.AssertDescription)).toEqual([
      'Give a model package ARN, or both a model data URL and an image URI.',
      'Give either a model package ARN or a model data URL and image URI, not both.',
    ]);
  });

  test('the endpoint volume is encrypted with the environment volume key', () => {
    product.template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: { Ref: 'VolumeKeyArnParameter' },
      ProductionVariants: Match.arrayWith([
        Match.objectLike({
          VariantName: 'AllTraffic',
          InstanceType: { Ref: 'InstanceType' },
          InitialInstanceCount: { Ref: 'InstanceCount' },
        }),
      ]),
    });
    product.template.resourceCountIs('AWS::SageMaker::Endpoint', 1);
  });

  test('network, keys and role default to the SSM parameters the environment publishes', () => {
    const parameters = product.json.Parameters;
    expect(parameters.PrivateSubnetIdsParameter).toEqual(
      expect.objectContaining({
        Type: 'AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>',
        Default: '/mlops/ds-team/network/private-subnet-ids',
      }),
    );
    expect(parameters.SecurityGroupIdsParameter).toEqual(
      expect.objectContaining({
        Type: 'AWS::SSM::Parameter::Value<List<AWS::EC2::SecurityGroup::Id>>',
        Default: '/mlops/ds-team/network/security-group-ids',
      }),
    );
    expect(parameters.VolumeKeyArnParameter).toEqual(
      expect.objectContaining({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mlops/ds-team/kms/volume-key-arn' }),
    );
    expect(parameters.ModelExecutionRoleArnParameter).toEqual(
      expect.objectContaining({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mlops/ds-team/iam/model-execution-role-arn' }),
    );
  });

  test('instance types are a closed list of EBS-backed types, so the volume key always applies', () => {
    expect(product.json.Parameters.InstanceType.AllowedValues).toEqual([...ENDPOINT_INSTANCE_TYPES]);
    expect(ENDPOINT_INSTANCE_TYPES.filter((t) => /^ml\.(g5|g4dn|m5d|c5d|r5d|p4d)\./.test(t))).toEqual([]);
    expect(product.json.Parameters.InstanceCount).toEqual(expect.objectContaining({ Type: 'Number', MinValue: 1 }));
  });

  test('the image must come from Amazon ECR', () => {
    const pattern = new RegExp(product.json.Parameters.ImageUri.AllowedPattern);
    expect(pattern.test('123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:1.0')).toBe(true);
    expect(pattern.test('')).toBe(true);
    expect(pattern.test('docker.io/library/python:3')).toBe(false);
    expect(pattern.test('public.ecr.aws/x/y:latest')).toBe(false);
  });

  test('the console groups and labels every parameter', () => {
    const ui = product.json.Metadata['AWS::CloudFormation::Interface'];
    const grouped = ui.ParameterGroups.flatMap((g: any) => g.Parameters);
    expect(grouped.sort()).toEqual(Object.keys(product.json.Parameters).sort());
    for (const id of grouped) expect(ui.ParameterLabels[id].default).toEqual(expect.any(String));
    expect(ui.ParameterGroups.map((g: any) => g.Label.default)).toEqual(expect.arrayContaining(['Model', 'Capacity']));
  });

  test('the template is environment-agnostic', () => {
    const text = JSON.stringify(product.json);
    expect(text).not.toMatch(/(^|[^0-9])\d{12}([^0-9]|$)/);
    expect(text).not.toMatch(/\b(eu|us|ap|sa|ca|me|af|il|mx)-(west|east|central|north|south|northeast|southeast)-\d\b/);
    expect(product.json.Parameters.BootstrapVersion).toBeUndefined();
    expect(product.json.Rules.CheckBootstrapVersion).toBeUndefined();
  });

  test('is clean under AwsSolutions, NIST 800-53 R5, HIPAA Security and CloudFormation validation', () => {
    expect(product.findings).toEqual([]);
  });

  test('every acknowledged finding carries a reason', () => {
    expectReasonedAcknowledgements(product.stack);
  });
});
