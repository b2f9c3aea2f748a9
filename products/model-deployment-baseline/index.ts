/**
 * The baseline of a staging or production account: what the deploy projects
 * need there before the first model arrives. Launched once per account and
 * region by the platform team (portfolio model-deployment).
 *
 * - an internet-free VPC with the endpoints a SageMaker endpoint needs
 *   (network.ts), customer-managed keys (keys.ts), a models bucket for data
 *   capture and an access-logs bucket;
 * - the model execution, CloudFormation and deployment roles under the fixed
 *   names the project templates grant (roles.ts);
 * - the SSM parameters of the contract (src/secure/ssm-contract.ts) that an
 *   endpoint reads, so the sagemaker-endpoint template deploys here unchanged.
 *
 * The stage (staging or prod) is not asked: it comes from catalog.yaml, through the
 * catalog stack of the account the template is launched in (catalog facts), as do
 * the data science accounts it trusts.
 */
import { Aws, CfnCondition, CfnMapping, CfnOutput, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct, IConstruct } from 'constructs';
import * as contract from './contract';
import { DeploymentKeys } from './keys';
import { DeploymentNetwork } from './network';
import { DeploymentRoles } from './roles';
import { type SsmContractKey, ssmParameterName } from '../../src/model';
import { deploymentTargets, ENDPOINT_STACK_SUFFIX, targetRoleNames } from '../../src/sagemaker-projects';
import { acknowledgeNistAndHipaa, acknowledgeWildcard, findingArn, findingRef, AccessLogsBucket, SageMakerGuardrails, ownResourceDefaults } from '../../src/secure';
import { SecureProductStack, type SecureProductStackProps } from '../../src/secure';

export { BASELINE_PUBLISHES } from './contract';

const NETWORK = 'Network';

/** The stages a baseline prepares (ENDPOINT_STACK_SUFFIX's). */
const DEPLOYMENT_STAGES = Object.keys(ENDPOINT_STACK_SUFFIX);

export class ModelDeploymentBaselineProduct extends SecureProductStack {
  /** The checkov findings it accepts, with why (checkov.ts). */
  public static readonly checkovAcknowledgements = contract.checkovAcknowledgements;

  /** Publishes what an endpoint reads (a test checks this against the template). */
  public static readonly ssmParameters = contract.ssmParameters;

  /** Data science accounts to trust, staging or production accounts to prepare, and SageMaker's image registry in their regions. */
  public static readonly catalogRequirements = contract.catalogRequirements;

  public readonly network: DeploymentNetwork;
  public readonly keys: DeploymentKeys;
  public readonly roles: DeploymentRoles;
  public readonly guardrails: SageMakerGuardrails;
  public readonly modelsBucket: s3.Bucket;
  public readonly accessLogsBucket: AccessLogsBucket;

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    // The data science accounts and this account's stage come from the catalog stack of this account (catalog
    // facts, read at launch): adding an account to catalog.yaml changes that stack, not this template.
    const dataScienceAccounts = this.catalogFacts.accounts('devAccounts');

    // This account's stage, as catalog.yaml gives it; an account that is neither staging nor production has no
    // entry, so the launch fails there (FindInMap) instead of preparing an account no deploy project targets.
    const stages = new CfnMapping(this, 'DeploymentStages', {
      mapping: Object.fromEntries(DEPLOYMENT_STAGES.map((name) => [name, { Stage: name }])),
    });
    const stage = stages.findInMap(this.catalogFacts.accountStage, 'Stage');
    const isStaging = new CfnCondition(this, 'IsStaging', { expression: Fn.conditionEquals(stage, 'staging') });

    const cidr = this.addParameter('VpcCidr', {
      type: 'String',
      default: '10.50.0.0/16',
      // Two /20 subnets are cut from the block, so /19 is the smallest that holds them.
      allowedPattern: '^(10|172|192)\\.[0-9]{1,3}\\.[0-9]{1,3}\\.0/(16|17|18|19)$',
      constraintDescription: 'must be a private /16 to /19 block, e.g. 10.50.0.0/16',
      description: 'CIDR block of the deployment VPC (two private /20 subnets are cut from it).',
      label: 'VPC CIDR block',
      group: NETWORK,
    });

    this.keys = new DeploymentKeys(this, 'Keys');
    this.network = new DeploymentNetwork(this, 'Network', {
      cidr: cidr.valueAsString,
      logsKeyArn: this.keys.logs.attrArn,
      artifactAccounts: dataScienceAccounts,
    });

    // Imported by ARN: DeploymentKeys writes the key policy in full.
    this.accessLogsBucket = new AccessLogsBucket(this, 'AccessLogsBucket', {
      encryptionKey: kms.Key.fromKeyArn(this, 'LogsKey', this.keys.logs.attrArn),
    });

    // Data capture of every endpoint deployed here (encryption and access logging from the defaults below).
    this.modelsBucket = new s3.Bucket(this, 'ModelsBucket', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // This product brings its own keys, network and logs bucket: the secure defaults use them.
    this.useSecureDefaults(
      ownResourceDefaults({
        dataKey: this.keys.data,
        volumeKey: this.keys.volume,
        logsKey: this.keys.logs,
        network: this.network,
        accessLogsBucket: this.accessLogsBucket,
      }),
    );

    const ssmPath = `/${this.context.defaults.ssmPrefix}/${this.context.defaults.environmentName}`;
    this.roles = new DeploymentRoles(this, 'Roles', {
      names: targetRoleNames(this.context.catalogName),
      dataScienceAccounts,
      modelsBucketArn: this.modelsBucket.bucketArn,
      dataKeyArn: this.keys.data.attrArn,
      volumeKeyArn: this.keys.volume.attrArn,
      ssmPath,
      isStaging,
    });

    // The same preventive guardrails as the data science environment, pinned to this account's own
    // subnets, security group and keys, on every role of the baseline.
    const roleNames = targetRoleNames(this.context.catalogName);
    const always = [this.roles.modelExecution, this.roles.cloudFormationExecution, this.roles.deployment];
    const roleArn = (name: string) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`;
    this.guardrails = new SageMakerGuardrails(this, 'Guardrails', {
      roleNames: [roleNames.modelExecution, roleNames.cloudFormationExecution, roleNames.deployment],
      subnetIds: this.network.privateSubnetIds,
      securityGroupIds: [this.network.sageMakerSecurityGroup.attrGroupId],
      volumeKeyArn: this.keys.volume.attrArn,
      outputKeyArns: [this.keys.data.attrArn],
      description:
        "Preventive controls of the deployment account: models only in this account's subnets and security group, " +
        'network-isolated; endpoint volumes with its volume key; no change to the roles, network, keys or flow logs',
      protect: {
        // By name: the staging-only smoke-test role has no ARN to reference in prod.
        roleArns: Object.values(roleNames).map(roleArn),
        securityGroupIds: [this.network.sageMakerSecurityGroup.attrGroupId, this.network.endpointSecurityGroup.attrGroupId],
        vpcEndpointIds: [this.network.s3Endpoint.ref, ...[...this.network.interfaceEndpoints.values()].map((endpoint) => endpoint.ref)],
        keyArns: [this.keys.data.attrArn, this.keys.volume.attrArn, this.keys.logs.attrArn],
        flowLogIds: [(this.network.node.findChild('FlowLog') as ec2.CfnFlowLog).ref],
        logGroupNames: [this.network.flowLogGroup.logGroupName],
      },
    });
    // Attached by name: those roles must exist first. The smoke-test role (staging only) attaches it itself.
    for (const role of always) this.guardrails.node.addDependency(role.node.defaultChild as IConstruct);
    for (const policy of [this.guardrails.policy, this.guardrails.tamperProtection!]) this.roles.smokeTest.addManagedPolicy(policy);

    this.publish({
      environmentName: this.context.defaults.environmentName,
      environmentType: stage,
      vpcId: this.network.vpc.ref,
      privateSubnetIds: Fn.join(',', this.network.privateSubnetIds),
      securityGroupIds: this.network.sageMakerSecurityGroup.attrGroupId,
      s3EndpointId: this.network.s3Endpoint.ref,
      dataKeyArn: this.keys.data.attrArn,
      volumeKeyArn: this.keys.volume.attrArn,
      logsKeyArn: this.keys.logs.attrArn,
      modelsBucketName: this.modelsBucket.bucketName,
      accessLogsBucketName: this.accessLogsBucket.bucketName,
      modelExecutionRoleArn: this.roles.modelExecution.roleArn,
    });

    this.acknowledgeFindings();

    new CfnOutput(this, 'DeploymentRoleArn', { value: this.roles.deployment.roleArn, description: 'Assumed by the deploy projects' });
    new CfnOutput(this, 'Stage', { value: stage, description: 'Stage of this account (from catalog.yaml)' });
  }

  /** One SSM parameter per contract key, under the names every product reads. */
  private publish(values: Record<(typeof contract.BASELINE_PUBLISHES)[number], string>): void {
    const lists: readonly SsmContractKey[] = ['privateSubnetIds', 'securityGroupIds'];
    for (const key of contract.BASELINE_PUBLISHES) {
      new ssm.CfnParameter(this, `Publish${key.charAt(0).toUpperCase()}${key.slice(1)}`, {
        name: ssmParameterName(this.context.defaults, key),
        type: lists.includes(key) ? 'StringList' : 'String',
        value: values[key],
        description: `Published by the model deployment baseline (${key})`,
      });
    }
  }

  private acknowledgeFindings(): void {
    const { roles, network } = this;
    const singleRegion =
      'Single-region by design: captured requests are confidential data of the region the account serves; replication ' +
      'would copy them elsewhere. Durability: S3 multi-AZ, versioning, retained on delete.';
    acknowledgeNistAndHipaa(this.modelsBucket, 'S3BucketReplicationEnabled', singleRegion);
    acknowledgeNistAndHipaa(this.accessLogsBucket, 'S3BucketReplicationEnabled', singleRegion);

    acknowledgeWildcard(roles, `${findingRef(this.modelsBucket, 'Arn')}/data-capture/*`,
      'Data capture files of every endpoint in this account, named by SageMaker (endpoint/variant/date).');
    acknowledgeWildcard(roles, 'arn:<AWS::Partition>:s3:::sagemaker-project-*/models/*',
      'Model artifacts in the project buckets of the data science accounts only (s3:ResourceAccount); each bucket ' +
        'grants this role by name, so it reads nothing a project did not share.');
    acknowledgeWildcard(roles, 'arn:<AWS::Partition>:kms:<AWS::Region>:*:key/*',
      'Decrypt through S3 only (kms:ViaService), keys of the data science accounts only (aws:ResourceAccount, the ' +
        "catalog's list): the project keys, whose key policies name this role; key ids are created per project.");
    acknowledgeWildcard(roles, 'arn:<AWS::Partition>:sagemaker:<AWS::Region>:*:model-package/*',
      'Describe model packages of the data science accounts only (aws:ResourceAccount, the catalog\'s list): each ' +
        'model package group names this role in its policy.');
    const registries = [
      `{"Fn::FindInMap":["${this.getLogicalId(roles.node.findChild('SageMakerImageRegistries') as CfnMapping)}",{"Ref":"AWS::Region"},"Account"]}`,
      '<AWS::AccountId>',
      '*',
    ];
    for (const registry of registries) {
      acknowledgeWildcard(roles, `arn:<AWS::Partition>:ecr:<AWS::Region>:${registry}:repository/*`,
        "Pull-only, from the approved registries: SageMaker's XGBoost images of the region (an AWS-owned account), this " +
          "account's and the data science accounts' own (aws:ResourceAccount, the catalog's list); repositories are named by the images' owners.");
    }
    acknowledgeWildcard(roles, '*',
      'Only calls without a resource ARN: ecr:GetAuthorizationToken, EC2 Describe* for VPC placement, Application Auto ' +
        'Scaling (no resource-level permissions for these actions), cloudwatch:PutMetricData limited to SageMaker namespaces.');
    acknowledgeWildcard(roles, findingArn('logs', 'log-group:/aws/sagemaker/Endpoints/*'), 'The log groups SageMaker creates for endpoints.');
    for (const resource of ['network-interface/*', 'subnet/*', 'security-group/*']) {
      acknowledgeWildcard(roles, findingArn('ec2', resource), 'SageMaker creates the network interfaces of VPC-attached endpoints; ids are not known in advance.');
    }
    for (const resource of ['model/*', 'endpoint-config/*', 'endpoint/*']) {
      acknowledgeWildcard(roles, findingArn('sagemaker', resource),
        'Models, configurations and endpoints of this account and region: the endpoint stacks name them at deploy time.');
    }
    acknowledgeWildcard(roles, findingArn('cloudwatch', 'alarm:TargetTracking-endpoint/*'), 'The alarms target tracking creates for endpoint variants.');
    for (const stage of Object.values(ENDPOINT_STACK_SUFFIX)) {
      acknowledgeWildcard(roles, findingArn('cloudformation', `stack/sagemaker-*-<aws:PrincipalTag/sagemaker:project-id>${stage}/*`),
        `The endpoint stacks of the one deploy project whose id the session carries (sagemaker-<name>-<id>${stage}; stack ` +
          'ids are made at creation): the trust admits only SageMaker-shaped ids, so no other project\'s stack matches (roles.ts).');
    }
    acknowledgeWildcard(roles, `arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/${this.context.defaults.ssmPrefix}/${this.context.defaults.environmentName}/*`,
      'The parameters this baseline publishes, which the endpoint template resolves.');
    acknowledgeWildcard(network, `${findingRef(network.flowLogGroup, 'Arn')}:log-stream:*`, 'Log streams of the flow-log group, one per network interface.');
  }
}
