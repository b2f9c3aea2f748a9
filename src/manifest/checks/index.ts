/**
 * Every manifest check, one file each (a pure function of the parsed files to
 * diagnostics at their positions), in the order their findings read best.
 * Adding a check is one file and one line here.
 */
import { duplicateAccountIds } from './duplicate-account-ids';
import { duplicatePortfolioIds } from './duplicate-portfolio-ids';
import { duplicateProductsInPortfolio } from './duplicate-products-in-portfolio';
import { duplicateVersions } from './duplicate-versions';
import { newestVersionNotRemoved } from './newest-version-not-removed';
import { organizationForUnits } from './organization-for-units';
import { organizationSsmInputs } from './organization-ssm-inputs';
import { pipelineSource } from './pipeline-source';
import { pipelineStages } from './pipeline-stages';
import { portfolioTargets } from './portfolio-targets';
import { productFolders } from './product-folders';
import { publishingAccounts } from './publishing-accounts';
import { rootBesideOtherUnits } from './root-beside-other-units';
import { studioExecutionRolesNamed } from './studio-execution-roles-named';
import type { ProductCheck, SemanticCheck } from './types';
import { unknownAccounts } from './unknown-accounts';
import { unknownProducts } from './unknown-products';

/** Checks of the manifest files alone (validate, before anything is built). */
export const SEMANTIC_CHECKS: readonly SemanticCheck[] = [
  unknownProducts,
  unknownAccounts,
  duplicatePortfolioIds,
  duplicateProductsInPortfolio,
  duplicateVersions,
  newestVersionNotRemoved,
  duplicateAccountIds,
  productFolders,
  studioExecutionRolesNamed,
  // publishing
  portfolioTargets,
  organizationForUnits,
  rootBesideOtherUnits,
  publishingAccounts,
  pipelineSource,
  pipelineStages,
];

/**
 * Checks that need what product code declares (the SSM parameters each product
 * reads and publishes): run once the product classes are loaded
 * (product-registry.ts, so by validate and synth), and again at synth on the
 * synthesized templates (organization-member-template.ts).
 */
export const PRODUCT_CHECKS: readonly ProductCheck[] = [organizationSsmInputs];
