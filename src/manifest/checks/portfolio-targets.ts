/** Every portfolio is published somewhere: accounts or organizational units. */
import type { SemanticCheck } from './types';

export const portfolioTargets: SemanticCheck = ({ portfolios }) =>
  portfolios.flatMap(({ source, data }) =>
    (data.accounts?.length ?? 0) > 0 || (data.organizationalUnits?.length ?? 0) > 0
      ? []
      : [{
        ...source.locate(['id']),
        code: 'MISSING_TARGET' as const,
        message:
          `portfolio '${data.id}' is published nowhere: list 'accounts' (names from catalog.yaml), ` +
          "'organizationalUnits' (ou-... or r-... ids), or both",
      }],
  );
