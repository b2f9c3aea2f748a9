/** SageMaker secure-defaults rules: a compliant and a non-compliant resource each. */
import {
  SageMakerDomainEncrypted,
  SageMakerDomainVpcOnly,
  SageMakerEndpointConfigEncrypted,
  SageMakerModelInVpc,
  SageMakerMonitoringInVpc,
  SageMakerNotebookEncrypted,
  SageMakerNotebookInVpc,
  SageMakerNotebookNoDirectInternet,
  SageMakerNotebookNoRootAccess,
} from '../../../src/secure/rules';

const context = { logicalId: 'Resource', template: { Resources: {} } };
const notebook = (Properties: Record<string, unknown>) => ({
  Type: 'AWS::SageMaker::NotebookInstance',
  Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn', ...Properties },
});
const secureNotebook = notebook({
  SubnetId: 'subnet-1',
  SecurityGroupIds: ['sg-1'],
  KmsKeyId: 'key',
  DirectInternetAccess: 'Disabled',
  RootAccess: 'Disabled',
});

describe('SageMaker notebook instance rules', () => {
  test('a VPC-attached, encrypted notebook without internet or root access passes every rule', () => {
    for (const rule of [SageMakerNotebookInVpc, SageMakerNotebookEncrypted, SageMakerNotebookNoDirectInternet, SageMakerNotebookNoRootAccess]) {
      expect(rule.check(secureNotebook, context).status).toBe('compliant');
    }
  });

  test('fails a notebook outside the VPC', () => {
    expect(SageMakerNotebookInVpc.check(notebook({ SecurityGroupIds: ['sg-1'] }), context)).toEqual({
      status: 'non-compliant',
      problem: 'the notebook instance is not VPC-attached (SubnetId not set).',
      locations: ['Properties/SubnetId'],
    });
  });

  test('fails a notebook without a volume key', () => {
    expect(SageMakerNotebookEncrypted.check(notebook({}), context)).toMatchObject({
      problem: 'the notebook instance volume has no KMS key (KmsKeyId is not set).',
    });
  });

  test('fails a notebook with direct internet access, including the SageMaker default (unset)', () => {
    expect(SageMakerNotebookNoDirectInternet.check(notebook({ DirectInternetAccess: 'Enabled' }), context)).toMatchObject({
      problem: "direct internet access is \"Enabled\", not 'Disabled'.",
    });
    expect(SageMakerNotebookNoDirectInternet.check(notebook({}), context).status).toBe('non-compliant');
  });

  test('fails a notebook with root access, including the SageMaker default (unset)', () => {
    expect(SageMakerNotebookNoRootAccess.check(notebook({ RootAccess: 'Enabled' }), context)).toMatchObject({
      problem: "root access is \"Enabled\", not 'Disabled'.",
    });
    expect(SageMakerNotebookNoRootAccess.check(notebook({}), context).status).toBe('non-compliant');
  });
});

describe('SageMakerModelInVpc', () => {
  test('a model with subnets and security groups is compliant', () => {
    const model = { Type: 'AWS::SageMaker::Model', Properties: { VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] } } };
    expect(SageMakerModelInVpc.check(model, context).status).toBe('compliant');
  });

  test('fails a model without VpcConfig', () => {
    expect(SageMakerModelInVpc.check({ Type: 'AWS::SageMaker::Model', Properties: {} }, context)).toEqual({
      status: 'non-compliant',
      problem: 'the model is not VPC-attached (VpcConfig.Subnets and VpcConfig.SecurityGroupIds not set).',
      locations: ['Properties/VpcConfig'],
    });
  });
});

describe('SageMakerEndpointConfigEncrypted', () => {
  const config = (Properties: Record<string, unknown>) => ({ Type: 'AWS::SageMaker::EndpointConfig', Properties });
  const instances = [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large' }];

  test('an instance-backed configuration with a key is compliant; a serverless-only one needs none', () => {
    expect(SageMakerEndpointConfigEncrypted.check(config({ ProductionVariants: instances, KmsKeyId: 'key' }), context).status).toBe(
      'compliant',
    );
    const serverless = config({ ProductionVariants: [{ VariantName: 'A', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 1 } }] });
    expect(SageMakerEndpointConfigEncrypted.check(serverless, context).status).toBe('not-applicable');
  });

  test('fails an instance-backed configuration without a key', () => {
    expect(SageMakerEndpointConfigEncrypted.check(config({ ProductionVariants: instances }), context)).toMatchObject({
      problem: 'the endpoint configuration has no KMS key for its instance storage (KmsKeyId is not set).',
    });
  });
});

describe('SageMaker Studio domain rules', () => {
  const domain = (Properties: Record<string, unknown>) => ({ Type: 'AWS::SageMaker::Domain', Properties });

  test('a VpcOnly, encrypted domain is compliant', () => {
    const secure = domain({ AppNetworkAccessType: 'VpcOnly', KmsKeyId: 'key' });
    expect(SageMakerDomainVpcOnly.check(secure, context).status).toBe('compliant');
    expect(SageMakerDomainEncrypted.check(secure, context).status).toBe('compliant');
  });

  test('fails a domain with public internet access, including the SageMaker default (unset)', () => {
    expect(SageMakerDomainVpcOnly.check(domain({ AppNetworkAccessType: 'PublicInternetOnly' }), context)).toMatchObject({
      problem: "network access is \"PublicInternetOnly\", not 'VpcOnly'.",
    });
    expect(SageMakerDomainVpcOnly.check(domain({}), context).status).toBe('non-compliant');
  });

  test('fails a domain without a storage key', () => {
    expect(SageMakerDomainEncrypted.check(domain({}), context)).toMatchObject({
      problem: 'the domain storage has no KMS key (KmsKeyId is not set).',
    });
  });
});

describe('SageMakerMonitoringInVpc', () => {
  const vpcConfig = { VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] } };

  test('a VPC-attached job definition, and a schedule pointing at a separate definition, pass', () => {
    const definition = { Type: 'AWS::SageMaker::DataQualityJobDefinition', Properties: { NetworkConfig: vpcConfig } };
    expect(SageMakerMonitoringInVpc.check(definition, context).status).toBe('compliant');
    const schedule = {
      Type: 'AWS::SageMaker::MonitoringSchedule',
      Properties: { MonitoringScheduleConfig: { MonitoringJobDefinitionName: 'quality' } },
    };
    expect(SageMakerMonitoringInVpc.check(schedule, context).status).toBe('not-applicable');
  });

  test('fails a job definition, or a schedule with an inline definition, outside the VPC', () => {
    const definition = { Type: 'AWS::SageMaker::ModelQualityJobDefinition', Properties: {} };
    expect(SageMakerMonitoringInVpc.check(definition, context)).toEqual({
      status: 'non-compliant',
      problem: 'the monitoring job is not VPC-attached (NetworkConfig.VpcConfig is not set).',
      locations: ['Properties/NetworkConfig'],
    });
    const schedule = {
      Type: 'AWS::SageMaker::MonitoringSchedule',
      Properties: { MonitoringScheduleConfig: { MonitoringJobDefinition: { NetworkConfig: {} } } },
    };
    expect(SageMakerMonitoringInVpc.check(schedule, context)).toMatchObject({
      locations: ['Properties/MonitoringScheduleConfig/MonitoringJobDefinition/NetworkConfig'],
    });
  });
});
