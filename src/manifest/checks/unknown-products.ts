/** Every product a portfolio offers is declared in catalog.yaml. */
import type { SemanticCheck } from './types';
import { didYouMean, echo } from '../../model/diagnostics';

export const unknownProducts: SemanticCheck = ({ catalog, portfolios }) => {
  const known = Object.keys(catalog.data.products);
  return portfolios.flatMap(({ source, data }) =>
    data.products.flatMap((product, index) =>
      known.includes(product.id)
        ? []
        : [{
          ...source.locate(['products', index, 'id']),
          code: 'UNKNOWN_PRODUCT' as const,
          message: `unknown product '${echo(product.id)}'${didYouMean(product.id, known) || `; products in catalog.yaml: ${known.join(', ')}`}`,
        }],
    ),
  );
};
