/** A product names each version once. */
import type { SemanticCheck } from './types';
export const duplicateVersions: SemanticCheck = ({ catalog }) =>
  Object.entries(catalog.data.products).flatMap(([id, product]) =>
    product.versions.flatMap((version, index) => {
      const first = product.versions.findIndex((v) => v.name === version.name);
      return first === index
        ? []
        : [{
          ...catalog.source.locate(['products', id, 'versions', index, 'name']),
          code: 'DUPLICATE_VERSION' as const,
          message: `version '${version.name}' of product '${id}' is listed twice (first as versions[${first}]); version names must be unique`,
        }];
    }),
  );
