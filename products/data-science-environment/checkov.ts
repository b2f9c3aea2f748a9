/**
 * The checkov findings this product accepts in its templates (current and
 * released versions), by check and logical id, each with its reason; read by
 * synth and security-report from the contract's `checkovAcknowledgements`
 * (contract.ts re-exports them; the class re-exports the contract's). They
 * live outside the templates, so released versions stay as released.
 */
import { accessLogsBucketCheckovAcknowledgement, acknowledgeCheckov, type CheckovAcknowledgement, networkHousekeepingCheckovAcknowledgements } from '../../src/model';

const SERVICE_CATALOG_LAUNCH =
  'SageMaker projects launch their project template (a Service Catalog product) as the Studio user, so the user ' +
  'needs servicecatalog:ProvisionProduct; which products it can launch is decided by Service Catalog, not by this ' +
  "statement: only products of a portfolio shared with the caller's role (portfolio principal associations, " +
  'portfolios/*.yaml), and a product with a launch constraint is provisioned with its launch role ' +
  "(src/generator/catalog-stack.ts), not with the user's permissions.";

export const CHECKOV_ACKNOWLEDGEMENTS: readonly CheckovAcknowledgement[] = [
  accessLogsBucketCheckovAcknowledgement(['StorageAccessLogsBucketFEE4D6FB']),
  // 2.0.0 on: the function that closes the default security group and looks up the S3 prefix list.
  ...networkHousekeepingCheckovAcknowledgements(['NetworkHousekeepingFunction071F2018']),
  acknowledgeCheckov({ check: 'CKV_AWS_111', logicalIds: ['IdentityWorkloadsStudioTools70B6B464'], reason: SERVICE_CATALOG_LAUNCH }),
  acknowledgeCheckov({
    check: 'CKV_AWS_111',
    logicalIds: ['IdentityWorkloadPermissionsFF9C6541'],
    versions: ['1.0.0'],
    reason: `${SERVICE_CATALOG_LAUNCH} (1.0.0: the same statement, in the one workload policy of that version.)`,
  }),
];
