/**
 * The publishing part of the catalog model, built from catalog.yaml with the
 * positions the later stages report problems at.
 */
import { locatedLater, type YamlSource } from './yaml-source';
import { DEFAULT_FAILURE_TOLERANCE_PERCENTAGE, DEFAULT_MAX_CONCURRENT_PERCENTAGE, DEFAULT_PIPELINE_BRANCH } from '../model/catalog';
import type { Catalog, Organization, PipelineSource, Publishing } from '../model/catalog';
import type { CatalogManifest } from '../model/schema';

/** The catalog.yaml sections above, as model data (the loader spreads this into the Catalog). */
export function publishingModel(
  data: CatalogManifest,
  source: YamlSource,
): { readonly organization?: Organization; readonly publishing: Publishing } {
  const pipeline = data.publishing?.pipeline;
  const organization = data.organization;
  return {
    organization: organization && {
      id: organization.id,
      account: organization.account,
      callAs: organization.delegatedAdmin ? 'DELEGATED_ADMIN' : 'SELF',
      regions: organization.regions,
      maxConcurrentPercentage: organization.maxConcurrentPercentage ?? DEFAULT_MAX_CONCURRENT_PERCENTAGE,
      failureTolerancePercentage: organization.failureTolerancePercentage ?? DEFAULT_FAILURE_TOLERANCE_PERCENTAGE,
      location: locatedLater(source.file, () => source.locateKey([], 'organization')),
    },
    publishing: {
      pipeline: pipeline && {
        account: pipeline.account,
        source: pipelineSource(pipeline.source),
        location: locatedLater(source.file, () => source.locateKey(['publishing'], 'pipeline')),
      },
    },
  };
}

type PipelineSourceManifest = NonNullable<NonNullable<CatalogManifest['publishing']>['pipeline']>['source'];

/** Checked by checks/pipeline-source.ts: a connection with its repository, or a CodeCommit repository. */
function pipelineSource(source: PipelineSourceManifest): PipelineSource {
  const branch = source.branch ?? DEFAULT_PIPELINE_BRANCH;
  if (source.connectionArn !== undefined) {
    return { kind: 'connection', connectionArn: source.connectionArn, repository: source.repository!, branch };
  }
  return { kind: 'codecommit', repositoryName: source.codeCommitRepository!, branch };
}
