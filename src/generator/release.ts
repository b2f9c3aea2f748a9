/**
 * `release <product> <version>`: freeze the newest version of a product. Its
 * current template (synthesized exactly as synth does, rule packs and checkov included) is
 * stored byte for byte under products/<path>/versions/<name>/ with a release
 * record (sha256, time, aws-cdk-lib version); from then on synth serves that
 * version from there and refuses code that would change it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkCheckov, productCheckovAcknowledgements } from './checkov-check';
import {
  type AssetFile,
  copyAssetFiles,
  type FrozenVersion,
  readFrozenVersion,
  type ReleaseRecord,
  writeFrozenVersion,
} from './frozen-versions';
import type { ProductRegistry } from './product-registry';
import { synthesizeCurrentTemplates } from './product-templates';
import { changedReleasedVersion, type EmbeddedTemplatesContext, frozenVersionTampered } from './versions';
import { type Catalog, findProduct, newestVersion, type Product, type ProductVersion } from '../model/catalog';
import { ManifestError } from '../model/diagnostics';
import { declaredEmbeds } from '../model/product-contract';
import { sha256 } from '../model/sha256';
import { productAssetFile, productAssetsOfTemplate } from '../secure/product-assets';

export interface ReleaseOptions {
  /** The release time recorded in release.json; default: now. */
  readonly now?: Date;
}

export interface ReleaseResult {
  readonly productId: string;
  readonly versionName: string;
  /**
   * `released`: written now; `unchanged`: it was already released with identical
   * bytes; `repaired`: identical, and its missing asset files were put back.
   */
  readonly outcome: 'released' | 'unchanged' | 'repaired';
  /** The version's folder, relative to the catalog root. */
  readonly folder: string;
  readonly sha256: string;
}

/**
 * Why `productId` `versionName` cannot be released, or undefined when it can:
 * only the newest version of a product in catalog.yaml is built from the current
 * code, so only it can be frozen.
 */
export function releaseRefusal(catalog: Catalog, productId: string, versionName: string): string | undefined {
  const product = findProduct(catalog, productId);
  if (!product) {
    return `unknown product '${productId}'; products in catalog.yaml: ${catalog.products.map((p) => p.id).join(', ')}`;
  }
  const version = product.versions.find((v) => v.name === versionName);
  const newest = newestVersion(product);
  if (!version) {
    return (
      `version '${versionName}' of product '${productId}' is not in catalog.yaml; add it after '${newest.name}' ` +
      `under products.${productId}.versions, then release it`
    );
  }
  if (version !== newest) {
    return (
      `version '${versionName}' of product '${productId}' (catalog.yaml:${version.source.line}:${version.source.col}) is not the newest; ` +
      `only the newest version ('${newest.name}') is built from the current code, so only it can be released`
    );
  }
  return undefined;
}

/** Releases the newest version of a product; repeating it on an unchanged version is harmless. */
export function releaseVersion(
  catalog: Catalog,
  registry: ProductRegistry,
  productId: string,
  versionName: string,
  options: ReleaseOptions = {},
): ReleaseResult {
  const refusal = releaseRefusal(catalog, productId, versionName);
  if (refusal) throw new Error(refusal);
  const product = findProduct(catalog, productId)!;
  const version = newestVersion(product);

  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-factory-release-'));
  try {
    const current = synthesizeCurrentTemplates(catalog, registry, { outdir: workdir, productIds: [productId] }).get(productId)!;
    // What synth will require of the frozen template: no open checkov finding either (checkov-check.ts).
    const scanned = { owner: 'product', product, version: versionName, origin: 'current', templateFile: current.templateFile } as const;
    checkCheckov(catalog, productCheckovAcknowledgements(registry), [scanned]);
    const assets = currentAssets(current.templateFile);
    const existing = readFrozenVersion(catalog.root, product, versionName);
    const embedded = { catalog, embeds: declaredEmbeds(registry.get(productId)) };
    if (existing) return alreadyReleased(product, version, existing, current.templateFile, assets, embedded);

    const bytes = fs.readFileSync(current.templateFile);
    const record: ReleaseRecord = {
      product: productId,
      version: versionName,
      sha256: sha256(bytes),
      releasedAt: (options.now ?? new Date()).toISOString(),
      awsCdkLib: awsCdkLibVersion(),
    };
    const folder = writeFrozenVersion(catalog.root, product, bytes, record, assets);
    return { productId, versionName, outcome: 'released', folder, sha256: record.sha256 };
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

function alreadyReleased(
  product: Product,
  version: ProductVersion,
  existing: FrozenVersion,
  currentTemplateFile: string,
  currentAssetFiles: readonly AssetFile[],
  embedded: EmbeddedTemplatesContext,
): ReleaseResult {
  const repairable = existing.missingAssets !== undefined && existing.sha256 === existing.record?.sha256;
  if (existing.problem && !repairable) throw new ManifestError([frozenVersionTampered(product, version, existing)]);
  const changed = changedReleasedVersion(product, version, existing, currentTemplateFile, embedded);
  if (changed) throw new ManifestError([changed]);
  const result = { productId: product.id, versionName: version.name, folder: existing.folder, sha256: existing.sha256 };
  if (!existing.missingAssets) return { ...result, outcome: 'unchanged' };
  // Same template bytes, so the same asset hashes: the current files are the ones it names.
  const missing = new Set(existing.missingAssets.map((a) => a.objectKey));
  copyAssetFiles(existing.templateFile, currentAssetFiles.filter((a) => missing.has(a.reference.objectKey)));
  return { ...result, outcome: 'repaired' };
}

/** The asset files the current template lists, where the product synthesis wrote them. */
function currentAssets(templateFile: string): AssetFile[] {
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  return productAssetsOfTemplate(template).map((reference) => ({ reference, file: productAssetFile(templateFile, reference) }));
}

function awsCdkLibVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('aws-cdk-lib/package.json') as { version: string }).version;
}
