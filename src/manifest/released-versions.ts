/**
 * Where released versions live, and how their integrity is checked. A released
 * version is a folder next to its product code:
 *
 *   products/<path>/versions/<name>/template.json   the template, byte for byte as synthesized
 *   products/<path>/versions/<name>/release.json    what was frozen: sha256 of those bytes, when, with what
 *   products/<path>/versions/<name>/product-assets/ the template's file assets (seed code, ...), each named
 *                                                   by its sha256, which the template lists (product-assets.ts)
 *
 * The bytes are what Service Catalog is given (the catalog stacks upload the file
 * as an asset whose URL is derived from its content), so the hash is over the
 * bytes, not over parsed JSON.
 *
 * Reading them needs no build, so the release rules (checks/, RELEASE_CHECKS)
 * run in validate; synth reuses what was read here (ReleasedVersions).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog, Product } from '../model/catalog';
import { echo } from '../model/diagnostics';
import { productAssetFile, productAssetsOfTemplate, type ProductAssetReference } from '../model/product-asset-files';
import { sha256 } from '../model/sha256';

export const VERSIONS_DIR = 'versions';
export const FROZEN_TEMPLATE_FILE = 'template.json';
export const RELEASE_FILE = 'release.json';

/** A CloudFormation template as parsed JSON: what the steps after version resolution read. */
export interface TemplateJson {
  readonly Parameters?: Record<string, { readonly Type?: string; readonly Default?: unknown }>;
  readonly Metadata?: Record<string, unknown>;
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
  readonly [section: string]: unknown;
}

/** The content of release.json. */
export interface ReleaseRecord {
  readonly product: string;
  readonly version: string;
  /** sha256 of template.json's bytes, hex. */
  readonly sha256: string;
  /** ISO 8601 UTC time of the release. */
  readonly releasedAt: string;
  /** The aws-cdk-lib version that synthesized the template. */
  readonly awsCdkLib: string;
}

/** A released version as found on disk, checked against its record. */
export interface FrozenVersion {
  readonly versionName: string;
  /** Folder relative to the catalog root, forward slashes. */
  readonly folder: string;
  /** Absolute path of template.json. */
  readonly templateFile: string;
  /** sha256 of template.json as it is now. */
  readonly sha256: string;
  readonly record?: ReleaseRecord;
  /** The file assets the template lists (their files sit next to it). */
  readonly assets: readonly ProductAssetReference[];
  /** The template, parsed (intact folders only). */
  readonly template?: TemplateJson;
  /** Why the folder cannot be trusted (missing or altered files); undefined when intact. */
  readonly problem?: string;
  /**
   * Assets the template lists whose files are missing, when that is the only
   * problem: `release` of the unchanged version puts them back.
   */
  readonly missingAssets?: readonly ProductAssetReference[];
}

/** `products/<path>/versions/<name>`, relative to the catalog root. */
export function frozenVersionFolder(product: Pick<Product, 'directory'>, versionName: string): string {
  return `${product.directory}/${VERSIONS_DIR}/${versionName}`;
}

/** Where a released version's frozen template lives, relative to the catalog root. */
export function frozenTemplatePath(product: Pick<Product, 'directory'>, versionName: string): string {
  return `${frozenVersionFolder(product, versionName)}/${FROZEN_TEMPLATE_FILE}`;
}

/** Names of the released versions of a product found on disk (folders under versions/), sorted. */
export function releasedVersionNames(root: string, product: Pick<Product, 'directory'>): string[] {
  const dir = path.join(root, product.directory, VERSIONS_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    // Hidden folders are release.ts's work in progress.
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .filter((entry) => [FROZEN_TEMPLATE_FILE, RELEASE_FILE].some((file) => fs.existsSync(path.join(dir, entry.name, file))))
    .map((entry) => entry.name)
    .sort();
}

/** The released version `versionName` of `product`, or undefined when it was never released. */
export function readFrozenVersion(root: string, product: Pick<Product, 'id' | 'directory'>, versionName: string): FrozenVersion | undefined {
  const folder = frozenVersionFolder(product, versionName);
  const templateFile = path.join(root, folder, FROZEN_TEMPLATE_FILE);
  const recordFile = path.join(root, folder, RELEASE_FILE);
  const hasTemplate = fs.existsSync(templateFile);
  const hasRecord = fs.existsSync(recordFile);
  if (!hasTemplate && !hasRecord) return undefined;

  const bytes = hasTemplate ? fs.readFileSync(templateFile) : Buffer.alloc(0);
  const hash = sha256(bytes);
  const base = { versionName, folder, templateFile, sha256: hash, assets: [] as ProductAssetReference[] };
  if (!hasTemplate) return { ...base, problem: `${folder}/${FROZEN_TEMPLATE_FILE} is missing` };
  if (!hasRecord) return { ...base, problem: `${folder}/${RELEASE_FILE} is missing` };

  let record: ReleaseRecord;
  try {
    record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as ReleaseRecord;
  } catch (error) {
    return { ...base, problem: `${folder}/${RELEASE_FILE} is not valid JSON (${echo((error as Error).message)})` };
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ...base, problem: `${folder}/${RELEASE_FILE} is not a release record (a JSON object)` };
  }
  if (record.product !== product.id || record.version !== versionName) {
    return {
      ...base,
      record,
      problem:
        `${folder}/${RELEASE_FILE} records product '${echo(record.product)}' version '${echo(record.version)}', ` +
        `not '${product.id}' '${versionName}'`,
    };
  }
  if (record.sha256 !== hash) {
    return {
      ...base,
      record,
      problem: `${folder}/${FROZEN_TEMPLATE_FILE} has sha256 ${hash.slice(0, 16)}…, but ${RELEASE_FILE} recorded ${String(record.sha256).slice(0, 16)}… at release`,
    };
  }
  // The template is intact, so the asset list it carries is too: check each file against it.
  let template: TemplateJson;
  try {
    template = JSON.parse(bytes.toString('utf8')) as TemplateJson;
  } catch (error) {
    return { ...base, record, problem: `${folder}/${FROZEN_TEMPLATE_FILE} is not valid JSON (${echo((error as Error).message)})` };
  }
  const assets = productAssetsOfTemplate(template);
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const missingAssets = assets.filter((asset) => !fs.existsSync(productAssetFile(templateFile, asset)));
  const altered = assets.find(
    (asset) => !missingAssets.includes(asset) && sha256(fs.readFileSync(productAssetFile(templateFile, asset))) !== asset.sha256,
  );
  if (altered) {
    const file = relative(productAssetFile(templateFile, altered));
    return { ...base, record, assets, problem: `${file} no longer matches its sha256 ${altered.sha256.slice(0, 16)}…` };
  }
  if (missingAssets.length > 0) {
    return {
      ...base,
      record,
      assets,
      missingAssets,
      problem: `the asset${missingAssets.length === 1 ? '' : 's'} ${missingAssets.map((a) => relative(productAssetFile(templateFile, a))).join(', ')} ${missingAssets.length === 1 ? 'is' : 'are'} missing`,
    };
  }
  return { ...base, record, assets, template };
}

/** Product id -> version name -> its folder under products/<path>/versions/ as found (intact or not). */
export type ReleasedVersions = ReadonlyMap<string, ReadonlyMap<string, FrozenVersion>>;

/** Every released folder of every product, read (and its integrity checked) once. */
export function readReleasedVersions(catalog: Pick<Catalog, 'root' | 'products'>): ReleasedVersions {
  return new Map(
    catalog.products.map((product) => [
      product.id,
      new Map(releasedVersionNames(catalog.root, product).map((name) => [name, readFrozenVersion(catalog.root, product, name)!])),
    ]),
  );
}

/**
 * The product a folder was released for, when its record names another one
 * than the product whose folder it sits in (a copied folder, a renamed id);
 * undefined for the product's own releases, and for records too damaged to say.
 */
export function releasedForOtherProduct(product: Pick<Product, 'id'>, frozen: FrozenVersion): string | undefined {
  const recorded = frozen.record?.product;
  return typeof recorded === 'string' && recorded !== product.id ? recorded : undefined;
}
