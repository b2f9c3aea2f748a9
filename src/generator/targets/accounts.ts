/**
 * The named accounts: one catalog stack per account and region a portfolio is
 * published to (catalog.yaml `accounts`, portfolios' `accounts`), deployed by
 * stage (dev, staging, prod); in the pipeline, one wave per stage, production
 * behind a manual approval.
 */
import { type App, Stage } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PublishTarget } from './target';
import { stageMissingMessage } from '../../manifest/checks/pipeline-stages';
import { type Catalog, type CatalogTarget, catalogTargets } from '../../model/catalog';
import { type Diagnostic, throwIfAny } from '../../model/diagnostics';
import { catalogTargetShape } from '../../model/published-shape';
import { STAGES } from '../../model/schema';
import { CatalogStack } from '../catalog-stack';
import { mirrorLogicalIds } from '../mirror-logical-ids';
import type { VersionTemplates } from '../versions';

export const accountsTarget: PublishTarget = {
  name: 'accounts',

  build(app: App, { catalog, versions }) {
    const targets = catalogTargets(catalog);
    const originals = new Map(targets.map((target) => {
      const stack = new CatalogStack(app, { catalog, target, versions });
      return [stack.node.id, stack];
    }));
    return {
      waves: stagesInUse(catalog).map((stage) => {
        const accounts = accountsOfStage(targets, stage);
        return {
          name: stage,
          approval: stage === 'prod' ? `Publish catalog '${catalog.name}' to production (${accounts.join(', ')})?` : undefined,
          addStages: (scope: Construct) => accounts.map((name) => new AccountStage(scope, name, {
            catalog,
            versions,
            targets: targets.filter((t) => t.account.name === name),
            originals,
          })),
        };
      }),
    };
  },

  publishSteps(catalog, mode, step) {
    if (mode !== 'catalog') return [];
    const targets = catalogTargets(catalog);
    const diagnostics: Diagnostic[] = [...new Set(targets.map((t) => t.account))]
      .filter((account) => account.stage === undefined)
      .map((account) => ({ ...account.source, code: 'ACCOUNT_STAGE_MISSING' as const, message: stageMissingMessage(account.name) }));
    throwIfAny(diagnostics);
    return STAGES.flatMap((stage) =>
      targets.filter((t) => t.account.stage === stage).map((t) => step('catalog', CatalogStack.idOf(t), stage, t.account.name)),
    );
  },

  waveNames: (catalog) => stagesInUse(catalog).map((s) => (s === 'prod' ? 'approval -> prod' : s)),
  // The catalog stacks have their own table in the summary.
  summary: () => [],
  shapes: (catalog, versions) => catalogTargets(catalog).map((target) => catalogTargetShape(catalog, target, versions)),
};

function stagesInUse(catalog: Catalog): string[] {
  const targets = catalogTargets(catalog);
  return STAGES.filter((stage) => accountsOfStage(targets, stage).length > 0);
}

function accountsOfStage(targets: readonly CatalogTarget[], stage: string): string[] {
  return [...new Set(targets.filter((t) => t.account.stage === stage).map((t) => t.account.name))];
}

interface AccountStageProps {
  readonly catalog: Catalog;
  readonly versions: VersionTemplates;
  readonly targets: readonly CatalogTarget[];
  /** The top-level catalog stack of each target, by id. */
  readonly originals: ReadonlyMap<string, CatalogStack>;
}

/** One account's catalog stacks (every region), exactly as the top-level app builds them, with their logical ids. */
class AccountStage extends Stage {
  constructor(scope: Construct, id: string, props: AccountStageProps) {
    super(scope, id);
    for (const target of props.targets) {
      const copy = new CatalogStack(this, { catalog: props.catalog, target, versions: props.versions });
      mirrorLogicalIds(props.originals.get(copy.node.id)!, copy);
    }
  }
}
