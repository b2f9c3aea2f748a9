/**
 * A released version cannot disappear from catalog.yaml: it is withdrawn with
 * `status: removed`, which keeps the entry (and the name) and leaves it out of
 * what is published.
 */
import type { ReleaseCheck } from './types';
import type { Diagnostic } from '../../model/diagnostics';
import { releasedForOtherProduct } from '../released-versions';

export const releasedVersionsListed: ReleaseCheck = (catalog, released) =>
  catalog.products.flatMap((product) => {
    const listed = new Set(product.versions.map((v) => v.name));
    return [...(released.get(product.id)?.values() ?? [])]
      // Another product's release (a copied folder) is released-folders-own.ts's.
      .filter((frozen) => !listed.has(frozen.versionName) && releasedForOtherProduct(product, frozen) === undefined)
      .map((frozen): Diagnostic => ({
        ...product.source,
        code: 'RELEASED_VERSION_REMOVED',
        message:
          `product '${product.id}': released version '${frozen.versionName}' (${frozen.folder}) is missing from catalog.yaml; ` +
          `a released version cannot be dropped: put it back under products.${product.id}.versions with 'status: removed' ` +
          'to withdraw it from Service Catalog (the entry stays, so the name is never reused)',
      }));
  });
