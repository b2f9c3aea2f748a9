/**
 * Only the newest version is built from the current code: every older one is
 * served from its released folder, so it must have one (or be `removed`).
 */
import type { ReleaseCheck } from './types';
import { newestVersion } from '../../model/catalog';
import type { Diagnostic } from '../../model/diagnostics';

export const olderVersionsReleased: ReleaseCheck = (catalog, released) =>
  catalog.products.flatMap((product) => {
    const newest = newestVersion(product);
    return product.versions
      .filter((version) => version !== newest && version.status !== 'removed')
      // A folder that holds another product's release is released-folders-own.ts's.
      .filter((version) => released.get(product.id)?.get(version.name) === undefined)
      .map((version): Diagnostic => ({
        ...version.source,
        code: 'UNRELEASED_OLD_VERSION',
        message:
          `version '${version.name}' of product '${product.id}' was never released, so only the newest version ` +
          'can be built from the current code; release it first or remove it',
      }));
  });
