/**
 * A project's CodeCommit repository: the product's starter code committed to
 * `main`, encrypted with the project key. `main` is also the branch the project
 * pipeline takes its source from and is started by (project-pipeline.ts), so
 * the first commit runs the pipeline.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import type { Construct } from 'constructs';
import type { ProjectKey } from './project-key';

/** The branch the seed is committed to, and the one the project pipeline builds. */
export const PROJECT_BRANCH = 'main';

export interface ProjectRepositoryProps {
  /** Repository name (a token is fine). */
  readonly repositoryName: string;
  readonly description: string;
  /** Folder committed as the repository's first commit, on `main`. */
  readonly seedDirectory: string;
  readonly key: ProjectKey;
}

/**
 * Adds the project's repository (`Repository`) and its clone URL as the output
 * `RepositoryCloneUrl` to `scope`. Call it once per project template.
 */
export function addProjectRepository(scope: Construct, props: ProjectRepositoryProps): codecommit.Repository {
  const repository = new codecommit.Repository(scope, 'Repository', {
    repositoryName: props.repositoryName,
    description: props.description,
    code: codecommit.Code.fromDirectory(props.seedDirectory, PROJECT_BRANCH),
    kmsKey: props.key.key,
  });
  new CfnOutput(scope, 'RepositoryCloneUrl', { value: repository.repositoryCloneUrlGrc, description: 'git clone with git-remote-codecommit' });
  return repository;
}
