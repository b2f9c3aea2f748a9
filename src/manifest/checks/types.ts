/**
 * What a manifest check is: a pure function from the parsed, schema-valid
 * manifest files (or, for product checks, the catalog model and what product
 * code declares) to diagnostics at their positions.
 */
import type { Catalog } from '../../model/catalog';
import { type Diagnostic } from '../../model/diagnostics';
import type { CatalogManifest, PortfolioManifest } from '../../model/schema';
import { type ProductSsmUses } from '../../model/ssm-parameter-use';
import type { ReleasedVersions } from '../released-versions';
import type { YamlSource } from '../yaml-source';

export interface ParsedFile<T> {
  readonly source: YamlSource;
  readonly data: T;
}

/** Everything the checks look at: parsed, schema-valid files and a way to probe the product folders. */
export interface ManifestFiles {
  readonly catalog: ParsedFile<CatalogManifest>;
  readonly portfolios: readonly ParsedFile<PortfolioManifest>[];
  /** Whether a file exists, relative to the catalog root. */
  readonly fileExists: (relativePath: string) => boolean;
}

export type SemanticCheck = (files: ManifestFiles) => Diagnostic[];

/**
 * Checks that need what product code declares (the SSM parameters each product
 * reads and publishes): run once the product classes are loaded
 * (product-registry.ts, so by validate and synth), and again at synth on the
 * synthesized templates (organization-member-template.ts).
 */
export type ProductCheck = (catalog: Catalog, ssm: ProductSsmUses) => Diagnostic[];

/**
 * The release rules: checks of the catalog model against the released versions
 * on disk (products/<path>/versions/, read once), without building anything.
 * Run by validate and, before it builds, by synth (release-rules.ts).
 */
export type ReleaseCheck = (catalog: Catalog, released: ReleasedVersions) => Diagnostic[];
