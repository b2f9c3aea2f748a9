/**
 * The CI pipeline (catalog.yaml `publishing.pipeline`): a CDK Pipelines
 * pipeline in the tooling account that deploys, on every push, the waves of
 * the targets before it. `publish --pipeline` deploys it once.
 */
import type { PublishTarget } from './target';
import { accountNamed } from '../../model/publishing';
import { CatalogPipelineStack } from '../pipeline-stack';

export const pipelineTarget: PublishTarget = {
  name: 'pipeline',

  build(app, { catalog }, earlier) {
    if (catalog.publishing.pipeline) new CatalogPipelineStack(app, { catalog, waves: earlier.flatMap((built) => built.waves) });
    return { waves: [] };
  },

  publishSteps(catalog, mode, step) {
    const pipeline = catalog.publishing.pipeline;
    return mode === 'pipeline' && pipeline ? [step('pipeline', CatalogPipelineStack.ID, 'pipeline', pipeline.account)] : [];
  },

  waveNames: () => [],

  summary(catalog, waves) {
    const pipeline = catalog.publishing.pipeline;
    if (!pipeline) return [];
    const tooling = accountNamed(catalog, pipeline.account);
    return [{
      stackName: CatalogPipelineStack.stackNameOf(catalog),
      purpose: `pipeline: ${waves.join(' -> ')}`,
      account: tooling.name,
      accountId: tooling.id,
      region: tooling.regions[0],
    }];
  },

  shapes: () => [],
};
