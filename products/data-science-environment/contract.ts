/**
 * What the product declares about itself (src/model/product-contract.ts):
 * read by validate without loading the product's stack or aws-cdk-lib, and
 * re-exported by its class. Imports the model only.
 */
import { SSM_CONTRACT, type SsmContractKey, type SsmParameterUse } from '../../src/model';

/** Publishes every parameter of the SSM contract, reads none (a test checks this against the template). */
export const ssmParameters: SsmParameterUse = {
  reads: [],
  publishes: Object.keys(SSM_CONTRACT) as SsmContractKey[],
  catalogFacts: ['deploymentTargetAccounts', 'stagingAccounts'],
};

/** The checkov findings it accepts, with why (checkov.ts). */
export { CHECKOV_ACKNOWLEDGEMENTS as checkovAcknowledgements } from './checkov';
