/** The publishing pipeline has exactly one source. */
import type { SemanticCheck } from './types';
import { type Diagnostic } from '../../model/diagnostics';

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
