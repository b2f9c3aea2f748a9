/**
 * What the product declares about itself (src/model/product-contract.ts):
 * read by validate without loading the product's stack or aws-cdk-lib, and
 * re-exported by its class. Imports the model only.
 */
import { type CatalogRequirements, deploymentTargets, SAGEMAKER_XGBOOST_REGISTRIES, type SsmContractKey, type SsmParameterUse } from '../../src/model';

/** The contract keys the baseline publishes: everything an endpoint reads (the others are data science concepts). */
export const BASELINE_PUBLISHES = [
  'environmentName',
  'environmentType',
  'vpcId',
  'privateSubnetIds',
  'securityGroupIds',
  's3EndpointId',
  'dataKeyArn',
  'volumeKeyArn',
  'logsKeyArn',
  'modelsBucketName',
  'accessLogsBucketName',
  'modelExecutionRoleArn',
] as const satisfies readonly SsmContractKey[];

/** Publishes what an endpoint reads (a test checks this against the template). */
export const ssmParameters: SsmParameterUse = { reads: [], publishes: BASELINE_PUBLISHES, catalogFacts: ['accountStage', 'devAccounts'] };

/** Data science accounts to trust, staging or production accounts to prepare, and SageMaker's image registry in their regions. */
export const catalogRequirements: CatalogRequirements = (catalog, product) => {
  const targets = deploymentTargets(catalog.accounts);
  if (targets.dev.length === 0 || targets.staging.length + targets.prod.length === 0) {
    return [{
      ...product.source,
      code: 'PRODUCT_CATALOG_REQUIREMENT',
      message:
          `product '${product.id}' prepares staging and production accounts for the deploy projects of the data science ` +
          "accounts: add accounts with 'stage: dev' and with 'stage: staging' or 'stage: prod' to catalog.yaml, or remove the product",
    }];
  }
  return [...targets.staging, ...targets.prod].flatMap((account) => {
    const unknown = account.regions.filter((region) => !(region in SAGEMAKER_XGBOOST_REGISTRIES));
    return unknown.length === 0
      ? []
      : [{
        ...account.source,
        code: 'PRODUCT_CATALOG_REQUIREMENT' as const,
        message:
            `product '${product.id}' lets deployed models pull SageMaker's XGBoost image of their region, but no registry is ` +
            `known for ${unknown.join(', ')} of account '${account.name}': add it to src/model/sagemaker-images.ts, ` +
            'or publish the account in another region',
      }];
  });
};

/** The checkov findings it accepts, with why (checkov.ts). */
export { CHECKOV_ACKNOWLEDGEMENTS as checkovAcknowledgements } from './checkov';
