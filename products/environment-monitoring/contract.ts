/**
 * What the product declares about itself (src/model/product-contract.ts):
 * read by validate without loading the product's stack or aws-cdk-lib, and
 * re-exported by its class. Imports the model only.
 */
import { MONITORING_CONTRACT, type SsmParameterUse } from '../../src/model';

/** The SSM parameters its template reads (a test checks this against the template). */
export const ssmParameters: SsmParameterUse = {
  reads: [
    'accessLogsBucketName',
    'dataBucketName',
    'dataKeyArn',
    'dataScientistRoleArn',
    'environmentName',
    'logsKeyArn',
    'modelExecutionRoleArn',
    'modelsBucketName',
    'pipelineExecutionRoleArn',
    'privateSubnetIds',
    's3EndpointId',
    'sageMakerExecutionRoleArn',
    'securityGroupIds',
    'studioDomainId',
    'teamAdminRoleArn',
    'volumeKeyArn',
    'vpcId',
  ],
  publishes: [],
  publishesOwn: Object.values(MONITORING_CONTRACT).map((entry) => entry.key),
};
