/**
 * Synthesizes a product stack into an environment-agnostic template: no
 * bootstrap version parameter or rule, no account or region baked in. One
 * template then serves every account and region (and can be frozen on release).
 *
 * File assets (CodeCommit seed code, `s3_assets.Asset`, ...) work like anywhere
 * else in CDK: the synthesizer turns each into one byte-stable file named by its
 * sha256, written next to the template (see product-assets.ts), lists it in the
 * template's metadata, and points the template at the catalog's asset bucket in
 * the account and region it is launched in (`<catalog>-assets-${AWS::AccountId}-${AWS::Region}`).
 * The generator creates that bucket and ships the files into it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type DockerImageAssetLocation,
  type DockerImageAssetSource,
  type FileAssetLocation,
  FileAssetPackaging,
  type FileAssetSource,
  Fn,
  type ISynthesisSession,
  Stage,
  StackSynthesizer,
} from 'aws-cdk-lib';
import {
  deterministicZip,
  PRODUCT_ASSETS_METADATA,
  productAssetBucketNameSub,
  productAssetFile,
  type ProductAssetReference,
} from './product-assets';
import { sha256 } from '../model/sha256';

export class ProductTemplateSynthesizer extends StackSynthesizer {
  private readonly assets = new Map<string, ProductAssetReference>();

  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    const stack = this.boundStack;
    const catalogName = (stack as { readonly context?: { readonly catalogName?: string } }).context?.catalogName;
    if (!catalogName) {
      throw new Error(`File asset ${asset.fileName ?? asset.sourceHash} in ${stack.node.path}: only product stacks (SecureProductStack) can carry file assets.`);
    }
    if (asset.executable || !asset.fileName) {
      throw new Error(
        `Product templates cannot build assets with a command (asset ${asset.sourceHash} in ${stack.node.path}); ` +
          'ship the files themselves.',
      );
    }

    const outdir = Stage.of(stack)!.outdir;
    const source = path.resolve(outdir, asset.fileName);
    const bytes = asset.packaging === FileAssetPackaging.ZIP_DIRECTORY ? deterministicZip(source) : fs.readFileSync(source);
    const hash = sha256(bytes);
    const extension = asset.packaging === FileAssetPackaging.ZIP_DIRECTORY ? '.zip' : path.extname(source);
    const reference: ProductAssetReference = {
      objectKey: `${hash}${extension}`,
      sha256: hash,
      source: asset.displayName ?? 'file asset',
    };

    // Written next to the template (the assembly folder), where the generator looks for it.
    const file = productAssetFile(path.join(outdir, 'template.json'), reference);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
    if (!this.assets.has(reference.objectKey)) {
      this.assets.set(reference.objectKey, reference);
      stack.addMetadata(PRODUCT_ASSETS_METADATA, [...this.assets.values()].sort((a, b) => a.objectKey.localeCompare(b.objectKey)));
    }

    const bucket = productAssetBucketNameSub(catalogName);
    return {
      bucketName: Fn.sub(bucket),
      objectKey: reference.objectKey,
      httpUrl: Fn.sub(`https://${bucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${reference.objectKey}`),
      s3ObjectUrl: Fn.sub(`s3://${bucket}/${reference.objectKey}`),
    };
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
