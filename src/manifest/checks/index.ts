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
import { olderVersionsReleased } from './older-versions-released';
import { organizationForUnits } from './organization-for-units';
import { organizationSsmInputs } from './organization-ssm-inputs';
import { pipelineSource } from './pipeline-source';
import { pipelineStages } from './pipeline-stages';
import { portfolioTargets } from './portfolio-targets';
import { productFolders } from './product-folders';
import { productFoldersNotShared } from './product-folders-not-shared';
import { publishingAccounts } from './publishing-accounts';
import { releasedFoldersOwn } from './released-folders-own';
import { releasedVersionsIntact } from './released-versions-intact';
import { releasedVersionsListed } from './released-versions-listed';
import { rootBesideOtherUnits } from './root-beside-other-units';
import { studioExecutionRolesNamed } from './studio-execution-roles-named';
import type { ProductCheck, ReleaseCheck, SemanticCheck } from './types';
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

/**
 * The release rules that need no build: what products/<path>/versions/ holds
 * against catalog.yaml (release-rules.ts runs them, for validate and synth).
 */
export const RELEASE_CHECKS: readonly ReleaseCheck[] = [
  productFoldersNotShared,
  releasedFoldersOwn,
  releasedVersionsListed,
  releasedVersionsIntact,
  olderVersionsReleased,
];

/** What only synth can check, as validate says it did not: each needs the templates built. */
export const CHECKS_NEEDING_BUILD: readonly string[] = [
  'template identity of released versions',
  'rule packs (cdk-nag, cfn-lint, checkov)',
  'SageMaker project parameters',
];
