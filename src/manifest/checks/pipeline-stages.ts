import type { SemanticCheck } from './types';

/** The pipeline promotes dev -> staging -> prod, so every account it deploys to needs its stage. */
export const pipelineStages: SemanticCheck = ({ catalog, portfolios }) => {
  if (!catalog.data.publishing?.pipeline) return [];
  const targeted = new Set(portfolios.flatMap(({ data }) => data.accounts ?? []));
  return Object.entries(catalog.data.accounts).flatMap(([name, account]) =>
    !targeted.has(name) || account.stage !== undefined
      ? []
      : [{
        ...catalog.source.locateKey(['accounts'], name),
        code: 'ACCOUNT_STAGE_MISSING' as const,
        message: stageMissingMessage(name),
      }],
  );
};

export function stageMissingMessage(account: string): string {
  return (
    `account '${account}' has no 'stage'; the catalog is published in the order dev -> staging -> prod, ` +
    "so set 'stage: dev', 'stage: staging' or 'stage: prod'"
  );
}
