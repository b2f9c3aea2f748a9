/**
 * Where the organisation's files live, and the two synthesizers that put them
 * there.
 *
 * Member accounts of an organizational unit are not CDK-bootstrapped (and need
 * not be): the StackSet's template may not point at `cdk-*-assets-<member>`.
 * Its file assets (the product templates, and any code a custom resource needs)
 * live instead in one bucket per region in the management (or delegated
 * administrator) account, `<catalog>-org-<admin account>-<region>`, readable by
 * the organisation only.
 *
 * - OrganizationMemberSynthesizer: the member template's file assets resolve to
 *   that bucket, in whatever region the stack instance runs
 *   (`${AWS::Region}`); the assets are collected, not published.
 * - OrganizationStackSetSynthesizer: the StackSet stack is deployed like any CDK
 *   stack (the admin account's bootstrap roles and bucket for its own template),
 *   and publishes the collected files to the organisation bucket of EVERY region
 *   through the admin account's CDK file-publishing role of that region.
 */
import * as path from 'node:path';
import {
  AssetManifestBuilder,
  Aws,
  DefaultStackSynthesizer,
  type DockerImageAssetLocation,
  type DockerImageAssetSource,
  type FileAssetLocation,
  FileAssetPackaging,
  type FileAssetSource,
  Fn,
  type ISynthesisSession,
  StackSynthesizer,
} from 'aws-cdk-lib';

/** Bucket of the organisation's files in one region: `<catalog>-org-<admin account>-<region>`. */
export function organizationBucketName(catalogName: string, adminAccountId: string, region: string): string {
  // At most 31 + 5 + 12 + 1 + 14 = 63 characters: catalog.name is limited to 31, region names to 14.
  return `${catalogName}-org-${adminAccountId}-${region}`;
}

/** The object key of a file asset: its hash and extension, as CDK names bootstrap assets. */
export function organizationObjectKey(asset: Pick<FileAssetSource, 'sourceHash' | 'packaging' | 'fileName'>): string {
  const extension = asset.packaging === FileAssetPackaging.ZIP_DIRECTORY ? '.zip' : path.extname(asset.fileName ?? '');
  return `${asset.sourceHash}${extension}`;
}

/**
 * A CDK bootstrap role of an account and region (default qualifier), as the CDK
 * toolkit and CDK Pipelines assume it. The partition defaults to the
 * placeholder the toolkit fills in (for the assembly); pass `Stack.partition`
 * inside a template.
 */
export function bootstrapRoleArn(
  kind: 'deploy' | 'cfn-exec' | 'file-publishing' | 'lookup',
  account: string,
  region: string,
  partition = '${AWS::Partition}',
): string {
  return `arn:${partition}:iam::${account}:role/cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-${kind}-role-${account}-${region}`;
}

/** A file the member template needs, as collected while synthesizing it. */
export interface OrganizationAsset {
  readonly sourceHash: string;
  readonly packaging: FileAssetPackaging;
  /** Absolute path of the file or folder, in the member template's assembly. */
  readonly path: string;
  /** Key in every organisation bucket. */
  readonly objectKey: string;
  readonly displayName?: string;
}

export interface OrganizationMemberSynthesizerProps {
  readonly catalogName: string;
  readonly adminAccountId: string;
  /** The member template's assembly folder, which asset file names are relative to. */
  readonly outdir: string;
}

/** For the member template (see the file comment): env-agnostic, no bootstrap version rule, assets in the organisation bucket. */
export class OrganizationMemberSynthesizer extends StackSynthesizer {
  private readonly collected = new Map<string, OrganizationAsset>();

  constructor(private readonly props: OrganizationMemberSynthesizerProps) {
    super();
  }

  /** The files the template refers to, in key order. */
  public get assets(): OrganizationAsset[] {
    return [...this.collected.values()].sort((a, b) => a.objectKey.localeCompare(b.objectKey));
  }

  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    if (!asset.fileName || asset.executable) {
      throw new Error(`The organisation's StackSet template cannot build assets with a command (asset ${asset.sourceHash})`);
    }
    const objectKey = organizationObjectKey(asset);
    this.collected.set(objectKey, {
      sourceHash: asset.sourceHash,
      packaging: asset.packaging ?? FileAssetPackaging.FILE,
      path: path.resolve(this.props.outdir, asset.fileName),
      objectKey,
      displayName: asset.displayName,
    });
    const bucket = organizationBucketName(this.props.catalogName, this.props.adminAccountId, '${AWS::Region}');
    return {
      bucketName: Fn.sub(bucket),
      objectKey,
      httpUrl: Fn.sub(`https://${bucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${objectKey}`),
      s3ObjectUrl: Fn.sub(`s3://${bucket}/${objectKey}`),
    };
  }

  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw new Error(`The organisation's StackSet template cannot carry container images (asset ${asset.sourceHash})`);
  }

  public synthesize(session: ISynthesisSession): void {
    this.synthesizeTemplate(session);
    this.emitArtifact(session);
  }
}

/** Where the StackSet stack publishes the organisation's files. */
export interface OrganizationBucket {
  readonly region: string;
  readonly bucketName: string;
}

export interface OrganizationStackSetSynthesizerProps {
  readonly adminAccountId: string;
  /** The StackSet's region (the stack's own). */
  readonly region: string;
  /** Every region's organisation bucket. */
  readonly buckets: readonly OrganizationBucket[];
}

/** Same as the CDK default for the stack itself (bootstrap v6 roles and bucket), plus publishing to the organisation buckets. */
export class OrganizationStackSetSynthesizer extends StackSynthesizer {
  public static readonly BOOTSTRAP_VERSION = 6;
  private static readonly BOOTSTRAP_VERSION_PARAMETER = `/cdk-bootstrap/${DefaultStackSynthesizer.DEFAULT_QUALIFIER}/version`;

  private readonly manifest = new AssetManifestBuilder();

  constructor(private readonly props: OrganizationStackSetSynthesizerProps) {
    super();
  }

  /** The stack's own template goes to the admin account's CDK bootstrap bucket, like any CDK stack. */
  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    const { adminAccountId: account, region } = this.props;
    const location = this.manifest.defaultAddFileAsset(this.boundStack, asset, {
      bucketName: `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${account}-${region}`,
      role: { assumeRoleArn: bootstrapRoleArn('file-publishing', account, region) },
    });
    return this.cloudFormationLocationFromFileAsset(location);
  }

  /**
   * Publishes a file to the organisation bucket of every region, under the key
   * the member template expects; returns its URL in the StackSet's own region.
   */
  public addOrganizationAsset(asset: FileAssetSource & { readonly objectKey: string }): string {
    const account = this.props.adminAccountId;
    for (const bucket of this.props.buckets) {
      this.manifest.addFileAsset(
        this.boundStack,
        asset.sourceHash,
        { path: asset.fileName, packaging: asset.packaging },
        {
          bucketName: bucket.bucketName,
          objectKey: asset.objectKey,
          region: bucket.region,
          assumeRoleArn: bootstrapRoleArn('file-publishing', account, bucket.region),
        },
        { displayName: asset.displayName },
      );
    }
    const home = this.props.buckets.find((b) => b.region === this.props.region);
    if (!home) throw new Error(`no organisation bucket in the StackSet's region ${this.props.region}`);
    return `https://${home.bucketName}.s3.${home.region}.${Aws.URL_SUFFIX}/${asset.objectKey}`;
  }

  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw new Error(`The organisation's StackSet stack cannot carry container images (asset ${asset.sourceHash})`);
  }

  public synthesize(session: ISynthesisSession): void {
    const { adminAccountId: account, region } = this.props;
    const version = OrganizationStackSetSynthesizer.BOOTSTRAP_VERSION;
    const versionParameter = OrganizationStackSetSynthesizer.BOOTSTRAP_VERSION_PARAMETER;
    this.addBootstrapVersionRule(version, versionParameter);
    const templateAsset = this.addFileAsset(this.synthesizeTemplate(session));
    const manifestId = this.manifest.emitManifest(this.boundStack, session, {
      requiresBootstrapStackVersion: version,
      bootstrapStackVersionSsmParameter: versionParameter,
    });
    this.emitArtifact(session, {
      assumeRoleArn: bootstrapRoleArn('deploy', account, region),
      cloudFormationExecutionRoleArn: bootstrapRoleArn('cfn-exec', account, region),
      stackTemplateAssetObjectUrl: templateAsset.s3ObjectUrlWithPlaceholders,
      requiresBootstrapStackVersion: version,
      bootstrapStackVersionSsmParameter: versionParameter,
      additionalDependencies: [manifestId],
    });
  }
}
