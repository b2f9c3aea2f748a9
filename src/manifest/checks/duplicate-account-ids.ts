/** An AWS account has one name in catalog.yaml. */
import type { SemanticCheck } from './types';
import { type Diagnostic } from '../../model/diagnostics';

export const duplicateAccountIds: SemanticCheck = ({ catalog }) => {
  const byId = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const [name, account] of Object.entries(catalog.data.accounts)) {
    const first = byId.get(account.id);
    if (first === undefined) {
      byId.set(account.id, name);
    } else {
      diagnostics.push({
        ...catalog.source.locate(['accounts', name, 'id']),
        code: 'DUPLICATE_ACCOUNT_ID',
        message: `account id ${account.id} is already used by account '${first}'; give each account one name`,
      });
    }
  }
  return diagnostics;
};
