/**
 * Synthesizes a product stack into an environment-agnostic template: no
 * bootstrap version parameter or rule, no account or region baked in. One
 * template then serves every account and region (and can be frozen on release).
 */
import {
  type DockerImageAssetLocation,
  type DockerImageAssetSource,
  type FileAssetLocation,
  type FileAssetSource,
  type ISynthesisSession,
  StackSynthesizer,
} from 'aws-cdk-lib';

export class ProductTemplateSynthesizer extends StackSynthesizer {
  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    throw new Error(
      `Product templates cannot carry file assets yet (asset ${asset.fileName ?? asset.sourceHash} in ${this.boundStack.node.path}). ` +
        'Reference artifacts by S3 URI instead.',
    );
  }

  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw new Error(
      `Product templates cannot build container images (asset ${asset.directoryName ?? asset.sourceHash} in ${this.boundStack.node.path}). ` +
        'Reference an image already in ECR by URI.',
    );
  }

  public synthesize(session: ISynthesisSession): void {
    this.synthesizeTemplate(session);
    this.emitArtifact(session);
  }
}
