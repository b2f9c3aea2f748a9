/** The organisation and the pipeline name accounts of the catalog. */
import type { SemanticCheck } from './types';
import { didYouMean } from '../../model/diagnostics';

export const publishingAccounts: SemanticCheck = ({ catalog }) => {
  const known = Object.keys(catalog.data.accounts);
  const references: { path: (string | number)[]; name: string | undefined; role: string }[] = [
    { path: ['organization', 'account'], name: catalog.data.organization?.account, role: 'organization account' },
    { path: ['publishing', 'pipeline', 'account'], name: catalog.data.publishing?.pipeline?.account, role: 'pipeline account' },
  ];
  return references.flatMap(({ path, name, role }) =>
    name === undefined || known.includes(name)
      ? []
      : [{
        ...catalog.source.locate(path),
        code: 'UNKNOWN_ACCOUNT' as const,
        message: `unknown ${role} '${name}'${didYouMean(name, known) || `; accounts in catalog.yaml: ${known.join(', ')}`}`,
      }],
  );
};
