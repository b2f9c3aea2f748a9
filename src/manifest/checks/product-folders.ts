/** Every product's folder has its entry file. */
import type { SemanticCheck } from './types';
import { PRODUCT_ENTRY } from '../../model/catalog';
export const productFolders: SemanticCheck = ({ catalog, fileExists }) =>
  Object.entries(catalog.data.products).flatMap(([id, product]) =>
    fileExists(`products/${product.path}/${PRODUCT_ENTRY}`)
      ? []
      : [{
        ...catalog.source.locate(['products', id, 'path']),
        code: 'PRODUCT_FOLDER_MISSING' as const,
        message: `product '${id}': products/${product.path}/${PRODUCT_ENTRY} does not exist; create the folder with an ${PRODUCT_ENTRY} exporting the product stack class, or fix 'path'`,
      }],
  );
