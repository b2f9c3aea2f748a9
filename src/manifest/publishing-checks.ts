/**
 * Semantic checks of publishing: every portfolio is published somewhere, the
 * organisation and pipeline name known accounts, a portfolio that targets
 * organizational units has an organisation to be published from, the pipeline
 * has exactly one source, the accounts it promotes through have a stage, and
 * the root is not listed beside units that get other portfolios
 * (organization-checks.ts).
 * One small pure function per check (listed in SEMANTIC_CHECKS).
 */
import { type Diagnostic, didYouMean } from './diagnostics';
import { rootBesideOtherUnits } from './organization-checks';
import type { SemanticCheck } from './semantic-checks';

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

export const pipelineSource: SemanticCheck = ({ catalog }) => {
  const pipeline = catalog.data.publishing?.pipeline;
  if (!pipeline) return [];
  const source = pipeline.source;
  const at = (key: string) => catalog.source.locateKey(['publishing', 'pipeline', 'source'], key);
  const problem = (key: string, message: string): Diagnostic[] => [{ ...at(key), code: 'PIPELINE_SOURCE_INVALID', message }];
  const hasConnection = source.connectionArn !== undefined;
  const hasCodeCommit = source.codeCommitRepository !== undefined;
  if (hasConnection === hasCodeCommit) {
    return [{
      ...(hasConnection ? at('codeCommitRepository') : catalog.source.locateKey(['publishing', 'pipeline'], 'source')),
      code: 'PIPELINE_SOURCE_INVALID',
      message:
        "the pipeline source needs exactly one of 'connectionArn' (with 'repository': owner/name) or 'codeCommitRepository'",
    }];
  }
  if (hasConnection && source.repository === undefined) {
    return problem('connectionArn', "a connection source needs 'repository' (owner/name) as well");
  }
  if (hasCodeCommit && source.repository !== undefined) {
    return problem('repository', "'repository' belongs to a connection source; a CodeCommit source names 'codeCommitRepository' only");
  }
  const connectionAccount = hasConnection ? source.connectionArn!.split(':')[4] : undefined;
  const toolingAccount = catalog.data.accounts[pipeline.account]?.id;
  if (connectionAccount !== undefined && toolingAccount !== undefined && connectionAccount !== toolingAccount) {
    return problem(
      'connectionArn',
      `the connection belongs to account ${connectionAccount}, but the pipeline runs in '${pipeline.account}' (${toolingAccount}); ` +
        'create the connection in the tooling account',
    );
  }
  return [];
};

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

export const PUBLISHING_CHECKS: readonly SemanticCheck[] = [
  portfolioTargets,
  organizationForUnits,
  rootBesideOtherUnits,
  publishingAccounts,
  pipelineSource,
  pipelineStages,
];
