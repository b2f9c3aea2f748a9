/**
 * The whole pipeline, manifest to cloud assembly:
 *   loadCatalog -> resolveProductClasses -> synthesizeCurrentTemplates (once per product)
 *   -> resolveVersionTemplates -> buildCatalogApp (one stack per account x region)
 * Everything is written to a staging folder first and moved into place only when
 * every step succeeded, so a failed run leaves the previous cdk.out untouched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CatalogStack } from './catalog-stack';
import { makeAssemblyPortable, TOOL_ROOT } from './portable-assembly';
import { resolveProductClasses } from './product-registry';
import { synthesizeCurrentTemplates } from './product-templates';
import { type AppRuleCheck, checkRulePacks } from './rule-pack-check';
import { checkSageMakerProjectTemplates } from './sagemaker-project-templates';
import { buildTargets } from './targets';
import { resolveVersionTemplates, type VersionTemplates } from './versions';
import { loadCatalog } from '../manifest/load';
import { checkReleasedVersions } from '../manifest/release-rules';
import { type Catalog, catalogTargets } from '../model/catalog';
import { publishedRegions } from '../model/publishing';
import { checkedApp } from '../secure/rule-packs';

/** Sub-folder of the cloud assembly holding the products' own assembly (their templates). */
export const PRODUCTS_ASSEMBLY_DIR = 'product-templates.out';

export interface BuildCatalogAppOptions {
  readonly outdir?: string;
  /** Collect the rule-pack results of the organisation's member template here instead of throwing. */
  readonly collect?: AppRuleCheck[];
}

/**
 * Catalog model + version templates -> an App with every publish target's
 * stacks (targets/: a catalog stack per account and region, the organisation's,
 * the pipeline), checked by the same rule packs as product templates
 * (construct creation traces kept, so findings point at the generator line;
 * makeAssemblyPortable strips what would tie the assembly to this machine).
 */
export function buildCatalogApp(catalog: Catalog, versions: VersionTemplates, options: BuildCatalogAppOptions = {}): App {
  const app = checkedApp({ outdir: options.outdir, regions: publishedRegions(catalog) });
  // Constructs nest deeply here (BucketDeployment, CDK Pipelines): keep enough frames to reach the generator's line.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = Math.max(stackTraceLimit, 60);
  try {
    buildTargets(app, { catalog, versions, collect: options.collect });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return app;
}

export interface SynthesizedCatalog {
  readonly catalog: Catalog;
  readonly versions: VersionTemplates;
  /** Absolute path of the cloud assembly. */
  readonly outdir: string;
  readonly stacks: readonly { readonly id: string; readonly stackName: string; readonly templateFile: string }[];
}

export interface SynthesizeCatalogOptions {
  /** Catalog root (holding catalog.yaml). */
  readonly root: string;
  /** Cloud assembly folder; default `<root>/cdk.out`. */
  readonly outdir?: string;
  /**
   * Collect every app's rule-pack results here (security-report) instead of
   * failing on open findings.
   */
  readonly collect?: AppRuleCheck[];
}

/** Validates, synthesizes every product template and catalog stack, then swaps the result into `outdir`. */
export function synthesizeCatalog(options: SynthesizeCatalogOptions): SynthesizedCatalog {
  const catalog = loadCatalog(options.root);
  // The release rules that need no build fail synth before anything is built.
  const released = checkReleasedVersions(catalog);
  const registry = resolveProductClasses(catalog);
  const outdir = path.resolve(options.outdir ?? path.join(catalog.root, 'cdk.out'));
  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const { collect } = options;
    const current = synthesizeCurrentTemplates(catalog, registry, { outdir: path.join(staging, PRODUCTS_ASSEMBLY_DIR), collect });
    const versions = resolveVersionTemplates(catalog, current, released);
    checkSageMakerProjectTemplates(catalog, versions);
    const app = buildCatalogApp(catalog, versions, { outdir: staging, collect });
    const assembly = app.synth();
    checkRulePacks(catalog, 'catalog', app, staging, collect);
    makeAssemblyPortable(staging, [catalog.root, TOOL_ROOT]);
    replaceDirectory(staging, outdir);
    // Paths inside the staging folder now live under outdir.
    const moved = (file: string) => path.join(outdir, path.relative(staging, file));
    return {
      catalog,
      versions: relocate(versions, staging, moved),
      outdir,
      // In catalog order (accounts as listed, then their regions), not the assembly's.
      stacks: catalogTargets(catalog).map((target) => {
        const stack = assembly.getStackArtifact(CatalogStack.idOf(target));
        return { id: stack.id, stackName: stack.stackName, templateFile: moved(stack.templateFullPath) };
      }),
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function replaceDirectory(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}

function relocate(versions: VersionTemplates, staging: string, moved: (file: string) => string): VersionTemplates {
  return new Map(
    [...versions].map(([id, list]) => [
      id,
      list.map((v) =>
        v.templateFile.startsWith(staging + path.sep)
          ? { ...v, templateFile: moved(v.templateFile), assets: v.assets.map((a) => ({ ...a, file: moved(a.file) })) }
          : v,
      ),
    ]),
  );
}
