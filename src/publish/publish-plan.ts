/**
 * What `publish` deploys, in which order: a pure function of the catalog and
 * its synthesized cloud assembly, the publish targets' steps (src/generator/targets/)
 * in their order:
 *
 *   1. the catalog stacks, by stage (dev, staging, prod), then in catalog.yaml
 *      order (accounts, then their regions);
 *   2. the organisation's stacks (every region's templates bucket, then the
 *      StackSet), after production: their portfolios reach many accounts at once;
 *   3. with `--pipeline` instead: the organisation buckets and the pipeline stack
 *      (once; from then on the pipeline publishes on every push).
 *
 * Each step names the stack by its id in the assembly and carries the roles the
 * CDK toolkit assumes for it, as the assembly declares them: the target
 * account's bootstrap deploy role (trusting the publishing account through
 * `cdk bootstrap --trust`) and its CloudFormation execution role.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type PublishStep, type StepOf, targetPublishSteps } from '../generator/targets';
import type { Catalog } from '../model/catalog';

export type { PublishStep } from '../generator/targets';

export interface PublishFilter {
  /** Only this account (name or id). */
  readonly account?: string;
  readonly region?: string;
  /** Only this stage (`dev`, `staging`, `prod`, or `organization`). */
  readonly stage?: string;
  /** Deploy the pipeline (and the organisation buckets it publishes into) instead of the catalog. */
  readonly pipeline?: boolean;
}

/** Every step for the catalog, in order (see the file comment). Throws a ManifestError for an account without a stage. */
export function publishSteps(catalog: Catalog, assemblyDir: string, options: Pick<PublishFilter, 'pipeline'> = {}): PublishStep[] {
  const artifacts = readArtifacts(assemblyDir);
  const step: StepOf = (kind, stackId, stage, accountName) => {
    const artifact = artifacts[stackId];
    if (!artifact) throw new Error(`stack ${stackId} is not in the cloud assembly ${assemblyDir}`);
    const [, accountId, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment) ?? [];
    return {
      kind,
      stackId,
      stackName: artifact.properties.stackName ?? stackId,
      stage,
      accountName,
      accountId,
      region,
      deployRoleArn: artifact.properties.assumeRoleArn ?? '(the current credentials)',
      executionRoleArn: artifact.properties.cloudFormationExecutionRoleArn ?? '(the deploy role)',
    };
  };
  return targetPublishSteps(catalog, options.pipeline ? 'pipeline' : 'catalog', step);
}

/** The steps a filter keeps (all of them without one). */
export function filterSteps(steps: readonly PublishStep[], filter: PublishFilter): PublishStep[] {
  return steps.filter(
    (s) =>
      (filter.account === undefined || s.accountName === filter.account || s.accountId === filter.account) &&
      (filter.region === undefined || s.region === filter.region) &&
      (filter.stage === undefined || s.stage === filter.stage),
  );
}

interface StackArtifact {
  readonly type: string;
  readonly environment: string;
  readonly properties: {
    readonly stackName?: string;
    readonly assumeRoleArn?: string;
    readonly cloudFormationExecutionRoleArn?: string;
  };
}

function readArtifacts(assemblyDir: string): Record<string, StackArtifact> {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, StackArtifact>;
  };
  return Object.fromEntries(
    Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack'),
  );
}
