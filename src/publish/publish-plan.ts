/**
 * What `publish` deploys, in which order: a pure function of the catalog and
 * its synthesized cloud assembly.
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
import { CatalogStack } from '../generator/catalog-stack';
import { OrganizationStackSetStack, OrganizationTemplatesStack } from '../generator/organization-stackset';
import { CatalogPipelineStack } from '../generator/pipeline-stack';
import { stageMissingMessage } from '../manifest/checks/pipeline-stages';
import { type Catalog, catalogTargets } from '../model/catalog';
import { STAGE_ORDER } from '../model/catalog';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import { accountNamed, organizationPortfolios } from '../model/publishing';

export type PublishStepKind = 'catalog' | 'organization-templates' | 'organization-stackset' | 'pipeline';

export interface PublishStep {
  readonly kind: PublishStepKind;
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
  const step = (kind: PublishStepKind, stackId: string, stage: string, accountName: string): PublishStep => {
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

  const organization = catalog.organization && organizationPortfolios(catalog).length > 0 ? catalog.organization : undefined;
  const organizationTemplates = organization
    ? organization.regions.map((region) => step('organization-templates', OrganizationTemplatesStack.idOf(region), 'organization', organization.account))
    : [];

  if (options.pipeline) {
    const pipeline = catalog.publishing.pipeline;
    if (!pipeline) return [];
    return [...organizationTemplates, step('pipeline', CatalogPipelineStack.ID, 'pipeline', pipeline.account)];
  }

  const targets = catalogTargets(catalog);
  const diagnostics: Diagnostic[] = [...new Set(targets.map((t) => t.account))]
    .filter((account) => account.stage === undefined)
    .map((account) => ({ ...account.source, code: 'ACCOUNT_STAGE_MISSING' as const, message: stageMissingMessage(account.name) }));
  throwIfAny(diagnostics);

  const catalogSteps = STAGE_ORDER.flatMap((stage) =>
    targets
      .filter((t) => t.account.stage === stage)
      .map((t) => step('catalog', CatalogStack.idOf(t), stage, t.account.name)),
  );
  const stackSet = organization
    ? [step('organization-stackset', OrganizationStackSetStack.ID, 'organization', accountNamed(catalog, organization.account).name)]
    : [];
  return [...catalogSteps, ...organizationTemplates, ...stackSet];
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
