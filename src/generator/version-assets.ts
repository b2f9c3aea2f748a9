/**
 * The file assets one product version's template needs (seed code, nested
 * templates), each checked once when the version is resolved (versions.ts):
 * the file exists next to the template and its bytes still hash to its key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog, ProductVersion } from '../model/catalog';
import type { Diagnostic } from '../model/diagnostics';
import { sha256 } from '../model/sha256';
import { productAssetFile, productAssetsOfTemplate, type ProductAssetReference } from '../secure/product-assets';

/** An asset file ready to ship: where its bytes are and under which key. */
export interface ShippedAsset extends ProductAssetReference {
  /** Absolute path of the file (a folder of its own holds only this file). */
  readonly file: string;
}

/**
 * The assets one product version's template needs, each checked: the file
 * exists next to the template and its bytes still hash to its key.
 */
export function checkedVersionAssets(
  catalog: Pick<Catalog, 'root'>,
  template: {
    readonly productId: string;
    readonly version: ProductVersion;
    readonly templateFile: string;
    readonly template: { readonly Metadata?: Record<string, unknown> };
  },
): { readonly assets: ShippedAsset[]; readonly diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const assets: ShippedAsset[] = [];
  for (const reference of productAssetsOfTemplate(template.template)) {
    const file = productAssetFile(template.templateFile, reference);
    const where = path.relative(catalog.root, file).split(path.sep).join('/');
    if (!fs.existsSync(file)) {
      diagnostics.push({
        ...template.version.source,
        code: 'PRODUCT_ASSET_INVALID',
        message:
          `version '${template.version.name}' of product '${template.productId}' needs the asset ${reference.objectKey} ` +
          `(${reference.source}), but ${where} does not exist; release the version again with its assets`,
      });
    } else if (sha256(fs.readFileSync(file)) !== reference.sha256) {
      diagnostics.push({
        ...template.version.source,
        code: 'PRODUCT_ASSET_INVALID',
        message:
          `version '${template.version.name}' of product '${template.productId}': the asset ${where} no longer matches ` +
          `its sha256 ${reference.sha256}; asset files are immutable, restore it from version control`,
      });
    } else {
      assets.push({ ...reference, file });
    }
  }
  return { assets, diagnostics };
}
