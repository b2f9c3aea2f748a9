/**
 * The catalog's accounts by stage: where models are deployed from and to. A
 * pure query over the model, used by the deploy products' catalog requirements
 * (their contract.ts) and by the SageMaker project kit (src/sagemaker-projects).
 */
import type { Account } from './catalog';

export type TargetStage = 'staging' | 'prod';

export interface DeploymentTargets {
  /** Accounts with `stage: staging`, in catalog order. */
  readonly staging: readonly Account[];
  /** Accounts with `stage: prod`, in catalog order. */
  readonly prod: readonly Account[];
  /** Accounts with `stage: dev`: where the project templates (and their pipelines) run. */
  readonly dev: readonly Account[];
}

export function deploymentTargets(accounts: readonly Account[]): DeploymentTargets {
  return {
    staging: accounts.filter((a) => a.stage === 'staging'),
    prod: accounts.filter((a) => a.stage === 'prod'),
    dev: accounts.filter((a) => a.stage === 'dev'),
  };
}
