/**
 * The data science environment: one per team and stage. An internet-free VPC
 * reaching AWS through VPC endpoints, customer-managed keys, data and model
 * buckets reachable only through the environment's S3 endpoint, a VpcOnly
 * SageMaker Studio domain, roles carrying preventive denies, and the SSM
 * parameters every other product of the catalog reads its defaults from.
 */
import { Aws, CfnCondition, CfnMapping, CfnOutput, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { acknowledgeFindings } from './acknowledgements';
import * as contract from './contract';
import { EnvironmentKeys } from './encryption-keys';
import { EnvironmentExports } from './exports';
import { EnvironmentIdentity } from './identity';
import { EnvironmentNetwork } from './network';
import { PackageMirror, codeArtifactEndpointPolicy, packageMirrorArns, pypiIndexUrl } from './package-mirror';
import { CODEARTIFACT_ASSET_BUCKETS } from './s3-endpoint-policy';
import { EnvironmentStorage } from './storage';
import { StudioDomain } from './studio';
import { StudioAccess } from './studio-access';
import { StudioPackages } from './studio-packages';
import { WorkloadPermissions } from './workload-permissions';
import { STAGES } from '../../src/model';
import { stagingSmokeTestEndpointStatement, targetDeploymentEndpointStatement } from '../../src/sagemaker-projects';
import { ownResourceDefaults } from '../../src/secure';
import { SecureProductStack, type SecureProductStackProps } from '../../src/secure';

export { INTERFACE_ENDPOINTS } from './network';
export { CODEARTIFACT_ASSET_BUCKETS } from './s3-endpoint-policy';

const ENVIRONMENT = 'Environment';
/** Up to ten CIDR blocks in StudioAccessCidrs. */
export const STUDIO_ACCESS_CIDRS_MAX_LENGTH = 10 * '255.255.255.255/32,'.length - 1;
/** An IPv4 CIDR block of size /8 to /32. */
const CIDR = '((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([89]|[12][0-9]|3[0-2])';
const NETWORK = 'Network';
const STUDIO = 'SageMaker Studio';

export class DataScienceEnvironmentProduct extends SecureProductStack {
  /** The checkov findings it accepts, with why (checkov.ts). */
  public static readonly checkovAcknowledgements = contract.checkovAcknowledgements;

  /** Publishes every parameter of the SSM contract, reads none (a test checks this against the template). */
  public static readonly ssmParameters = contract.ssmParameters;

  public readonly network: EnvironmentNetwork;
  public readonly keys: EnvironmentKeys;
  public readonly storage: EnvironmentStorage;
  public readonly identity: EnvironmentIdentity;
  public readonly studio: StudioDomain;
  public readonly exports: EnvironmentExports;
  public readonly packageMirror: PackageMirror;
  public readonly studioPackages: StudioPackages;

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    const { defaults } = props.context;
    const settings = defaults.dataScienceEnvironment;

    const environmentName = this.addParameter('EnvironmentName', {
      type: 'String',
      default: defaults.environmentName,
      allowedPattern: '^[a-z][a-z0-9-]{1,30}$',
      constraintDescription: 'must be 2-31 lowercase letters, digits or hyphens, starting with a letter',
      description:
        'Name of the environment; its SSM parameters are published under ' +
        `/${defaults.ssmPrefix}/<name>/ and the catalog's products read '${defaults.environmentName}' by default.`,
      label: 'Environment name',
      group: ENVIRONMENT,
    }).valueAsString;
    const environmentType = this.addParameter('EnvironmentType', {
      type: 'String',
      default: 'dev',
      allowedValues: [...STAGES],
      description: 'Stage this environment serves.',
      label: 'Environment type',
      group: ENVIRONMENT,
    }).valueAsString;
    const vpcCidr = this.addParameter('VpcCidr', {
      type: 'String',
      default: '10.0.0.0/16',
      allowedPattern: '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/1[67]$',
      constraintDescription: 'must be an IPv4 CIDR block of size /16 or /17 (six /20 subnets are cut from it)',
      description: 'Address range of the environment VPC.',
      label: 'VPC CIDR block (/16 or /17)',
      group: NETWORK,
    }).valueAsString;
    const azCount = this.addParameter('AvailabilityZoneCount', {
      type: 'String',
      default: '2',
      allowedValues: ['2', '3'],
      description: 'Availability Zones for the private subnets and the interface endpoints (3: more resilient, more endpoint cost).',
      label: 'Availability Zones',
      group: NETWORK,
    }).valueAsString;
    const userProfileName = this.addParameter('StudioUserProfileName', {
      type: 'String',
      default: 'team-admin',
      // The pattern alone admits any number of hyphens; SageMaker takes at most 63 characters (quota gate).
      maxLength: 63,
      allowedPattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$',
      constraintDescription: 'must be a SageMaker user profile name: letters, digits and hyphens',
      description: 'First Studio user profile; team administrators add more (see the product README).',
      label: 'First Studio user profile',
      group: STUDIO,
    }).valueAsString;
    const threeAzs = new CfnCondition(this, 'ThreeAvailabilityZones', { expression: Fn.conditionEquals(azCount, '3') });
    const qualifiedName = Fn.join('-', [environmentName, environmentType]);
    const ssmPath = Fn.join('', [`/${defaults.ssmPrefix}/`, environmentName]);

    this.keys = new EnvironmentKeys(this, 'Keys', { aliasPrefix: qualifiedName });
    this.storage = new EnvironmentStorage(this, 'Storage', { dataKey: this.keys.data, logsKey: this.keys.logs });
    const assetBuckets = new CfnMapping(this, 'CodeArtifactAssetBuckets', {
      mapping: Object.fromEntries(Object.entries(CODEARTIFACT_ASSET_BUCKETS).map(([region, bucket]) => [region, { Bucket: bucket }])),
    });
    this.network = new EnvironmentNetwork(this, 'Network', {
      cidr: vpcCidr,
      threeAzs,
      internetEgress: settings.internetEgress,
      logsKeyArn: this.keys.logs.attrArn,
      environmentBucketArns: () => [this.storage.dataBucket.bucketArn, this.storage.modelsBucket.bucketArn],
      codeArtifactAssetsBucketArn: Fn.join('', [`arn:${Aws.PARTITION}:s3:::`, assetBuckets.findInMap(Aws.REGION, 'Bucket')]),
      packageMirrorEndpointPolicy: codeArtifactEndpointPolicy(qualifiedName, Aws.ACCOUNT_ID),
      // The staging and production accounts come from the catalog stack of this account (catalog facts), at launch.
      stagingSmokeTestStatement: stagingSmokeTestEndpointStatement(this.catalogFacts.accounts('stagingAccounts'), this.context.catalogName),
      targetDeploymentStatement: targetDeploymentEndpointStatement(this.catalogFacts.accounts('deploymentTargetAccounts'), this.context.catalogName),
    });
    this.storage.restrictToVpcEndpoint(this.network.s3Endpoint.ref);

    // The environment is where the shared values come from: its own resources, not its own SSM parameters.
    this.useSecureDefaults(
      ownResourceDefaults({
        dataKey: this.keys.data,
        volumeKey: this.keys.volume,
        logsKey: this.keys.logs,
        network: this.network,
        accessLogsBucket: this.storage.accessLogsBucket,
      }),
    );

    this.identity = new EnvironmentIdentity(this, 'Identity', {
      environmentName,
      existingRoles: settings.existingRoles,
      guardrails: {
        subnetIds: this.network.privateSubnetIds,
        securityGroupIds: [this.network.sageMakerSecurityGroup.attrGroupId],
        volumeKeyArn: this.keys.volume.attrArn,
        // The data key, and the keys SageMaker projects create for their artifacts: keys of this account and region
        // (an ARN, never an alias or another account's key).
        outputKeyArns: [Fn.sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*')],
      },
      protect: {
        securityGroupIds: [this.network.sageMakerSecurityGroup.attrGroupId, this.network.endpointSecurityGroup.attrGroupId],
        // Every VPC endpoint and flow log of the account: the roles change none, and the policy stays short.
        vpcEndpointIds: ['*'],
        keyArns: [this.keys.data.attrArn, this.keys.volume.attrArn, this.keys.studio.attrArn, this.keys.logs.attrArn, this.keys.packages.attrArn],
        flowLogIds: ['*'],
        logGroupNames: [this.network.flowLogGroup.logGroupName],
      },
    });
    const { roles } = this.identity;
    this.packageMirror = new PackageMirror(this, 'Packages', {
      domainName: qualifiedName,
      keyArn: this.keys.packages.attrArn,
      readerRoleArns: [roles.sageMakerExecution.roleArn, roles.pipelineExecution.roleArn],
    });
    if (this.identity.createsRoles) {
      new WorkloadPermissions(this.identity, 'Workloads', {
        roles,
        dataBucket: this.storage.dataBucket,
        modelsBucket: this.storage.modelsBucket,
        dataKey: this.keys.data,
        volumeKey: this.keys.volume,
        ssmPath,
        vpcId: this.network.vpc.ref,
        packageMirror: packageMirrorArns(qualifiedName),
      });
    }

    this.studioPackages = new StudioPackages(this, 'StudioPackages', { domainName: qualifiedName });
    this.studio = new StudioDomain(this, 'Studio', {
      jupyterLabLifecycleConfigArn: this.studioPackages.lifecycleConfig.attrStudioLifecycleConfigArn,
      domainName: qualifiedName,
      vpcId: this.network.vpc.ref,
      subnetIds: this.network.privateSubnetIds,
      securityGroupId: this.network.sageMakerSecurityGroup.attrGroupId,
      executionRoleArn: roles.sageMakerExecution.roleArn,
      kmsKeyArn: this.keys.studio.attrArn,
      userProfileName,
    });
    if (this.identity.createsRoles) {
      // Only the created roles get Studio permissions: brought roles keep whatever their owner gives them.
      const studioAccessCidrs = this.addParameter('StudioAccessCidrs', {
        type: 'String',
        default: '',
        // Ten of the longest blocks: what the size quota test measures the Studio policies with.
        maxLength: STUDIO_ACCESS_CIDRS_MAX_LENGTH,
        // /8 to /32 only: never 0.0.0.0/0 or another block that large.
        allowedPattern: `^$|^${CIDR}(,${CIDR})*$`,
        constraintDescription: 'must be empty or comma-separated IPv4 CIDR blocks of size /8 to /32',
        description:
          'Besides the environment VPC (its SageMaker API endpoint), the networks people may open Studio from, e.g. the ' +
          'corporate egress range. Empty (default): only through the environment VPC endpoint.',
        label: 'Networks Studio may be opened from (CIDR blocks)',
        group: STUDIO,
      }).valueAsString;
      const hasStudioCidrs = new CfnCondition(this, 'HasStudioAccessCidrs', {
        expression: Fn.conditionNot(Fn.conditionEquals(studioAccessCidrs, '')),
      });
      new StudioAccess(this.identity, 'Studio', {
        roles,
        domainArn: this.studio.domain.attrDomainArn,
        domainId: this.studio.domain.attrDomainId,
        apiEndpointId: this.network.interfaceEndpoints.get('SageMakerApi')!.ref,
        allowedCidrs: Fn.split(',', studioAccessCidrs),
        hasAllowedCidrs: hasStudioCidrs,
      });
    }

    this.exports = new EnvironmentExports(this, 'Exports', {
      path: ssmPath,
      values: {
        environmentName,
        environmentType,
        vpcId: this.network.vpc.ref,
        privateSubnetIds: this.network.privateSubnetIds,
        securityGroupIds: [this.network.sageMakerSecurityGroup.attrGroupId],
        s3EndpointId: this.network.s3Endpoint.ref,
        dataKeyArn: this.keys.data.attrArn,
        volumeKeyArn: this.keys.volume.attrArn,
        logsKeyArn: this.keys.logs.attrArn,
        dataBucketName: this.storage.dataBucket.bucketName,
        modelsBucketName: this.storage.modelsBucket.bucketName,
        accessLogsBucketName: this.storage.accessLogsBucket.bucketName,
        sageMakerExecutionRoleArn: roles.sageMakerExecution.roleArn,
        pipelineExecutionRoleArn: roles.pipelineExecution.roleArn,
        modelExecutionRoleArn: roles.modelExecution.roleArn,
        dataScientistRoleArn: roles.dataScientist.roleArn,
        teamAdminRoleArn: roles.teamAdmin.roleArn,
        studioDomainId: this.studio.domain.attrDomainId,
        packageDomainName: this.packageMirror.domain.attrName,
        packageRepositoryName: this.packageMirror.repository.attrName,
        packageIndexUrl: pypiIndexUrl(qualifiedName),
      },
    });

    new CfnOutput(this, 'SsmParameterPath', { value: ssmPath, description: 'Where the environment publishes its values' });
    new CfnOutput(this, 'StudioDomainId', { value: this.studio.domain.attrDomainId, description: 'SageMaker Studio domain' });
    new CfnOutput(this, 'DataBucketName', { value: this.storage.dataBucket.bucketName, description: 'Data bucket' });

    acknowledgeFindings(this, { internetEgress: settings.internetEgress });
  }
}
