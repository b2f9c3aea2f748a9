/**
 * What the product declares about itself (src/model/product-contract.ts):
 * read by validate without loading the product's stack or aws-cdk-lib, and
 * re-exported by its class. Imports the model only.
 */
import type { SsmParameterUse } from '../../src/model';

/** The SSM parameters its template reads (a test checks this against the template). */
export const ssmParameters: SsmParameterUse = {
  reads: ['dataKeyArn', 'modelExecutionRoleArn', 'modelsBucketName', 'privateSubnetIds', 'securityGroupIds', 'volumeKeyArn'],
  publishes: [],
};
