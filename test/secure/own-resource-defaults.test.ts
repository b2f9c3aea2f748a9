/**
 * A product that brings its own keys, network and access-logs bucket takes
 * every secure default from them, none from the shared SSM parameters.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ownResourceDefaults } from '../../src/secure/own-resource-defaults';
import { PrivateNetwork } from '../../src/secure/private-network';

describe('ownResourceDefaults', () => {
  test('every value comes from the resources given', () => {
    const stack = new Stack();
    const key = (id: string) => new kms.CfnKey(stack, id, { keyPolicy: {} });
    const [dataKey, volumeKey, logsKey] = [key('Data'), key('Volume'), key('Logs')];
    const network = new PrivateNetwork(stack, 'Network', {
      cidr: '10.0.0.0/16',
      interfaceEndpoints: [],
      s3EndpointPolicy: {},
      flowLogsKeyArn: logsKey.attrArn,
      owner: 'the test',
      workloads: 'tests',
      sageMakerSecurityGroupDescription: 'Tests',
    });
    const accessLogsBucket = new s3.Bucket(stack, 'AccessLogs');
    const values = ownResourceDefaults({ dataKey, volumeKey, logsKey, network, accessLogsBucket });
    const resolved = (value: () => unknown) => stack.resolve(value());
    const getAtt = (construct: kms.CfnKey) => ({ 'Fn::GetAtt': [stack.getLogicalId(construct), 'Arn'] });
    expect(resolved(values.dataKeyArn)).toEqual(getAtt(dataKey));
    expect(resolved(values.volumeKeyArn)).toEqual(getAtt(volumeKey));
    expect(resolved(values.logsKeyArn)).toEqual(getAtt(logsKey));
    expect(resolved(values.subnetIds)).toEqual(stack.resolve(network.privateSubnetIds));
    expect(resolved(values.securityGroupIds)).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(network.sageMakerSecurityGroup), 'GroupId'] }]);
    expect(resolved(values.accessLogsBucketName)).toEqual({ Ref: stack.getLogicalId(accessLogsBucket.node.defaultChild as s3.CfnBucket) });
  });
});
