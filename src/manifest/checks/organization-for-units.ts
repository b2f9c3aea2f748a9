/** A portfolio that targets organizational units has an organisation to be published from. */
import type { SemanticCheck } from './types';

export const organizationForUnits: SemanticCheck = ({ catalog, portfolios }) =>
  catalog.data.organization !== undefined
    ? []
    : portfolios.flatMap(({ source, data }) =>
      (data.organizationalUnits?.length ?? 0) === 0
        ? []
        : [{
          ...source.locateKey([], 'organizationalUnits'),
          code: 'ORGANIZATION_MISSING' as const,
          message:
            `portfolio '${data.id}' targets organizational units, but catalog.yaml has no 'organization' section; ` +
            "add one with the organization 'id', the management (or delegated administrator) 'account' and the 'regions'",
        }],
    );
