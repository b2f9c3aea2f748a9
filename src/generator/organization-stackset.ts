/**
 * Organisation scale: portfolios that target organizational units are published
 * with ONE service-managed StackSet from the management (or delegated
 * administrator) account, so 1,000 accounts cost one StackSet operation, not
 * 1,000 deployments, and accounts that join an organizational unit later get
 * the catalog automatically (auto-deployment).
 *
 *   OrganizationTemplatesStack (one per organisation region, admin account):
 *     the KMS key and bucket `<catalog>-org-<admin>-<region>` holding the
 *     member template's files, readable by principals of the organisation only
 *     (aws:PrincipalOrgID), writable by the admin account's CDK file-publishing
 *     role, never deleted.
 *   OrganizationStackSetStack (admin account, first organisation region):
 *     publishes the files to every region's bucket and declares the StackSet:
 *     SERVICE_MANAGED, auto-deployment on, one stack instance group per set of
 *     organizational units that get the same portfolios.
 *
 * The templates stacks must exist before the StackSet stack's files are
 * published into their buckets: `publish` deploys them first, and
 * `publish --pipeline` creates them with the pipeline (see docs/operators.md).
 */
import * as fs from 'node:fs';
import { AssetStaging, FileAssetPackaging, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logAccess } from './access-logs';
import { type OrganizationMemberTemplate } from './organization-member-template';
import { bootstrapRoleArn, organizationBucketName, OrganizationStackSetSynthesizer } from './organization-synthesizers';
import { REPRODUCIBLE_CONTENT } from './reasons';
import type { Account, Catalog, Organization } from '../model/catalog';
import { ORGANIZATION_STACKSET_ID, organizationStackSetStackName } from '../model/published-shape';
import { accountIdsNamedIn, accountNamed, organizationPortfolios } from '../model/publishing';
import { sha256File } from '../model/sha256';
import { acknowledgeNistAndHipaa } from '../secure/acknowledge';
import { kmsBucketProps } from '../secure/kms-bucket-props';

interface OrganizationStackProps {
  readonly catalog: Catalog;
  readonly organization: Organization;
  /** The management or delegated administrator account. */
  readonly admin: Account;
}

function tagAsCatalog(stack: Stack, catalog: Catalog): void {
  for (const [key, value] of Object.entries(catalog.defaults.tags)) Tags.of(stack).add(key, value);
  Tags.of(stack).add('sc-factory:catalog', catalog.name);
}

export interface OrganizationTemplatesStackProps extends OrganizationStackProps {
  readonly region: string;
}

/** The organisation bucket of one region (see the file comment). */
export class OrganizationTemplatesStack extends Stack {
  /** Construct and artifact id; capitalised so it can never equal a catalog stack's `<account>-<region>`. */
  public static idOf(region: string): string {
    return `Organization-Templates-${region}`;
  }

  public static stackNameOf(catalog: Pick<Catalog, 'name'>, region: string): string {
    return `${catalog.name}-organization-templates-${region}`;
  }

  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;

  constructor(scope: Construct, props: OrganizationTemplatesStackProps) {
    const { catalog, organization, admin, region } = props;
    super(scope, OrganizationTemplatesStack.idOf(region), {
      env: { account: admin.id, region },
      stackName: OrganizationTemplatesStack.stackNameOf(catalog, region),
      description: `${catalog.displayName}: templates of the Service Catalog StackSet for organization ${organization.id}, in ${region}`,
      analyticsReporting: false,
    });
    tagAsCatalog(this, catalog);
    const publishingRole = new iam.ArnPrincipal(bootstrapRoleArn('file-publishing', admin.id, region, this.partition));
    const organizationPrincipals = { 'aws:PrincipalOrgID': organization.id };

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the StackSet templates of catalog '${catalog.name}' for organization ${organization.id}`,
      alias: `alias/${catalog.name}-organization-templates`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationDecryptsThroughS3',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { ...organizationPrincipals, 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CdkFilePublishingRoleEncrypts',
        principals: [publishingRole],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
      }),
    );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...kmsBucketProps(this.key),
      bucketName: organizationBucketName(catalog.name, admin.id, region),
      minimumTLSVersion: 1.2,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationReadsTemplates',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringEquals: organizationPrincipals },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CdkFilePublishingRoleWrites',
        principals: [publishingRole],
        actions: [
          's3:GetBucketLocation',
          's3:GetEncryptionConfiguration',
          's3:ListBucket',
          's3:GetObject',
          's3:PutObject',
          's3:AbortMultipartUpload',
        ],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
    logAccess(this.bucket, 'organization-templates/');
    acknowledgeNistAndHipaa(this.bucket, 'S3BucketReplicationEnabled', REPRODUCIBLE_CONTENT);
    // Service Catalog and existing stack instances keep pointing at published files.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublishedTemplatesAreNeverDeleted',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
  }
}

export interface OrganizationStackSetStackProps extends OrganizationStackProps {
  readonly member: OrganizationMemberTemplate;
}

/** One group of stack instances: organizational units that get the same portfolios. */
export interface StackInstanceGroup {
  readonly organizationalUnits: readonly string[];
  readonly portfolioIds: readonly string[];
}

/** Organizational units grouped by the portfolios they get, groups and units in order of first mention. */
export function stackInstanceGroups(catalog: Pick<Catalog, 'portfolios'>): StackInstanceGroup[] {
  const portfoliosOfUnit = new Map<string, string[]>();
  for (const portfolio of organizationPortfolios(catalog)) {
    for (const unit of portfolio.organizationalUnits) {
      portfoliosOfUnit.set(unit, [...(portfoliosOfUnit.get(unit) ?? []), portfolio.id]);
    }
  }
  const groups = new Map<string, { organizationalUnits: string[]; portfolioIds: string[] }>();
  for (const [unit, portfolioIds] of portfoliosOfUnit) {
    const key = portfolioIds.join('\u0000');
    const group = groups.get(key) ?? { organizationalUnits: [], portfolioIds };
    group.organizationalUnits.push(unit);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The StackSet and the publishing of its files (see the file comment). */
export class OrganizationStackSetStack extends Stack {
  /** Construct and artifact id; capitalised so it can never equal a catalog stack's `<account>-<region>`. */
  public static readonly ID = ORGANIZATION_STACKSET_ID;

  public static stackNameOf(catalog: Pick<Catalog, 'name'>): string {
    return organizationStackSetStackName(catalog);
  }

  public static stackSetNameOf(catalog: Pick<Catalog, 'name'>): string {
    return `${catalog.name}-organization`;
  }

  public readonly stackSet: cloudformation.CfnStackSet;
  /** URL of the member template in the StackSet's region. */
  public readonly templateUrl: string;

  constructor(scope: Construct, props: OrganizationStackSetStackProps) {
    const { catalog, organization, admin, member } = props;
    const home = organization.regions[0];
    const synthesizer = new OrganizationStackSetSynthesizer({
      adminAccountId: admin.id,
      region: home,
      buckets: organization.regions.map((region) => ({ region, bucketName: organizationBucketName(catalog.name, admin.id, region) })),
    });
    super(scope, OrganizationStackSetStack.ID, {
      env: { account: admin.id, region: home },
      stackName: OrganizationStackSetStack.stackNameOf(catalog),
      description: `${catalog.displayName}: Service Catalog StackSet for the organizational units of organization ${organization.id}`,
      synthesizer,
      analyticsReporting: false,
    });
    tagAsCatalog(this, catalog);

    // Each file is staged into this stack's assembly (so CDK Pipelines' nested assemblies find it too)
    // and published, under the key the member template expects, to every region's bucket.
    const files = new Construct(this, 'Files');
    const publish = (id: string, sourcePath: string, sourceHash: string, objectKey: string, packaging: FileAssetPackaging) => {
      const staging = new AssetStaging(files, id, { sourcePath });
      return synthesizer.addOrganizationAsset({
        sourceHash,
        objectKey,
        packaging,
        fileName: staging.relativeStagedPath(this),
        displayName: `${this.node.path}/Files/${id}`,
      });
    };
    for (const asset of member.assets) publish(asset.objectKey, asset.path, asset.sourceHash, asset.objectKey, asset.packaging);
    const templateHash = sha256File(member.templateFile);
    this.templateUrl = publish('MemberTemplate', member.templateFile, templateHash, `${templateHash}.json`, FileAssetPackaging.FILE);

    const portfolios = organizationPortfolios(catalog);
    // Accounts published to by name have the same TagOptions (and portfolios) from their catalog stacks: Service
    // Catalog would refuse the duplicates and, with failure tolerance 0, stop the operation. Which unit holds them is
    // not known offline, so every unit's targets leave them out (AccountFilterType DIFFERENCE: "deploys to the OU,
    // excluding the accounts specified in the Accounts parameter", AWS::CloudFormation::StackSet DeploymentTargets).
    // One list for all regions: the StackSet resource handler refuses an OU listed in two groups ("An
    // OrganizationalUnitIds cannot be associated with more than one Parameters set", AltResourceModelAnalyzer in
    // aws-cloudformation-resource-providers-cloudformation), so the groups cannot be split by region.
    const named = accountIdsNamedIn(catalog, organization.regions);
    const exceptNamedAccounts = named.length > 0 ? { accountFilterType: 'DIFFERENCE', accounts: named } : {};
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: OrganizationStackSetStack.stackSetNameOf(catalog),
      description: `${catalog.displayName}: portfolios ${portfolios.map((p) => p.id).join(', ')} for organization ${organization.id}`,
      permissionModel: 'SERVICE_MANAGED',
      // Accounts that join an organizational unit get the catalog; accounts that leave lose it.
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: organization.callAs,
      // Operations queue instead of failing while another one runs (`any` in the L1: CloudFormation casing).
      managedExecution: { Active: true },
      capabilities: member.capabilities.length > 0 ? [...member.capabilities] : undefined,
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        maxConcurrentPercentage: organization.maxConcurrentPercentage,
        failureTolerancePercentage: organization.failureTolerancePercentage,
      },
      templateUrl: this.templateUrl,
      // Every portfolio is off unless its organizational units switch it on.
      parameters: portfolios.map((p) => ({ parameterKey: member.portfolioParameters.get(p.id)!, parameterValue: 'false' })),
      stackInstancesGroup: stackInstanceGroups(catalog).map((group) => ({
        deploymentTargets: { organizationalUnitIds: [...group.organizationalUnits], ...exceptNamedAccounts },
        regions: [...organization.regions],
        parameterOverrides: group.portfolioIds.map((id) => ({
          parameterKey: member.portfolioParameters.get(id)!,
          parameterValue: 'true',
        })),
      })),
    });
  }
}

/**
 * Adds the organisation's stacks to `scope` (the app, or a pipeline stage):
 * every region's templates stack, then the StackSet stack depending on them.
 */
export function addOrganizationStacks(
  scope: Construct,
  catalog: Catalog,
  member: OrganizationMemberTemplate,
): { readonly templates: OrganizationTemplatesStack[]; readonly stackSet: OrganizationStackSetStack } {
  const organization = catalog.organization!;
  const admin = accountNamed(catalog, organization.account);
  const templates = organization.regions.map(
    (region) => new OrganizationTemplatesStack(scope, { catalog, organization, admin, region }),
  );
  const stackSet = new OrganizationStackSetStack(scope, { catalog, organization, admin, member });
  for (const stack of templates) stackSet.addStackDependency(stack, 'its files are published into the organisation buckets');
  return { templates, stackSet };
}
