/**
 * How a product template names its file assets (seed code, nested templates,
 * ...), and where their bytes live next to the template. Pure naming: writing
 * and zipping them is src/secure/product-assets.ts.
 */
import * as path from 'node:path';

/** Template `Metadata` key listing the assets a product template needs. */
export const PRODUCT_ASSETS_METADATA = 'SCFactory::ProductAssets';

/** Folder, next to a product template, holding its asset files. */
export const PRODUCT_ASSETS_DIR = 'product-assets';

/** One asset as listed in a template's metadata. */
export interface ProductAssetReference {
  /** Object key in the asset bucket: `<sha256>.<extension>`. */
  readonly objectKey: string;
  /** sha256 of the file's bytes (also the key's stem). */
  readonly sha256: string;
  /** Where it came from, for humans (path relative to the product folder, or a description). */
  readonly source: string;
}

/**
 * Where the bytes of an asset live: `<template folder>/product-assets/<sha256>/<objectKey>`.
 * One folder per asset, holding only that file, so it can be shipped as a folder
 * that unpacks to exactly that object key.
 */
export function productAssetFile(templateFile: string, asset: Pick<ProductAssetReference, 'objectKey' | 'sha256'>): string {
  return path.join(path.dirname(templateFile), PRODUCT_ASSETS_DIR, asset.sha256, asset.objectKey);
}

/** The assets a template lists in its metadata (none for templates without assets). */
export function productAssetsOfTemplate(template: { readonly Metadata?: Record<string, unknown> }): ProductAssetReference[] {
  const listed = template.Metadata?.[PRODUCT_ASSETS_METADATA];
  return Array.isArray(listed) ? (listed as ProductAssetReference[]) : [];
}
