/**
 * Which template each product version is published with. The newest version is
 * built from the current code; older versions are served from the template
 * frozen when they were released.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CurrentTemplate, sha256File } from './product-templates';
import { type Diagnostic, throwIfAny } from '../manifest/diagnostics';
import { type Catalog, newestVersion, type Product, type ProductVersion } from '../manifest/model';

export interface VersionTemplate {
  readonly productId: string;
  readonly version: ProductVersion;
  /** Absolute path of the template this version is published with. */
  readonly templateFile: string;
  readonly sha256: string;
  /** `current`: built from today's code; `released`: the frozen template. */
  readonly origin: 'current' | 'released';
}

/** Product id -> its versions' templates, oldest first. */
export type VersionTemplates = ReadonlyMap<string, readonly VersionTemplate[]>;

/** Where a released version's frozen template lives, relative to the catalog root. */
export function frozenTemplatePath(product: Product, versionName: string): string {
  return `${product.directory}/versions/${versionName}/template.json`;
}

export function resolveVersionTemplates(catalog: Catalog, current: ReadonlyMap<string, CurrentTemplate>): VersionTemplates {
  const diagnostics: Diagnostic[] = [];
  const result = new Map<string, VersionTemplate[]>();
  for (const product of catalog.products) {
    const templates: VersionTemplate[] = [];
    const newest = newestVersion(product);
    for (const version of product.versions) {
      const frozen = path.join(catalog.root, frozenTemplatePath(product, version.name));
      if (fs.existsSync(frozen)) {
        templates.push({ productId: product.id, version, templateFile: frozen, sha256: sha256File(frozen), origin: 'released' });
      } else if (version === newest) {
        const built = current.get(product.id)!;
        templates.push({ productId: product.id, version, templateFile: built.templateFile, sha256: built.sha256, origin: 'current' });
      } else {
        diagnostics.push({
          ...version.source,
          code: 'UNRELEASED_OLD_VERSION',
          message:
            `version '${version.name}' of product '${product.id}' was never released, so only the newest version ` +
            'can be built from the current code; release it first or remove it',
        });
      }
    }
    result.set(product.id, templates);
  }
  throwIfAny(diagnostics);
  return result;
}
