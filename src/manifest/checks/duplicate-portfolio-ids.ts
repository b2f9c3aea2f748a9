/** Portfolio ids are unique across the portfolio files. */
import type { SemanticCheck } from './types';
import { type Diagnostic } from '../../model/diagnostics';

export const duplicatePortfolioIds: SemanticCheck = ({ portfolios }) => {
  const firstFile = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { source, data } of portfolios) {
    const first = firstFile.get(data.id);
    if (first === undefined) {
      firstFile.set(data.id, source.file);
    } else {
      diagnostics.push({
        ...source.locate(['id']),
        code: 'DUPLICATE_PORTFOLIO_ID',
        message: `portfolio id '${data.id}' is already used by ${first}; portfolio ids must be unique`,
      });
    }
  }
  return diagnostics;
};
