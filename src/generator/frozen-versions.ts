/**
 * Writing released versions (release.ts). Where they live and how they are read
 * and checked is src/manifest/released-versions.ts, shared with validate.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { frozenVersionFolder, FROZEN_TEMPLATE_FILE, RELEASE_FILE, type ReleaseRecord } from '../manifest/released-versions';
import type { Product } from '../model/catalog';
import { productAssetFile, type ProductAssetReference } from '../secure/product-assets';

export {
  FROZEN_TEMPLATE_FILE,
  type FrozenVersion,
  frozenTemplatePath,
  frozenVersionFolder,
  readFrozenVersion,
  RELEASE_FILE,
  type ReleaseRecord,
  releasedVersionNames,
  type TemplateJson,
  VERSIONS_DIR,
} from '../manifest/released-versions';

/** An asset file to store with a released version. */
export interface AssetFile {
  readonly reference: ProductAssetReference;
  /** Absolute path of the bytes to copy. */
  readonly file: string;
}

/** Copies asset files next to a released version's template (where the generator looks for them). */
export function copyAssetFiles(templateFile: string, assets: readonly AssetFile[]): void {
  for (const { reference, file } of assets) {
    const target = productAssetFile(templateFile, reference);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
}

/**
 * Writes a released version's folder atomically: both files land in a hidden
 * sibling folder first, which is renamed into place, so an interrupted release
 * leaves no half-written version behind.
 */
export function writeFrozenVersion(
  root: string,
  product: Pick<Product, 'directory'>,
  templateBytes: Buffer,
  record: ReleaseRecord,
  assets: readonly AssetFile[] = [],
): string {
  const folder = frozenVersionFolder(product, record.version);
  const target = path.join(root, folder);
  const staging = path.join(path.dirname(target), `.${record.version}.release-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    fs.writeFileSync(path.join(staging, FROZEN_TEMPLATE_FILE), templateBytes);
    fs.writeFileSync(path.join(staging, RELEASE_FILE), `${JSON.stringify(record, null, 2)}\n`);
    copyAssetFiles(path.join(staging, FROZEN_TEMPLATE_FILE), assets);
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return folder;
}
