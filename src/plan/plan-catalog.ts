/**
 * The whole `plan`: synthesize exactly what `publish` would deploy (into a
 * scratch folder: plan never touches cdk.out), then compare it per target with
 * the published state recorded in catalog.lock.json (offline, the default), or
 * with the deployed stacks (`live`, through the CDK toolkit).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planAgainstLive, type LiveDiffMethod, type LiveDiffToolkit } from './live-plan';
import { planAgainstPublishedState, type Plan } from './plan-changes';
import { desiredTargetStates, readPublishedState } from './published-state';
import { synthesizeCatalog } from '../generator/catalog-app';

export interface PlanCatalogOptions {
  /** Catalog root (holding catalog.yaml). */
  readonly root: string;
  /** Compare with the deployed stacks instead of catalog.lock.json. Needs AWS credentials. */
  readonly live?: boolean;
  readonly liveMethod?: LiveDiffMethod;
  /** For tests: the toolkit `live` uses. */
  readonly toolkit?: LiveDiffToolkit;
}

export async function planCatalog(options: PlanCatalogOptions): Promise<Plan> {
  // A broken record is bad input: report it before spending time on synthesis.
  const published = options.live ? undefined : readPublishedState(options.root);
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-factory-plan-'));
  try {
    const synthesized = synthesizeCatalog({ root: options.root, outdir: path.join(workdir, 'cdk.out') });
    const desired = desiredTargetStates(synthesized.catalog, synthesized.versions);
    if (!options.live) return planAgainstPublishedState(desired, published);

    const templateFiles = new Map(synthesized.stacks.map((s) => [s.id, s.templateFile]));
    return await planAgainstLive(
      synthesized.outdir,
      desired.map((target) => ({ ...target, templateFile: templateFiles.get(target.id)! })),
      {
        method: options.liveMethod,
        toolkit: options.toolkit,
        names: {
          products: new Map(synthesized.catalog.products.map((p) => [p.displayName, p.id])),
          portfolios: new Map(synthesized.catalog.portfolios.map((p) => [p.displayName, p.id])),
        },
      },
    );
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}
