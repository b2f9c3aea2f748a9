/**
 * Every kind of publish target, in build and publish order: the named accounts
 * (by stage), the organisation (after production), the pipeline (which deploys
 * the waves of the targets before it). A new kind is a file beside this one and
 * a line here.
 */
import type { App } from 'aws-cdk-lib';
import { accountsTarget } from './accounts';
import { organizationTarget } from './organization';
import { pipelineTarget } from './pipeline';
import type { BuiltTarget, PublishMode, PublishStep, PublishTarget, PublishingStackSummary, StepOf, TargetBuildContext } from './target';
import type { Catalog } from '../../model/catalog';
import type { PublishedVersionTemplates } from '../../model/published-shape';
import type { TargetState } from '../../model/published-state-schema';

export type { BuiltTarget, PipelineWave, PublishMode, PublishStep, PublishTarget, PublishingStackSummary, StepOf, TargetBuildContext } from './target';
export { ORGANIZATION_WAVE } from './organization';

export const PUBLISH_TARGETS: readonly PublishTarget[] = [accountsTarget, organizationTarget, pipelineTarget];

/** Adds every target's stacks to `app`, in order. */
export function buildTargets(app: App, context: TargetBuildContext): void {
  const built: BuiltTarget[] = [];
  for (const target of PUBLISH_TARGETS) built.push(target.build(app, context, [...built]));
}

/** Every stack `publish` deploys in `mode`, in order. */
export function targetPublishSteps(catalog: Catalog, mode: PublishMode, step: StepOf): PublishStep[] {
  return PUBLISH_TARGETS.flatMap((target) => target.publishSteps(catalog, mode, step));
}

/** The `synth` summary's rows besides the catalog stacks. */
export function targetSummaries(catalog: Catalog): PublishingStackSummary[] {
  const waves: string[] = [];
  return PUBLISH_TARGETS.flatMap((target) => {
    const rows = target.summary(catalog, [...waves]);
    waves.push(...target.waveNames(catalog));
    return rows;
  });
}

/** What every target holds once published: the catalog stacks in catalog order, then the organisation's StackSet. */
export function targetShapes(catalog: Catalog, versions: PublishedVersionTemplates): TargetState[] {
  return PUBLISH_TARGETS.flatMap((target) => target.shapes(catalog, versions));
}
