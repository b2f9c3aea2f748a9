/**
 * Each product has a folder of its own: released versions live under
 * products/<path>/versions/<name>/, so two products on one path would claim the
 * same released folders (and a release of one would freeze the other's name).
 */
import type { ReleaseCheck } from './types';
import type { Diagnostic } from '../../model/diagnostics';

export const productFoldersNotShared: ReleaseCheck = (catalog) => {
  const first = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const product of catalog.products) {
    const owner = first.get(product.directory);
    if (owner === undefined) {
      first.set(product.directory, product.id);
      continue;
    }
    diagnostics.push({
      ...product.source,
      code: 'PRODUCT_PATH_SHARED',
      message:
        `product '${product.id}' uses ${product.directory}, the folder of product '${owner}'; released versions live in ` +
        `${product.directory}/versions/, so each product needs a folder of its own: copy the code to a new folder ` +
        '(without its versions/) and point \'path\' at it',
    });
  }
  return diagnostics;
};
