/** A portfolio offers each product once. */
import type { SemanticCheck } from './types';
export const duplicateProductsInPortfolio: SemanticCheck = ({ portfolios }) =>
  portfolios.flatMap(({ source, data }) =>
    data.products.flatMap((product, index) => {
      const first = data.products.findIndex((p) => p.id === product.id);
      return first === index
        ? []
        : [{
          ...source.locate(['products', index, 'id']),
          code: 'DUPLICATE_PRODUCT_IN_PORTFOLIO' as const,
          message: `product '${product.id}' is listed twice in this portfolio (first as products[${first}])`,
        }];
    }),
  );
