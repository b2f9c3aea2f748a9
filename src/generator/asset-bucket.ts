/**
 * The product asset bucket of one account and region: where the file assets of
 * product templates (seed code, nested templates) live, so a product launched
 * there can read them. Product authors never see it: the product template
 * synthesizer points templates at `<catalog>-assets-${AWS::AccountId}-${AWS::Region}`,
 * and this construct creates exactly that bucket in each catalog stack whose
 * products need assets, and copies the asset files into it when the catalog
 * stack is deployed (from the stack's own CDK assets: no AWS call at synth).
 *
 * Every account receives the same file, byte for byte: the one written next to
 * the product template, whose sha256 is its object key and is checked here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { logAccess } from './access-logs';
import { REPRODUCIBLE_CONTENT } from './reasons';
import type { ShippedAsset } from './version-assets';
import type { VersionTemplates } from './versions';
import type { Catalog, CatalogTarget } from '../model/catalog';
import { ManifestError } from '../model/diagnostics';
import { launchRoleNameIn } from '../model/launch-roles';
import { sha256 } from '../model/sha256';
import { acknowledgeNistAndHipaa, acknowledgeWildcards, findingRef, GRANT_WILDCARD_ACTIONS } from '../secure/acknowledge';
import { kmsBucketProps } from '../secure/kms-bucket-props';
import { LONGEST_ACCOUNT_REGION, productAssetBucketName } from '../secure/product-assets';

/** Assets of every version of the products published in `target`, each key once, in key order. */
export function targetAssets(
  catalog: Pick<Catalog, 'root'>,
  target: CatalogTarget,
  versions: VersionTemplates,
): { assets: ShippedAsset[]; productIds: string[] } {
  const byKey = new Map<string, ShippedAsset>();
  const productIds: string[] = [];
  for (const product of target.products) {
    const assets = (versions.get(product.id) ?? []).flatMap((version) => version.assets);
    if (assets.length > 0) productIds.push(product.id);
    for (const asset of assets) byKey.set(asset.objectKey, asset);
  }
  return { assets: [...byKey.values()].sort((a, b) => a.objectKey.localeCompare(b.objectKey)), productIds };
}

export interface ProductAssetBucketProps {
  readonly catalog: Catalog;
  readonly target: CatalogTarget;
  readonly assets: readonly ShippedAsset[];
  /**
   * Role names (paths allowed) that launch the products using these assets in
   * this account: the only principals that may read them.
   */
  readonly launchRoles: readonly string[];
}

/** What the asset bucket needs of the catalog stack it joins (catalog-stack.ts). */
export interface AssetBucketHost extends Stack {
  readonly target: CatalogTarget;
  /** The stack's Service Catalog products, by product id. */
  readonly products: ReadonlyMap<string, IConstruct>;
}

export class ProductAssetBucket extends Construct {
  /**
   * Adds the asset bucket to a catalog stack when any product published there
   * needs assets, and makes those products wait for their assets. Returns
   * undefined when no product needs any.
   */
  public static addTo(
    stack: AssetBucketHost,
    props: { readonly catalog: Catalog; readonly versions: VersionTemplates },
  ): ProductAssetBucket | undefined {
    const { assets, productIds } = targetAssets(props.catalog, stack.target, props.versions);
    if (assets.length === 0) return undefined;
    const launchRoles = stack.target.portfolios
      .flatMap((portfolio) => portfolio.products)
      .filter((entry) => productIds.includes(entry.id))
      .map((entry) => launchRoleNameIn(entry, stack.region));
    const bucket = new ProductAssetBucket(stack, 'ProductAssets', {
      catalog: props.catalog,
      target: stack.target,
      assets,
      launchRoles: [...new Set(launchRoles)].sort(),
    });
    // A product version is visible only once the files it needs are in place.
    for (const id of productIds) stack.products.get(id)?.node.addDependency(bucket.deployment);
    return bucket;
  }

  public readonly bucketName: string;
  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;
  public readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: ProductAssetBucketProps) {
    super(scope, id);
    const { catalog, target } = props;
    // The stack's own account and region: concrete in a catalog stack, pseudo parameters in an
    // environment-agnostic one (an organisation's StackSet template).
    const stack = Stack.of(this);
    this.bucketName = productAssetBucketName(catalog.name, stack.account, stack.region);
    if (!Token.isUnresolved(this.bucketName) && this.bucketName.length > 63) {
      throw new ManifestError([
        {
          ...target.account.source,
          code: 'INVALID_VALUE',
          message:
            `the product asset bucket of account '${target.account.name}' in ${target.region} would be named '${this.bucketName}' ` +
            `(${this.bucketName.length} characters, S3 allows 63); shorten catalog.name to at most ${63 - '-assets-'.length - LONGEST_ACCOUNT_REGION} characters`,
        },
      ]);
    }

    const launchRoleArns = props.launchRoles.map((role) => `arn:${stack.partition}:iam::${stack.account}:role/${role}`);

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the product assets of catalog '${catalog.name}' in this account and region`,
      alias: `alias/${catalog.name}-product-assets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Launch roles read the assets through S3 only (CloudFormation resources such as
    // CodeCommit repositories fetch them with the launch role's credentials).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LaunchRolesDecryptThroughS3',
        principals: launchRoleArns.map((arn) => new iam.ArnPrincipal(arn)),
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      // Versioned and retained: released templates keep pointing at their assets.
      ...kmsBucketProps(this.key),
      bucketName: this.bucketName,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'ExpireReplacedVersions', noncurrentVersionExpiration: Duration.days(90) }],
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LaunchRolesReadAssets',
        principals: launchRoleArns.map((arn) => new iam.ArnPrincipal(arn)),
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );

    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      // One folder per asset holding only its file: unpacked, it lands at exactly its key.
      sources: props.assets.map((asset) => s3deploy.Source.asset(path.dirname(asset.file))),
      destinationBucket: this.bucket,
      extract: true,
      // Assets of older versions stay: provisioned products and released versions refer to them.
      prune: false,
      retainOnDelete: true,
      serverSideEncryption: s3deploy.ServerSideEncryption.AWS_KMS,
      serverSideEncryptionAwsKmsKeyId: this.key.keyId,
      memoryLimit: 512,
    });

    logAccess(this.bucket, 'product-assets/');
    acknowledgeNistAndHipaa(this.bucket, 'S3BucketReplicationEnabled', REPRODUCIBLE_CONTENT);
    acknowledgeDeploymentHandler(this.deployment, this.bucket);
  }

}

/**
 * The BucketDeployment handler (an aws-cdk-lib singleton function, one per
 * stack): a CloudFormation custom resource that copies the asset files from the
 * CDK assets bucket into the product asset bucket while the stack deploys.
 */
function acknowledgeDeploymentHandler(deployment: s3deploy.BucketDeployment, bucket: s3.Bucket): void {
  const handler = deployment.handlerRole.node.scope!;
  const stack = Stack.of(handler);
  const cdkAssets = DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace('${Qualifier}', DefaultStackSynthesizer.DEFAULT_QUALIFIER)
    .replace('${AWS::AccountId}', stack.account)
    .replace('${AWS::Region}', stack.region);
  const acknowledge = (id: string, reason: string) => Validations.of(handler).acknowledge({ id, reason });
  acknowledge(
    'AwsSolutions::AwsSolutions-L1',
    "aws-cdk-lib (pinned in package.json) chooses the handler's runtime and moves it forward with its releases; the " +
      'function runs only while CloudFormation deploys this stack.',
  );
  acknowledge(
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "aws-cdk-lib attaches AWSLambdaBasicExecutionRole to the handler: it allows writing the function's own CloudWatch " +
      'logs (logs:CreateLogGroup, CreateLogStream, PutLogEvents) and nothing else.',
  );
  acknowledgeNistAndHipaa(
    handler,
    'LambdaConcurrency',
    "Invoked only by CloudFormation, once per deployment of this stack: no event source could exhaust the account's concurrency.",
  );
  acknowledgeNistAndHipaa(
    handler,
    'LambdaDLQ',
    'Invoked synchronously by CloudFormation as a custom resource: a failure is reported to CloudFormation, which rolls ' +
      'the deployment back; there is no asynchronous event to keep.',
  );
  acknowledgeNistAndHipaa(
    handler,
    'LambdaInsideVPC',
    'Copies files from one S3 bucket of this account to another while the stack deploys and serves no request; the ' +
      'catalog owns no VPC in the account to attach it to.',
  );
  acknowledgeNistAndHipaa(
    handler,
    'IAMNoInlinePolicy',
    "aws-cdk-lib writes the handler's grants as its role's own default policy: attached to that one role, deleted with it.",
  );
  acknowledgeWildcards(
    handler,
    'Action',
    [...GRANT_WILDCARD_ACTIONS.read, ...GRANT_WILDCARD_ACTIONS.write, ...GRANT_WILDCARD_ACTIONS.key],
    'aws-cdk-lib grants (read on the CDK assets bucket; read/write on the product asset bucket and its key): object-level ' +
      'actions on those two buckets and that key only.',
  );
  acknowledgeWildcards(handler, 'Resource', [`${findingRef(bucket, 'Arn')}/*`], 'Objects of the product asset bucket: one per asset file, keyed by its sha256.');
  acknowledgeWildcards(
    handler,
    'Resource',
    [`arn:<AWS::Partition>:s3:::${cdkAssets}/*`],
    "Objects of this account's CDK assets bucket (the zipped asset files uploaded for this deployment, named by their hash).",
  );
}
