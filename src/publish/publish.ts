/**
 * Deploys the publish steps one after the other through the CDK toolkit, from
 * the cloud assembly `synthesizeCatalog` wrote, and stops at the first failure:
 * what has not run yet (staging and prod after a failed dev, say) is reported,
 * never attempted.
 *
 * Every deploy selects exactly one stack by its id, creates and executes a
 * change set, and passes no role of its own: the toolkit assumes the deploy role
 * the assembly names for that stack (the target account's CDK bootstrap deploy
 * role, which trusts the publishing account) and CloudFormation runs as the
 * bootstrap execution role.
 */
import type { DeployOptions, StackSelectionStrategy } from '@aws-cdk/toolkit-lib';
import { assertNoVersionReplacement } from './artifact-guard';
import type { DeployToolkit } from './deploy-toolkit';
import type { PublishStep } from './publish-plan';

/** `StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE`, without loading the toolkit (tests check the value). */
export const SINGLE_STACK = 'pattern-must-match-single' as StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE;

/** Exactly what the toolkit is asked for one step. */
export function deployOptionsOf(step: PublishStep): DeployOptions {
  return {
    stacks: { strategy: SINGLE_STACK, patterns: [step.stackId] },
    // A change set, executed: the same path `cdk deploy` takes, reviewable in the console while it runs.
    deploymentMethod: { method: 'change-set', execute: true },
    // Roll back a failed stack so the next publish starts from the last good state.
    rollback: true,
    concurrency: 1,
  };
}

export interface PublishProgress {
  /** Called before each step. */
  started?(step: PublishStep, index: number, total: number): void;
  /** Called after each successful step. */
  succeeded?(step: PublishStep, index: number, total: number): void;
}

export interface PublishResult {
  readonly deployed: readonly PublishStep[];
  /** The step that failed, and why; undefined when every step succeeded. */
  readonly failed?: { readonly step: PublishStep; readonly error: Error };
  /** Steps not attempted because an earlier one failed. */
  readonly skipped: readonly PublishStep[];
}

/**
 * Deploys `steps` in order from the assembly in `assemblyDir`. A failed deploy
 * ends the run (it is a result, not a bug); a template that would replace
 * published versions stops it before anything is deployed.
 */
export async function publishCatalog(
  toolkit: DeployToolkit,
  assemblyDir: string,
  steps: readonly PublishStep[],
  progress: PublishProgress = {},
): Promise<PublishResult> {
  assertNoVersionReplacement(assemblyDir);
  const cx = await toolkit.fromAssemblyDirectory(assemblyDir);
  const deployed: PublishStep[] = [];
  for (const [index, step] of steps.entries()) {
    progress.started?.(step, index, steps.length);
    try {
      await toolkit.deploy(cx, deployOptionsOf(step));
    } catch (error) {
      return { deployed, failed: { step, error: error as Error }, skipped: steps.slice(index + 1) };
    }
    deployed.push(step);
    progress.succeeded?.(step, index, steps.length);
  }
  return { deployed, skipped: [] };
}
