/**
 * The shared parameters every product inherits: SSM parameter types defaulting
 * to what the data science environment publishes, labelled and grouped for the
 * console, added only when a product reads them.
 */
import type { Construct } from 'constructs';
import { loadCatalog } from '../../src/manifest';
import { SSM_CONTRACT } from '../../src/model/ssm-contract';
import { SecureProductStack, type SecureProductStackProps, SHARED_GROUPS } from '../../src/secure/secure-product-stack';
import { catalogRoot, synthProduct } from '../helpers';

class ReadsEverything extends SecureProductStack {
  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    const shared = this.shared;
    // Reading a value is what adds its parameter.
    void [shared.environmentName, shared.environmentType, shared.vpcId, shared.privateSubnetIds, shared.securityGroupIds];
    void [shared.dataKeyArn, shared.volumeKeyArn, shared.logsKeyArn];
    shared.value('dataBucketName', 'Storage');
  }
}

class ReadsNothing extends SecureProductStack {
  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
  }
}

describe('shared parameters', () => {
  const catalog = () => loadCatalog(catalogRoot('data-science-environment'));

  test('each is an SSM parameter type defaulting to /<ssmPrefix>/<environmentName>/<key>', () => {
    const { json } = synthProduct(ReadsEverything, 'data-science-environment', catalog());
    expect(json.Parameters.PrivateSubnetIdsParameter).toEqual({
      Type: 'AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>',
      Default: '/platform/team-a/network/private-subnet-ids',
      Description: 'SSM parameter holding the private subnets; published by the data science environment.',
    });
    for (const [name, parameter] of Object.entries<any>(json.Parameters)) {
      const key = name.replace(/Parameter$/, '');
      const entry = SSM_CONTRACT[(key.charAt(0).toLowerCase() + key.slice(1)) as keyof typeof SSM_CONTRACT];
      expect({ name, type: parameter.Type, default: parameter.Default }).toEqual({
        name,
        type: `AWS::SSM::Parameter::Value<${entry.valueType}>`,
        default: `/platform/team-a/${entry.key}`,
      });
    }
  });

  test('are labelled and grouped for the console', () => {
    const { json } = synthProduct(ReadsEverything, 'data-science-environment', catalog());
    const layout = json.Metadata['AWS::CloudFormation::Interface'];
    expect(layout.ParameterGroups).toEqual([
      { Label: { default: SHARED_GROUPS.environment }, Parameters: ['EnvironmentNameParameter', 'EnvironmentTypeParameter'] },
      {
        Label: { default: SHARED_GROUPS.network },
        Parameters: ['VpcIdParameter', 'PrivateSubnetIdsParameter', 'SecurityGroupIdsParameter'],
      },
      { Label: { default: SHARED_GROUPS.encryption }, Parameters: ['DataKeyArnParameter', 'VolumeKeyArnParameter', 'LogsKeyArnParameter'] },
      { Label: { default: 'Storage' }, Parameters: ['DataBucketNameParameter'] },
    ]);
    expect(layout.ParameterLabels.LogsKeyArnParameter).toEqual({ default: 'KMS key for CloudWatch log groups (SSM parameter name)' });
  });

  test('a product that reads none has none', () => {
    const { json } = synthProduct(ReadsNothing, 'data-science-environment', catalog());
    expect(json.Parameters).toBeUndefined();
    expect(json.Metadata?.['AWS::CloudFormation::Interface']).toBeUndefined();
  });
});
