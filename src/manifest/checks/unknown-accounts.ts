/** Every account a portfolio names is declared in catalog.yaml. */
import type { SemanticCheck } from './types';
import { didYouMean, echo } from '../../model/diagnostics';

export const unknownAccounts: SemanticCheck = ({ catalog, portfolios }) => {
  const known = Object.keys(catalog.data.accounts);
  return portfolios.flatMap(({ source, data }) =>
    (data.accounts ?? []).flatMap((account, index) =>
      known.includes(account)
        ? []
        : [{
          ...source.locate(['accounts', index]),
          code: 'UNKNOWN_ACCOUNT' as const,
          message: `unknown account '${echo(account)}'${didYouMean(account, known) || `; accounts in catalog.yaml: ${known.join(', ')}`}`,
        }],
    ),
  );
};
