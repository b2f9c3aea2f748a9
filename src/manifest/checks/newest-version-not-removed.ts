import type { SemanticCheck } from './types';

/** The newest version is the one built from the current code, so it cannot be the one withdrawn. */
export const newestVersionNotRemoved: SemanticCheck = ({ catalog }) =>
  Object.entries(catalog.data.products).flatMap(([id, product]) => {
    const index = product.versions.length - 1;
    const newest = product.versions[index];
    return newest.status !== 'removed'
      ? []
      : [{
        ...catalog.source.locate(['products', id, 'versions', index, 'status']),
        code: 'NEWEST_VERSION_REMOVED' as const,
        message:
          `version '${newest.name}' of product '${id}' is the newest (built from the current code) and cannot be removed; ` +
          "mark it 'inactive', or add a newer version after it",
      }];
  });
