/**
 * A publish target: one kind of place the catalog is published to (the named
 * accounts, the organisation's units, the CI pipeline). Everything a kind of
 * target contributes lives behind this one interface, so adding a kind is one
 * file here plus one line in ./index.ts (its manifest checks stay in
 * src/manifest/checks/, where `validate` runs them without the build machinery):
 *
 * - `build`: its stacks in the catalog app, and the pipeline waves that deploy them;
 * - `publishSteps`: the stacks `publish` deploys for it, in order;
 * - `summary`: what `synth` lists besides the catalog stacks;
 * - `shapes`: what it holds once published (`plan` compares, `publish` records).
 *
 * Targets build in registry order, and later ones see what earlier ones built
 * (the pipeline deploys the waves of the targets before it).
 */
import type { App, Stage } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Catalog } from '../../model/catalog';
import type { PublishedVersionTemplates } from '../../model/published-shape';
import type { TargetState } from '../../model/published-state-schema';
import type { AppRuleCheck } from '../rule-pack-check';
import type { VersionTemplates } from '../versions';

export interface TargetBuildContext {
  readonly catalog: Catalog;
  readonly versions: VersionTemplates;
  /** Collect the rule-pack results of apps a target synthesizes itself instead of throwing (security-report). */
  readonly collect?: AppRuleCheck[];
}

/** One wave of the CI pipeline: CDK stages that deploy together, after the waves before it. */
export interface PipelineWave {
  readonly name: string;
  /** A manual approval before the wave, with this comment. */
  readonly approval?: string;
  /** Adds the wave's CDK stages to `scope` (the pipeline stack); they must build the same stacks as the app. */
  addStages(scope: Construct): Stage[];
}

/** What a target built, for the targets after it. */
export interface BuiltTarget {
  readonly waves: readonly PipelineWave[];
}

/** `catalog`: `publish` itself deploys the catalog; `pipeline`: `publish --pipeline` sets up the pipeline that will. */
export type PublishMode = 'catalog' | 'pipeline';

export interface PublishStep {
  readonly kind: 'catalog' | 'organization-templates' | 'organization-stackset' | 'pipeline';
  /** The stack's artifact id in the cloud assembly (its hierarchical id). */
  readonly stackId: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** `dev` / `staging` / `prod` for catalog stacks, else what the step is for. */
  readonly stage: string;
  readonly accountName: string;
  readonly accountId: string;
  readonly region: string;
  /** The role the toolkit assumes in the target account (from the assembly). */
  readonly deployRoleArn: string;
  /** The role CloudFormation deploys with (from the assembly). */
  readonly executionRoleArn: string;
}

/** Makes the step for one stack of the cloud assembly (account, region and roles come from the assembly). */
export type StepOf = (kind: PublishStep['kind'], stackId: string, stage: string, accountName: string) => PublishStep;

/** A row of the `synth` summary: a stack besides the catalog stacks, and where it deploys to. */
export interface PublishingStackSummary {
  readonly stackName: string;
  readonly purpose: string;
  readonly account: string;
  readonly accountId: string;
  readonly region: string;
}

export interface PublishTarget {
  /** As in messages and the pipeline's wave names. */
  readonly name: string;
  /** Adds the target's stacks to `app`; `earlier`: what the targets before it built. Nothing when catalog.yaml does not ask for it. */
  build(app: App, context: TargetBuildContext, earlier: readonly BuiltTarget[]): BuiltTarget;
  /** Its stacks for `publish`, in deploy order (throws a ManifestError for what only publishing can refuse). */
  publishSteps(catalog: Catalog, mode: PublishMode, step: StepOf): PublishStep[];
  /** The names of the pipeline waves it adds, without building them. */
  waveNames(catalog: Catalog): string[];
  /** Its rows of the `synth` summary; `earlierWaves`: the wave names of the targets before it. */
  summary(catalog: Catalog, earlierWaves: readonly string[]): PublishingStackSummary[];
  shapes(catalog: Catalog, versions: PublishedVersionTemplates): TargetState[];
}
