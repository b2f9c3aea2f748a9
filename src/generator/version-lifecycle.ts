/**
 * Deprecated and inactive versions. CloudFormation's CloudFormationProduct has
 * no property for a version's guidance (DEFAULT / DEPRECATED) or active flag, so
 * each non-active version gets two small custom resources (AwsCustomResource):
 *
 *   Lookup: servicecatalog:DescribeProvisioningArtifact (product id + version name)
 *           -> the version's provisioning artifact id
 *   Status: servicecatalog:UpdateProvisioningArtifact (that id) -> Active / Guidance;
 *           on delete (the version is active again) it restores Active=true,
 *           Guidance=DEFAULT
 *
 * Each is allowed exactly its one action on its own product's ARN. Active
 * versions add nothing: a catalog whose versions are all active has no custom
 * resource, function or role at all.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { VersionState } from '../model/published-state-schema';
import type { VersionStatus } from '../model/schema';
import { acknowledgeNistAndHipaa } from '../secure/acknowledge';
import { CustomerManagedKeys } from '../secure/customer-managed-keys';

export const VERSION_LOOKUP_RESOURCE_TYPE = 'Custom::ProductVersionLookup';
export const VERSION_STATUS_RESOURCE_TYPE = 'Custom::ProductVersionStatus';

/** Template metadata key on both custom resources, naming the version they manage (read back by `plan --live`). */
export const VERSION_METADATA_KEY = 'sc-factory:version';

export interface VersionMetadata {
  readonly product: string;
  readonly version: string;
  readonly status: VersionStatus;
}

/** What Service Catalog is told for each status that is not `active`. */
export const SERVICE_CATALOG_FLAGS: Readonly<Record<'deprecated' | 'inactive', { readonly Active: boolean; readonly Guidance: 'DEPRECATED' }>> = {
  // Existing provisioned products may still update to it; new launches are steered away.
  deprecated: { Active: true, Guidance: 'DEPRECATED' },
  // Hidden: no new launches, no updates to it.
  inactive: { Active: false, Guidance: 'DEPRECATED' },
};

const RESTORED_FLAGS = { Active: true, Guidance: 'DEFAULT' } as const;

/** Adds the lifecycle custom resources for the versions of `product` (id `productId`) that are not active; nothing when all are. */
export function addVersionLifecycle(product: servicecatalog.CloudFormationProduct, productId: string, versions: readonly VersionState[]): void {
  const managed = versions.filter((v) => v.status === 'deprecated' || v.status === 'inactive');
  if (managed.length === 0) return;
  const scope = new Construct(product, 'VersionLifecycle');
  for (const version of managed) {
    new ProductVersionStatus(scope, version.name, { product, productId, version });
  }
}

export interface ProductVersionStatusProps {
  readonly product: servicecatalog.CloudFormationProduct;
  /** The product's manifest id. */
  readonly productId: string;
  /** A version whose status is `deprecated` or `inactive` (as published, see published-shape.ts). */
  readonly version: VersionState;
}

/** Sets one version's Active and Guidance flags in Service Catalog. */
export class ProductVersionStatus extends Construct {
  public readonly lookup: AwsCustomResource;
  public readonly status: AwsCustomResource;

  constructor(scope: Construct, id: string, props: ProductVersionStatusProps) {
    super(scope, id);
    const { product, productId, version } = props;
    const status = version.status;
    if (status !== 'deprecated' && status !== 'inactive') {
      throw new Error(`version '${version.name}' of '${productId}' is ${status}; only deprecated and inactive versions need flags`);
    }
    const onlyOn = (action: string) =>
      AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: [`servicecatalog:${action}`], resources: [product.productArn] }),
      ]);
    const common = { installLatestAwsSdk: false, logGroup: lifecycleLogGroup(Stack.of(this)) };

    this.lookup = new AwsCustomResource(this, 'Lookup', {
      ...common,
      resourceType: VERSION_LOOKUP_RESOURCE_TYPE,
      onUpdate: {
        service: 'ServiceCatalog',
        action: 'describeProvisioningArtifact',
        parameters: { ProductId: product.productId, ProvisioningArtifactName: version.name },
        physicalResourceId: PhysicalResourceId.fromResponse('ProvisioningArtifactDetail.Id'),
        outputPaths: ['ProvisioningArtifactDetail.Id'],
      },
      policy: onlyOn('DescribeProvisioningArtifact'),
    });
    // A version built from the current code (not released yet) gets a new artifact
    // when its template changes; the hash makes the lookup run again then.
    const lookupResource = cfnResourceOf(this.lookup);
    lookupResource.addPropertyOverride('TemplateSha256', version.sha256);

    const artifactId = this.lookup.getResponseField('ProvisioningArtifactDetail.Id');
    const flagsCall = (flags: object) => ({
      service: 'ServiceCatalog',
      action: 'updateProvisioningArtifact',
      parameters: { ProductId: product.productId, ProvisioningArtifactId: artifactId, ...flags },
      physicalResourceId: PhysicalResourceId.of(artifactId),
    });
    this.status = new AwsCustomResource(this, 'Status', {
      ...common,
      resourceType: VERSION_STATUS_RESOURCE_TYPE,
      onUpdate: flagsCall(SERVICE_CATALOG_FLAGS[status]),
      // Back to active: restore the defaults. A version removed from the product has no artifact left to restore.
      onDelete: { ...flagsCall(RESTORED_FLAGS), ignoreErrorCodesMatching: 'ResourceNotFoundException' },
      policy: onlyOn('UpdateProvisioningArtifact'),
    });

    const metadata: VersionMetadata = { product: productId, version: version.name, status };
    for (const resource of [lookupResource, cfnResourceOf(this.status)]) resource.addMetadata(VERSION_METADATA_KEY, metadata);

    acknowledgeNistAndHipaa(
      this,
      'IAMNoInlinePolicy',
      "Each custom resource's policy (aws-cdk-lib's AwsCustomResource) allows its one Service Catalog action on this " +
        "product's ARN, attached to the provider's role for this resource only and deleted with it.",
    );
    acknowledgeProvider(Stack.of(this));
  }
}

/** AwsCustomResource's provider function: one per stack, shared by every version's custom resources. */
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';
const acknowledgedProviders = new WeakSet<object>();

function acknowledgeProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  if (!provider || acknowledgedProviders.has(provider)) return;
  acknowledgedProviders.add(provider);
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "aws-cdk-lib attaches AWSLambdaBasicExecutionRole to the provider: it allows writing the function's own CloudWatch " +
      'logs and nothing else; the Service Catalog calls are allowed by each custom resource\'s own policy.',
  });
  acknowledgeNistAndHipaa(
    provider,
    'LambdaConcurrency',
    "Invoked only by CloudFormation, twice per deprecated or inactive version and deployment: no event source could exhaust the account's concurrency.",
  );
  acknowledgeNistAndHipaa(
    provider,
    'LambdaDLQ',
    'Invoked synchronously by CloudFormation as a custom resource: a failure is reported to CloudFormation, which rolls ' +
      'the deployment back; there is no asynchronous event to keep.',
  );
  acknowledgeNistAndHipaa(
    provider,
    'LambdaInsideVPC',
    'Calls the Service Catalog API of this account while the stack deploys and serves no request; the catalog owns no ' +
      'VPC in the account to attach it to.',
  );
}

/** One log group per catalog stack for the custom resources' function, with a retention (Lambda's own has none). */
function lifecycleLogGroup(stack: Stack): logs.ILogGroup {
  const id = 'VersionLifecycleLogs';
  const existing = stack.node.tryFindChild(id) as logs.ILogGroup | undefined;
  if (existing) return existing;
  const key = new CustomerManagedKeys(stack, 'VersionLifecycleKeys').addKey('LogsKey', {
    description: 'Encrypts the logs of the function that sets the status of deprecated and inactive product versions',
    viaServices: ['logs'],
    logDelivery: true,
  });
  return new logs.LogGroup(stack, id, {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: kms.Key.fromKeyArn(stack, 'VersionLifecycleLogsKey', key.attrArn),
  });
}

function cfnResourceOf(resource: AwsCustomResource): CfnResource {
  return resource.node.findChild('Resource').node.defaultChild as CfnResource;
}
