/**
 * What the product declares about itself (src/model/product-contract.ts):
 * read by validate without loading the product's stack or aws-cdk-lib, and
 * re-exported by its class. Imports the model only.
 */
import { type CatalogRequirements, deploymentTargets, type SsmParameterUse } from '../../src/model';

/** The SSM parameters its template reads (a test checks this against the template). */
export const ssmParameters: SsmParameterUse = {
  reads: [
    'accessLogsBucketName',
    'logsKeyArn',
    'packageDomainName',
    'packageRepositoryName',
    'privateSubnetIds',
    's3EndpointId',
    'sageMakerExecutionRoleArn',
    'securityGroupIds',
    'vpcId',
  ],
  publishes: [],
  catalogFacts: ['deploymentTargetAccounts', 'prodAccounts', 'stagingAccounts'],
};

/** Staging and production accounts to deploy to. */
export const catalogRequirements: CatalogRequirements = (catalog, product) => {
  const targets = deploymentTargets(catalog.accounts);
  const missing = (['staging', 'prod'] as const).filter((stage) => targets[stage].length === 0);
  return missing.length === 0
    ? []
    : [{
      ...product.source,
      code: 'PRODUCT_CATALOG_REQUIREMENT',
      message:
          `product '${product.id}' deploys to the staging and production accounts of catalog.yaml, but it has no account with ` +
          `${missing.map((stage) => `'stage: ${stage}'`).join(' or ')}; add one, or remove the product`,
    }];
};
