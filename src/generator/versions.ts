/**
 * Which template each product version is published with:
 *
 * - a released version (a folder under products/<path>/versions/, see
 *   src/manifest/released-versions.ts) is always served from its frozen
 *   template, byte for byte, so its template URL, and with it its Service
 *   Catalog artifact id, never changes when versions are added (unlike CDK's
 *   ProductStackHistory, aws-cdk#24561);
 * - the newest version is built from the current code; once released, the
 *   current code must still build exactly its frozen template, otherwise synth
 *   fails and names the first differing resource (the one release rule that
 *   needs a build).
 *
 * The release rules that need no build (a released version dropped from
 * catalog.yaml, altered frozen files, a copied versions/ folder, an older
 * version never released, ...) are src/manifest/checks/ (RELEASE_CHECKS), run
 * by validate and, before anything is built, by synth.
 */
import * as fs from 'node:fs';
import type { FrozenVersion, TemplateJson } from './frozen-versions';
import type { CurrentTemplate } from './product-templates';
import { briefValue, firstTemplateDifference, type TemplateDifference } from './template-difference';
import { checkedVersionAssets, type ShippedAsset } from './version-assets';
import { checkReleasedVersions } from '../manifest/release-rules';
import type { ReleasedVersions } from '../manifest/released-versions';
import { type Catalog, newestVersion, type Product, type ProductVersion } from '../model/catalog';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import { productAssetFile } from '../secure/product-assets';

export { frozenTemplatePath } from './frozen-versions';

export interface VersionTemplate {
  readonly productId: string;
  readonly version: ProductVersion;
  /** Absolute path of the template this version is published with. */
  readonly templateFile: string;
  readonly sha256: string;
  /** The template, parsed once here: later steps read this, not the file. */
  readonly template: TemplateJson;
  /** Its file assets, each checked once here (exists, hashes to its key). */
  readonly assets: readonly ShippedAsset[];
  /** `current`: built from today's code, not released yet; `released`: the frozen template. */
  readonly origin: 'current' | 'released';
}

/** Product id -> the templates of its published versions (every status but `removed`), oldest first. */
export type VersionTemplates = ReadonlyMap<string, readonly VersionTemplate[]>;

/**
 * `released`: the released folders as checked by checkReleasedVersions (synth
 * checks them before building); read and checked here when not given.
 */
export function resolveVersionTemplates(
  catalog: Catalog,
  current: ReadonlyMap<string, CurrentTemplate>,
  released: ReleasedVersions = checkReleasedVersions(catalog),
): VersionTemplates {
  const diagnostics: Diagnostic[] = [];
  const result = new Map<string, VersionTemplate[]>();
  for (const product of catalog.products) {
    const templates: VersionTemplate[] = [];
    const newest = newestVersion(product);
    for (const version of product.versions) {
      const frozen = released.get(product.id)?.get(version.name);
      // The release rules passed: every folder is intact, and every older version that is not removed has one.
      if (frozen?.problem) throw new Error(`${frozen.folder} is not intact, yet it passed the release rules: ${frozen.problem}`);
      if (frozen && version === newest) {
        const built = current.get(product.id)!;
        const problem = changedReleasedVersion(product, version, frozen, built.templateFile);
        if (problem) diagnostics.push(problem);
      }
      if (version.status === 'removed') continue;
      const source = frozen ? { ...frozen, template: frozen.template!, origin: 'released' as const }
        : version === newest ? { ...current.get(product.id)!, origin: 'current' as const } : undefined;
      if (source) {
        const resolved = { productId: product.id, version, templateFile: source.templateFile, sha256: source.sha256, template: source.template };
        // An intact frozen folder's assets were checked (present, hashing to their keys) when it was read.
        const { assets, diagnostics: assetProblems } = frozen
          ? { assets: frozen.assets.map((reference) => ({ ...reference, file: productAssetFile(frozen.templateFile, reference) })), diagnostics: [] }
          : checkedVersionAssets(catalog, resolved);
        diagnostics.push(...assetProblems);
        templates.push({ ...resolved, assets, origin: source.origin });
      } else {
        throw new Error(`version '${version.name}' of '${product.id}' has no template, yet it passed the release rules`);
      }
    }
    result.set(product.id, templates);
  }
  throwIfAny(diagnostics);
  return result;
}

/**
 * The diagnostic for a released version whose template the current code no
 * longer builds, or undefined when the bytes are identical.
 */
export function changedReleasedVersion(
  product: Product,
  version: ProductVersion,
  frozen: Pick<FrozenVersion, 'templateFile'>,
  currentTemplateFile: string,
): Diagnostic | undefined {
  const releasedBytes = fs.readFileSync(frozen.templateFile);
  const currentBytes = fs.readFileSync(currentTemplateFile);
  if (releasedBytes.equals(currentBytes)) return undefined;
  const difference = firstTemplateDifference(JSON.parse(releasedBytes.toString('utf8')), JSON.parse(currentBytes.toString('utf8')), true)!;
  const suggestion = nextVersionName(version.name, product.versions.map((v) => v.name));
  return {
    ...version.source,
    code: 'RELEASED_VERSION_CHANGED',
    message:
      `product '${product.id}' version '${version.name}' is released, but the current code builds a different template: ` +
      `${describeDifference(difference)}. A released version never changes: add a new version (e.g. '${suggestion}') ` +
      `after it under products.${product.id}.versions in catalog.yaml, or revert the code`,
  };
}

/** `first difference in resource 'Endpoint' (AWS::SageMaker::Endpoint) at Properties.X: released "a", current code "b"`. */
export function describeDifference(difference: TemplateDifference): string {
  const where = difference.logicalId === undefined
    ? ''
    : `resource '${difference.logicalId}'${difference.resourceType ? ` (${difference.resourceType})` : ''}`;
  switch (difference.kind) {
    case 'formatting':
      return 'the templates are equal as JSON but their bytes differ (formatting)';
    case 'added':
      return difference.path === ''
        ? `first difference: ${where} is new`
        : `first difference in ${where || 'the template'} at ${difference.path}: added ${briefValue(difference.after)}`;
    case 'removed':
      return difference.path === ''
        ? `first difference: ${where} is gone`
        : `first difference in ${where || 'the template'} at ${difference.path}: removed (was ${briefValue(difference.before)})`;
    case 'changed':
      return (
        `first difference in ${where || 'the template'} at ${difference.path}: ` +
        `released ${briefValue(difference.before)}, current code ${briefValue(difference.after)}`
      );
  }
}

/** A name for the next version: the last number bumped (`1.2.3` -> `1.2.4`, `v2` -> `v3`), never one already used. */
export function nextVersionName(name: string, taken: readonly string[]): string {
  let candidate = name;
  do {
    const match = /^(.*?)(\d+)([^\d]*)$/.exec(candidate);
    candidate = match ? `${match[1]}${Number(match[2]) + 1}${match[3]}` : `${candidate}.1`;
  } while (taken.includes(candidate));
  return candidate;
}

export { frozenVersionTampered } from '../manifest/checks/released-versions-intact';
