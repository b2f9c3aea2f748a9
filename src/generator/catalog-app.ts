/**
 * The whole pipeline, manifest to cloud assembly:
 *   loadCatalog -> resolveProductClasses -> synthesizeCurrentTemplates (once per product)
 *   -> resolveVersionTemplates -> buildCatalogApp (one stack per account x region)
 *   -> checkov over every template (checkov-check.ts)
 * Everything is written to a staging folder first and moved into place only when
 * every step succeeded, so a failed run leaves the previous cdk.out untouched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { assemblyKey, type AssemblySummary, type RelativeFile, restoreAssembly, storeAssembly } from './assembly-cache';
import { CatalogStack } from './catalog-stack';
import { checkCheckov, productCheckovAcknowledgements, templatesToScan } from './checkov-check';
import type { TemplateJson } from './frozen-versions';
import { makeAssemblyPortable, TOOL_ROOT } from './portable-assembly';
import { productCacheDir } from './product-cache';
import { embedsOf, resolveProductClasses } from './product-registry';
import { synthesizeCurrentTemplates } from './product-templates';
import { type AppRuleCheck, checkRulePacks } from './rule-pack-check';
import { checkSageMakerProjectTemplates } from './sagemaker-project-templates';
import { buildTargets } from './targets';
import { resolveVersionTemplates, type VersionTemplate, type VersionTemplates } from './versions';
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
  /** Called as each step starts: `step` of `total`, named by a product id or what is being done. */
  readonly onProgress?: (step: number, total: number, name: string) => void;
  /** Threads synthesizing products (SynthesizeProductsOptions.workers). */
  readonly workers?: number;
  /**
   * The cache folder (product pieces and whole assemblies), or false for none.
   * Default: productCacheDir() (`.sc-factory-cache/` in the tool folder, SC_FACTORY_CACHE).
   */
  readonly cacheDir?: string | false;
}

/** Validates, synthesizes every product template and catalog stack, then swaps the result into `outdir`. */
export function synthesizeCatalog(options: SynthesizeCatalogOptions): SynthesizedCatalog {
  const catalog = loadCatalog(options.root);
  const outdir = path.resolve(options.outdir ?? path.join(catalog.root, 'cdk.out'));
  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const { collect } = options;
  const cacheDir = options.cacheDir === undefined ? productCacheDir() : options.cacheDir || undefined;
  // security-report needs the apps themselves (acknowledgements, open findings): never from the assembly cache.
  const key = cacheDir && !collect ? assemblyKey(catalog) : undefined;
  try {
    const restored = key ? restoreAssembly(cacheDir!, key, staging) : undefined;
    if (restored) {
      replaceDirectory(staging, outdir);
      return fromSummary(catalog, restored, outdir);
    }
    // The release rules that need no build fail synth before anything is built.
    const released = checkReleasedVersions(catalog);
    const registry = resolveProductClasses(catalog);
    // Steps: each product, its rule packs, the versions, the catalog stacks.
    const total = catalog.products.length + 3;
    let step = 0;
    const progress = (name: string) => options.onProgress?.(++step, total, name);
    const current = synthesizeCurrentTemplates(catalog, registry, {
      outdir: path.join(staging, PRODUCTS_ASSEMBLY_DIR),
      collect,
      workers: options.workers,
      cacheDir: cacheDir ?? false,
      onStep: progress,
    });
    progress('versions');
    const versions = resolveVersionTemplates(catalog, current, released, embedsOf(registry));
    checkSageMakerProjectTemplates(catalog, versions);
    progress('catalog stacks');
    const app = buildCatalogApp(catalog, versions, { outdir: staging, collect });
    const assembly = app.synth();
    checkRulePacks(catalog, 'catalog', app, staging, collect);
    // The second scanner, over every template written above and every published version (checkov-check.ts).
    checkCheckov(catalog, productCheckovAcknowledgements(registry), templatesToScan(catalog, versions, staging), collect);
    makeAssemblyPortable(staging, [catalog.root, TOOL_ROOT]);
    // In catalog order (accounts as listed, then their regions), not the assembly's.
    const stacks = catalogTargets(catalog).map((target) => {
      const stack = assembly.getStackArtifact(CatalogStack.idOf(target));
      return { id: stack.id, stackName: stack.stackName, templateFile: path.relative(staging, stack.templateFullPath) };
    });
    const summary = summaryOf(catalog, versions, stacks, staging);
    if (key) storeAssembly(cacheDir!, key, staging, summary);
    replaceDirectory(staging, outdir);
    return fromSummary(catalog, summary, outdir, versions);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** What the assembly cache keeps besides the files: every path relative to the output folder or the catalog root. */
function summaryOf(catalog: Catalog, versions: VersionTemplates, stacks: AssemblySummary['stacks'], staging: string): AssemblySummary {
  const relative = (file: string): RelativeFile =>
    file.startsWith(staging + path.sep) ? { under: 'out', path: path.relative(staging, file) } : { under: 'root', path: path.relative(catalog.root, file) };
  return {
    versions: [...versions.values()].flat().map((v) => ({
      productId: v.productId,
      version: v.version.name,
      templateFile: relative(v.templateFile),
      sha256: v.sha256,
      assets: v.assets.map((a) => ({ objectKey: a.objectKey, sha256: a.sha256, source: a.source, file: relative(a.file) })),
      origin: v.origin,
    })),
    stacks,
  };
}

/** The result of a synthesis (just made, or restored from the cache) whose assembly is now in `outdir`. */
function fromSummary(catalog: Catalog, summary: AssemblySummary, outdir: string, built?: VersionTemplates): SynthesizedCatalog {
  const absolute = (file: RelativeFile) => path.join(file.under === 'out' ? outdir : catalog.root, file.path);
  const versions = new Map<string, VersionTemplate[]>(catalog.products.map((p) => [p.id, []]));
  for (const v of summary.versions) {
    const product = catalog.products.find((p) => p.id === v.productId)!;
    const templateFile = absolute(v.templateFile);
    const template = built?.get(v.productId)?.find((b) => b.version.name === v.version)?.template
      ?? (JSON.parse(fs.readFileSync(templateFile, 'utf8')) as TemplateJson);
    versions.get(v.productId)!.push({
      productId: v.productId,
      version: product.versions.find((version) => version.name === v.version)!,
      templateFile,
      sha256: v.sha256,
      template,
      assets: v.assets.map((a) => ({ objectKey: a.objectKey, sha256: a.sha256, source: a.source, file: absolute(a.file) })),
      origin: v.origin,
    });
  }
  return {
    catalog,
    versions,
    outdir,
    stacks: summary.stacks.map((s) => ({ ...s, templateFile: path.join(outdir, s.templateFile) })),
  };
}

function replaceDirectory(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}
