/**
 * The products' cloud assembly (`product-templates.out`) as the sum of one
 * piece per product. However the products were synthesized (all in one app,
 * in chunks on worker threads, or served from the cache), each product's piece
 * is cut out of the assembly it was synthesized in, and the final assembly is
 * written from the pieces in catalog order. The output therefore depends only
 * on the pieces, never on how products were grouped or in what order they
 * finished: a serial uncached run and a parallel cached one give the same bytes.
 *
 * A piece: the product's template and metadata files, its file assets
 * (product-assets/<sha256>/<key>, listed in the template's metadata), its
 * manifest artifact, its construct tree node, and its entries of the
 * validation report (each plugin's violations and acknowledged violations
 * whose constructs are in the product's stack). CDK's staging copies of asset
 * sources (`asset.<hash>/`) are not part of a piece: nothing reads them, the
 * product-assets files are what ships.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackRuleCheck } from './rule-pack-check';
import { PRODUCT_ASSETS_DIR, productAssetsOfTemplate } from '../secure/product-assets';
import { RULE_PACK_NAMES, type RuleFinding } from '../secure/rule-packs';

/** One plugin's entries for one product. */
export interface PluginPiece {
  readonly pluginName: string;
  readonly pluginVersion?: string;
  readonly violations: readonly ReportEntry[];
  readonly suppressedViolations: readonly ReportEntry[];
}

/** A violation (or acknowledged violation) of the validation report, as aws-cdk-lib writes it. */
export interface ReportEntry {
  readonly violatingConstructs: readonly { readonly constructPath?: string }[];
  readonly [key: string]: unknown;
}

/** Everything of one product in the products' assembly; files relative to the assembly folder. */
export interface ProductPiece {
  readonly productId: string;
  readonly files: readonly string[];
  readonly manifestArtifact: unknown;
  /** The app-level artifacts (Tree, feature-flag report): the same in every app with the same context and library. */
  readonly appArtifacts: Readonly<Record<string, unknown>>;
  readonly manifestHeader: Readonly<Record<string, unknown>>;
  readonly treeNode: unknown;
  /** Tree children that are not stacks (the `Tree` construct): app-level, like appArtifacts. */
  readonly treeExtras: Readonly<Record<string, unknown>>;
  readonly treeRoot: Readonly<Record<string, unknown>>;
  readonly treeHeader: Readonly<Record<string, unknown>>;
  readonly reportHeader: Readonly<Record<string, unknown>>;
  readonly plugins: readonly PluginPiece[];
  /** The product's rule-pack result (security-report), computed where its app was. */
  readonly ruleCheck: StackRuleCheck;
  /** Its open findings as synth reports them: at the line that created the element they name (locatedFindings). */
  readonly locatedFindings: readonly RuleFinding[];
}

interface Manifest {
  readonly artifacts: Record<string, unknown>;
  readonly [key: string]: unknown;
}

interface Tree {
  readonly tree: { readonly children: Record<string, unknown>; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

interface Report {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly pluginVersion?: string;
    readonly violations?: readonly ReportEntry[];
    readonly suppressedViolations?: readonly ReportEntry[];
  }[];
  readonly [key: string]: unknown;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const without = <T extends Record<string, unknown>>(value: T, key: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));

/** The piece of `productId` in the assembly at `dir` (synthesized, not yet made portable). */
export function cutPiece(dir: string, productId: string, ruleCheck: StackRuleCheck, located: readonly RuleFinding[]): ProductPiece {
  const manifest = readJson<Manifest>(path.join(dir, 'manifest.json'));
  const artifact = manifest.artifacts[productId] as { properties: { templateFile: string }; additionalMetadataFile?: string };
  const templateFile = artifact.properties.templateFile;
  const template = readJson<{ Metadata?: Record<string, unknown> }>(path.join(dir, templateFile));
  const assets = productAssetsOfTemplate(template).map((a) => path.join(PRODUCT_ASSETS_DIR, a.sha256, a.objectKey));
  const tree = fs.existsSync(path.join(dir, 'tree.json')) ? readJson<Tree>(path.join(dir, 'tree.json')) : undefined;
  const reportFile = path.join(dir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? readJson<Report>(reportFile) : undefined;
  const ours = (entry: ReportEntry) =>
    entry.violatingConstructs.some((c) => c.constructPath === productId || c.constructPath?.startsWith(`${productId}/`));
  const isStack = (id: string) => (manifest.artifacts[id] as { type?: string } | undefined)?.type === 'aws:cloudformation:stack';
  return {
    productId,
    files: [templateFile, ...(artifact.additionalMetadataFile ? [artifact.additionalMetadataFile] : []), ...assets],
    manifestArtifact: artifact,
    appArtifacts: Object.fromEntries(Object.entries(manifest.artifacts).filter(([id]) => !isStack(id))),
    manifestHeader: without(manifest, 'artifacts'),
    treeNode: tree?.tree.children[productId],
    treeExtras: Object.fromEntries(Object.entries(tree?.tree.children ?? {}).filter(([id]) => !isStack(id))),
    treeRoot: tree ? without(tree.tree, 'children') : {},
    treeHeader: tree ? without(tree, 'tree') : {},
    reportHeader: report ? without(report, 'pluginReports') : {},
    plugins: (report?.pluginReports ?? [])
      .map((plugin) => ({
        pluginName: plugin.pluginName,
        ...(plugin.pluginVersion === undefined ? {} : { pluginVersion: plugin.pluginVersion }),
        violations: canonical((plugin.violations ?? []).filter(ours)),
        suppressedViolations: canonical((plugin.suppressedViolations ?? []).filter(ours)),
      }))
      .filter((plugin) => plugin.violations.length + plugin.suppressedViolations.length > 0),
    ruleCheck,
    locatedFindings: located,
  };
}

/**
 * A plugin's entries in one fixed order: cdk-nag lists them in the order it
 * visited constructs across the whole app, which depends on what else the app held.
 */
function canonical(entries: readonly ReportEntry[]): ReportEntry[] {
  return entries
    // Not the traces: they hold absolute paths until the assembly is made portable.
    .map((entry) => ({
      entry,
      key: JSON.stringify([
        entry.ruleName, entry.acknowledgedId, entry.acknowledgedAt, entry.description, entry.violatingConstructs.map((c) => c.constructPath),
      ]),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ entry }) => entry);
}

/** Whether the piece has open (unacknowledged) findings: such a piece is never cached. */
export function hasOpenFindings(piece: ProductPiece): boolean {
  return piece.plugins.some((p) => p.violations.length > 0) || piece.ruleCheck.openFindings.length > 0;
}

/**
 * Writes the products' assembly into `outdir` from `pieces` (in catalog order),
 * each piece's files copied from its folder (`sourceOf`).
 */
export function writeAssembly(outdir: string, pieces: readonly ProductPiece[], sourceOf: (piece: ProductPiece) => string): void {
  fs.mkdirSync(outdir, { recursive: true });
  for (const piece of pieces) {
    for (const file of piece.files) {
      const target = path.join(outdir, file);
      if (fs.existsSync(target)) continue; // an asset two products share: same name, same bytes (named by its sha256)
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(sourceOf(piece), file), target);
    }
  }
  if (pieces.length === 0) return;
  const [first] = pieces;
  const write = (file: string, value: unknown) => fs.writeFileSync(path.join(outdir, file), JSON.stringify(value, undefined, 2));
  fs.writeFileSync(path.join(outdir, 'cdk.out'), JSON.stringify({ version: first.manifestHeader.version }));
  const { version, ...rest } = first.manifestHeader;
  write('manifest.json', {
    version,
    artifacts: { ...Object.fromEntries(pieces.map((p) => [p.productId, p.manifestArtifact])), ...first.appArtifacts },
    ...rest,
  });
  if (first.treeNode !== undefined) {
    const tree = {
      ...first.treeHeader,
      tree: { ...first.treeRoot, children: { ...Object.fromEntries(pieces.map((p) => [p.productId, p.treeNode])), ...first.treeExtras } },
    };
    // Compact, as aws-cdk-lib writes it.
    fs.writeFileSync(path.join(outdir, 'tree.json'), JSON.stringify(tree));
  }
  const plugins = [...new Set(pieces.flatMap((p) => p.plugins.map((plugin) => plugin.pluginName)))].sort(byPackOrder);
  if (plugins.length === 0 && Object.keys(first.reportHeader).length === 0) return;
  write('validation-report.json', {
    ...first.reportHeader,
    pluginReports: plugins.map((name) => {
      const own = pieces.flatMap((p) => p.plugins.filter((plugin) => plugin.pluginName === name));
      const violations = own.flatMap((p) => p.violations);
      const pluginVersion = own.find((p) => p.pluginVersion !== undefined)?.pluginVersion;
      return {
        pluginName: name,
        ...(pluginVersion === undefined ? {} : { pluginVersion }),
        conclusion: violations.length === 0 ? 'success' : 'failure',
        violations,
        suppressedViolations: own.flatMap((p) => p.suppressedViolations),
      };
    }),
  });
}

/** The plugins in the order aws-cdk-lib reports them: as added, its own CloudFormation validation last. */
const PLUGIN_ORDER: readonly string[] = [...RULE_PACK_NAMES.filter((name) => name !== 'CloudFormation Validate'), 'CloudFormation Validate'];

function byPackOrder(a: string, b: string): number {
  const rank = (name: string) => {
    const at = PLUGIN_ORDER.indexOf(name);
    return at < 0 ? PLUGIN_ORDER.length : at;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
