/**
 * A product version's template as a CDK file asset, named after the version.
 *
 * `CloudFormationTemplate.fromAsset(path)` names its asset construct after a hash
 * of the file's absolute path. The current template lives in the staging folder
 * of each synth (`cdk.out.staging-<pid>/...`), so that name, and with it
 * tree.json and the asset manifests' display names, changed on every run. The
 * version name is unique within a product and never changes, so the cloud
 * assembly is byte-identical across runs and checkouts.
 */
import * as s3_assets from 'aws-cdk-lib/aws-s3-assets';
import { CloudFormationTemplate, type CloudFormationTemplateConfig } from 'aws-cdk-lib/aws-servicecatalog';
import type { Construct } from 'constructs';
import type { VersionTemplate } from './versions';

export class VersionTemplateAsset extends CloudFormationTemplate {
  /** The construct id of a version's template asset under its product. */
  public static idOf(version: Pick<VersionTemplate, 'version'>): string {
    return `Template-${version.version.name}`;
  }

  constructor(private readonly template: VersionTemplate) {
    super();
  }

  public bind(scope: Construct): CloudFormationTemplateConfig {
    const id = VersionTemplateAsset.idOf(this.template);
    // Binding twice (the same version in one product) reuses the asset.
    const asset =
      (scope.node.tryFindChild(id) as s3_assets.Asset | undefined) ??
      new s3_assets.Asset(scope, id, { path: this.template.templateFile });
    return { httpUrl: asset.httpUrl };
  }
}
