/**
 * A product's versions/ folder holds its own releases only. A release record
 * naming another product means the folder was copied with its versions/ (the
 * fix: delete the copy, a new product starts unreleased), or the product id
 * now points at a folder released under another id (the fix: the old id back,
 * or a folder of its own). Either way `status: removed` is not the answer.
 */
import type { ReleaseCheck } from './types';
import type { Diagnostic } from '../../model/diagnostics';
import { releasedForOtherProduct, VERSIONS_DIR } from '../released-versions';

export const releasedFoldersOwn: ReleaseCheck = (catalog, released) =>
  catalog.products.flatMap((product): Diagnostic[] => {
    const folders = [...(released.get(product.id)?.values() ?? [])];
    const foreign = folders
      .map((frozen) => ({ frozen, owner: releasedForOtherProduct(product, frozen) }))
      // A product sharing this folder is reported as such (product-folders-not-shared.ts).
      .filter(({ owner }) => owner !== undefined && catalog.products.find((p) => p.id === owner)?.directory !== product.directory);
    if (foreign.length === 0) return [];
    const owners = [...new Set(foreign.map(({ owner }) => owner!))];
    const versionsDir = `${product.directory}/${VERSIONS_DIR}`;
    const what = foreign.length === folders.length ? versionsDir : foreign.map(({ frozen }) => frozen.folder).join(', ');
    const named = owners.map((o) => `'${o}'`).join(', ');
    const copiedFrom = owners.filter((owner) => catalog.products.some((p) => p.id === owner));
    if (copiedFrom.length === owners.length) {
      return [{
        ...product.source,
        code: 'RELEASED_VERSION_COPIED',
        message:
          `product '${product.id}': ${what} holds releases of product ${named} (their release.json says so): the folder was ` +
          `copied with its ${VERSIONS_DIR}/. A new product starts with no released versions: delete ${what}`,
      }];
    }
    return [{
      ...product.source,
      code: 'RELEASED_VERSION_OF_OTHER_PRODUCT',
      message:
        `product '${product.id}': ${what} holds releases of product ${named}, which catalog.yaml no longer lists: a released ` +
        `product keeps its id, so rename '${product.id}' back to ${named}; or, for a new product, delete ${what}` +
        ' (or give it a folder of its own)',
    }];
  });
