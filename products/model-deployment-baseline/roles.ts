/**
 * The roles a deploy project needs in a staging or production account, under
 * the fixed names the project templates grant (targetRoleNames):
 *
 *   deployment role      assumed by the deploy projects' deploy builds (roles named
 *                        sagemaker-project-deploy-<id>-deploy, in the data science
 *                        accounts only) with their project id as session tag;
 *                        changes that project's endpoint stacks only, with ->
 *   CloudFormation role  creates the endpoint stack (model, config, endpoint,
 *                        auto scaling), passing ->
 *   model execution role run by SageMaker: reads the approved model's artifacts
 *                        from the data science account, pulls images from the
 *                        approved registries only, writes data capture;
 *   smoke-test role      staging only: assumed by a deploy project's smoke test
 *                        with its project id as session tag; describes and
 *                        invokes the endpoints tagged with that project id only.
 *
 * Each role's permissions are one customer-managed policy; the baseline's
 * guardrails (index.ts) deny on top of them.
 */
import { Aws, type CfnCondition, CfnMapping, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  AccountListPrincipal,
  DEPLOY_PROJECT_ROLE_PREFIX,
  DEPLOY_PROJECT_ROLES,
  ENDPOINT_STACK_SUFFIX,
  PROJECT_ID_TAG,
  type TargetRoleNames,
} from '../../src/sagemaker-projects';
import { SAGEMAKER_XGBOOST_REGISTRIES } from '../../src/sagemaker-projects';

export interface DeploymentRolesProps {
  readonly names: TargetRoleNames;
  /**
   * The data science accounts (stage dev): where models are trained and deploy pipelines run. A list
   * token (the catalog fact `devAccounts`, read at launch), so statements name them in conditions
   * (`aws:ResourceAccount`) and principals, never in per-account ARNs.
   */
  readonly dataScienceAccounts: string[];
  readonly modelsBucketArn: string;
  readonly dataKeyArn: string;
  readonly volumeKeyArn: string;
  /** `/<ssmPrefix>/<environment>`: the SSM parameters the endpoint template reads. */
  readonly ssmPath: string;
  /** True in a staging account: the smoke-test role exists there only. */
  readonly isStaging: CfnCondition;
}

/** The principal tag every deploy project role carries, and the session tag the deploy build and smoke test pass. */
const PROJECT_TAG_OF_CALLER = `\${aws:PrincipalTag/${PROJECT_ID_TAG}}`;

/**
 * A deployment session reaches the stacks `sagemaker-*-<its project id>-staging` and `...-prod`
 * (endpoint stacks are `sagemaker-<project name>-<project id>-<stage>`, ENDPOINT_STACK_SUFFIX). Why
 * no other project's stack matches, whatever its name: the id is anchored right before the stage
 * suffix, so project B's stack `sagemaker-<name B>-<id B>-staging` matches session A's pattern only
 * if `<name B>-<id B>` ends with `-<id A>`. The trust admits only ids shaped as SageMaker makes them,
 * `p-` followed by no other hyphen (SAGEMAKER_PROJECT_ID_LIKE, not ..._WITH_TWO_HYPHENS), so
 * `-<id A>` holds exactly two hyphens and can only be the suffix `-<id B>` itself (B's id has the same
 * shape, or B could never deploy through this role): id A = id B. A project name containing A's id
 * (`x-<id A>`) puts it before `-<id B>`, not at the end; an id chosen
 * at a direct Service Catalog launch to be a tail of B's (`abc123` for `p-abc123`) or to span into
 * B's name (`p-x-p-abc123`) is refused by the trust. Two projects with one id cannot exist in one
 * account: the deploy role's name carries the id and IAM role names are unique (across several data
 * science accounts, an id is unique as SageMaker generates it: see docs/security.md, The deploy flow).
 */
const PROJECT_STACK_SUFFIXES = Object.values(ENDPOINT_STACK_SUFFIX);
const SAGEMAKER_PROJECT_ID_LIKE = 'p-*';
const SAGEMAKER_PROJECT_ID_WITH_TWO_HYPHENS = 'p-*-*';

export class DeploymentRoles extends Construct {
  public readonly modelExecution: iam.Role;
  public readonly cloudFormationExecution: iam.Role;
  public readonly deployment: iam.Role;
  /** Staging only (the condition of the role and its policy). */
  public readonly smokeTest: iam.Role;

  constructor(scope: Construct, id: string, props: DeploymentRolesProps) {
    super(scope, id);
    const arn = (service: string, resource: string, account: string = Aws.ACCOUNT_ID) =>
      `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${account}:${resource}`;
    const dataScience = props.dataScienceAccounts;
    // Resources of the data science accounts: any account in the ARN, the catalog's list in the condition (a list
    // parameter cannot be turned into one ARN per account; aws:ResourceAccount is a global key, IAM User Guide,
    // "AWS global condition context keys").
    const ofTheDataScienceAccounts = { 'aws:ResourceAccount': dataScience };
    const projectArtifacts = Fn.sub('arn:${AWS::Partition}:s3:::sagemaker-project-*');
    const imageRegistries = new CfnMapping(this, 'SageMakerImageRegistries', {
      mapping: Object.fromEntries(Object.entries(SAGEMAKER_XGBOOST_REGISTRIES).map(([region, account]) => [region, { Account: account }])),
    });

    // --- model execution -------------------------------------------------------------------
    this.modelExecution = this.role('ModelExecution', props.names.modelExecution, new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      'Runs deployed models: reads approved model artifacts, writes data capture, logs and metrics', [
        new iam.PolicyStatement({
          sid: 'ReadModelArtifactsOfTheDataScienceAccounts',
          actions: ['s3:GetObject'],
          resources: [`${projectArtifacts}/models/*`],
          conditions: { StringEquals: { 's3:ResourceAccount': dataScience } },
        }),
        new iam.PolicyStatement({
          sid: 'DecryptModelArtifacts',
          actions: ['kms:Decrypt', 'kms:DescribeKey'],
          resources: [arn('kms', 'key/*', '*')],
          conditions: { StringEquals: { 'kms:ViaService': Fn.sub('s3.${AWS::Region}.amazonaws.com'), ...ofTheDataScienceAccounts } },
        }),
        new iam.PolicyStatement({
          sid: 'WriteDataCapture',
          actions: ['s3:PutObject'],
          resources: [`${props.modelsBucketArn}/data-capture/*`],
        }),
        new iam.PolicyStatement({ sid: 'EncryptDataCapture', actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey'], resources: [props.dataKeyArn] }),
        new iam.PolicyStatement({
          sid: 'PullApprovedImages',
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          // SageMaker pulls a model's image with this role: SageMaker's XGBoost registry of the region,
          // this account's registries and (below) the data science accounts' (the platform's own images).
          // Any other registry is out of reach, so a model naming a foreign image cannot start.
          resources: [imageRegistries.findInMap(Aws.REGION, 'Account'), Aws.ACCOUNT_ID].map(
            (account) => `arn:${Aws.PARTITION}:ecr:${Aws.REGION}:${account}:repository/*`,
          ),
        }),
        new iam.PolicyStatement({
          sid: 'PullImagesOfTheDataScienceAccounts',
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          resources: [`arn:${Aws.PARTITION}:ecr:${Aws.REGION}:*:repository/*`],
          conditions: { StringEquals: ofTheDataScienceAccounts },
        }),
        new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'EndpointLogs',
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [arn('logs', 'log-group:/aws/sagemaker/Endpoints/*')],
        }),
        new iam.PolicyStatement({
          sid: 'EndpointMetrics',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*', 'aws/sagemaker/*'] } },
        }),
        new iam.PolicyStatement({
          sid: 'VpcNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:CreateNetworkInterfacePermission',
            'ec2:DeleteNetworkInterface',
            'ec2:DeleteNetworkInterfacePermission',
          ],
          resources: [arn('ec2', 'network-interface/*'), arn('ec2', 'subnet/*'), arn('ec2', 'security-group/*')],
        }),
        new iam.PolicyStatement({
          sid: 'VpcDescribe',
          actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
          resources: ['*'],
        }),
      ]);

    // --- CloudFormation execution ---------------------------------------------------------------
    const sagemakerResources = ['model/*', 'endpoint-config/*', 'endpoint/*'].map((resource) => arn('sagemaker', resource));
    this.cloudFormationExecution = this.role('CloudFormationExecution', props.names.cloudFormationExecution,
      new iam.ServicePrincipal('cloudformation.amazonaws.com'),
      'Creates, updates and deletes the endpoint stacks of the deploy projects', [
        new iam.PolicyStatement({
          sid: 'ManageEndpoints',
          actions: [
            'sagemaker:CreateModel', 'sagemaker:DescribeModel', 'sagemaker:DeleteModel',
            'sagemaker:CreateEndpointConfig', 'sagemaker:DescribeEndpointConfig', 'sagemaker:DeleteEndpointConfig',
            'sagemaker:CreateEndpoint', 'sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:DeleteEndpoint',
            'sagemaker:AddTags', 'sagemaker:DeleteTags', 'sagemaker:ListTags',
          ],
          resources: sagemakerResources,
        }),
        new iam.PolicyStatement({
          sid: 'ApprovedModelPackagesOfTheDataScienceAccounts',
          actions: ['sagemaker:DescribeModelPackage'],
          resources: [arn('sagemaker', 'model-package/*', '*')],
          conditions: { StringEquals: ofTheDataScienceAccounts },
        }),
        new iam.PolicyStatement({
          sid: 'PassTheModelExecutionRole',
          actions: ['iam:PassRole'],
          resources: [this.modelExecution.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          sid: 'EncryptEndpointVolumesAndDataCapture',
          actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.volumeKeyArn, props.dataKeyArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTheEnvironmentParameters',
          actions: ['ssm:GetParameters', 'ssm:GetParameter'],
          resources: [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${props.ssmPath}/*`],
        }),
        new iam.PolicyStatement({
          sid: 'AutoScaling',
          actions: [
            'application-autoscaling:RegisterScalableTarget', 'application-autoscaling:DeregisterScalableTarget',
            'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:PutScalingPolicy',
            'application-autoscaling:DeleteScalingPolicy', 'application-autoscaling:DescribeScalingPolicies',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'TargetTrackingAlarms',
          actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms'],
          resources: [arn('cloudwatch', 'alarm:TargetTracking-endpoint/*')],
        }),
        new iam.PolicyStatement({
          sid: 'AutoScalingServiceLinkedRole',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`,
          ],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'sagemaker.application-autoscaling.amazonaws.com' } },
        }),
      ]);

    // --- deployment -------------------------------------------------------------------------
    // The principal admits the data science accounts only; the role name pattern then applies in each of them.
    const deployProjectRoles = (purpose: string) => `arn:${Aws.PARTITION}:iam::*:role/${DEPLOY_PROJECT_ROLE_PREFIX}*-${purpose}`;
    const dataScienceAccounts = new AccountListPrincipal(dataScience);
    // The deploy projects' deploy build roles, each passing its own project id tag as the session tag
    // (the session tag must equal the caller's own tag; no other tag may be set): a session of this
    // role then acts for exactly one project, and its policy below reaches that project's stacks only.
    // The id must look like the ids SageMaker generates (`p-` and no other hyphen): see PROJECT_STACK_SUFFIXES.
    const deploymentTrust = new iam.PrincipalWithConditions(dataScienceAccounts, {
      'ArnLike': { 'aws:PrincipalArn': deployProjectRoles(DEPLOY_PROJECT_ROLES.deploy) },
      'StringEquals': { [`aws:RequestTag/${PROJECT_ID_TAG}`]: PROJECT_TAG_OF_CALLER },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [PROJECT_ID_TAG] },
      'StringLike': { [`aws:PrincipalTag/${PROJECT_ID_TAG}`]: SAGEMAKER_PROJECT_ID_LIKE },
      'StringNotLike': { [`aws:PrincipalTag/${PROJECT_ID_TAG}`]: SAGEMAKER_PROJECT_ID_WITH_TWO_HYPHENS },
    });
    const projectStacks = PROJECT_STACK_SUFFIXES.map((suffix) => arn('cloudformation', `stack/sagemaker-*-${PROJECT_TAG_OF_CALLER}${suffix}/*`));
    const cloudFormationRole = this.cloudFormationExecution.roleArn;
    this.deployment = this.role('Deployment', props.names.deployment, deploymentTrust.withSessionTags(),
      'Assumed by the deploy build of one deploy project (session tag): deploys that project\'s endpoint stacks with the CloudFormation role', [
        new iam.PolicyStatement({
          sid: 'ChangeTheProjectsStacks',
          actions: ['cloudformation:CreateChangeSet'],
          resources: projectStacks,
          // With the CloudFormation role, and tagged with the session's own project id (the smoke-test
          // role finds a project's endpoints by that tag, so no project may label its stack as another's);
          // never an IMPORT change set, which could adopt another project's endpoint into this stack.
          conditions: {
            StringEquals: {
              'cloudformation:RoleArn': cloudFormationRole,
              [`aws:RequestTag/${PROJECT_ID_TAG}`]: PROJECT_TAG_OF_CALLER,
            },
            Null: { 'cloudformation:ImportResourceTypes': 'true' },
          },
        }),
        new iam.PolicyStatement({
          sid: 'TagTheProjectsStacks',
          actions: ['cloudformation:TagResource'],
          resources: projectStacks,
          conditions: { StringEquals: { [`aws:RequestTag/${PROJECT_ID_TAG}`]: PROJECT_TAG_OF_CALLER } },
        }),
        new iam.PolicyStatement({
          sid: 'DeleteAFailedFirstDeploy',
          // A stack whose creation rolled back (ROLLBACK_COMPLETE) takes no change set: deleted, then created again.
          actions: ['cloudformation:DeleteStack'],
          resources: projectStacks,
          conditions: { StringEquals: { 'cloudformation:RoleArn': cloudFormationRole } },
        }),
        new iam.PolicyStatement({
          sid: 'RunAndWatchTheProjectsChangeSets',
          actions: [
            'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet',
            'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents',
          ],
          resources: projectStacks,
        }),
        new iam.PolicyStatement({
          sid: 'PassTheCloudFormationRole',
          actions: ['iam:PassRole'],
          resources: [cloudFormationRole],
          conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          sid: 'ResolveTheEndpointTemplatesParameters',
          // CloudFormation resolves a template's SSM parameter types with the caller's credentials, not the
          // stack's role (aws-samples/aws-cross-account-cicd-pipeline issues 33 and 38: "User doesn't have
          // permission to call ssm:GetParameters" from a deploy with a CloudFormation role): this baseline's own.
          actions: ['ssm:GetParameters'],
          resources: [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${props.ssmPath}/*`],
        }),
      ]);

    // --- smoke test (staging only) --------------------------------------------------------------
    // The deploy projects' smoke-test roles, each passing its own project id tag as the session tag
    // (the session tag must equal the caller's own tag; no other tag may be set): a session of this
    // role then acts for exactly one project.
    const smokeTestTrust = new iam.PrincipalWithConditions(dataScienceAccounts, {
      'ArnLike': { 'aws:PrincipalArn': deployProjectRoles(DEPLOY_PROJECT_ROLES.smokeTest) },
      'StringEquals': { [`aws:RequestTag/${PROJECT_ID_TAG}`]: PROJECT_TAG_OF_CALLER },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [PROJECT_ID_TAG] },
    });
    this.smokeTest = this.role('SmokeTest', props.names.smokeTest, smokeTestTrust.withSessionTags(),
      'Staging only: the smoke test of one deploy project checks and invokes that project\'s endpoints', [
        new iam.PolicyStatement({
          sid: 'SmokeTestTheProjectsEndpoints',
          actions: ['sagemaker:DescribeEndpoint', 'sagemaker:InvokeEndpoint'],
          resources: [arn('sagemaker', 'endpoint/*')],
          // Endpoints carry the project tags of their stack (the deploy project's template configuration).
          conditions: { StringEquals: { [`aws:ResourceTag/${PROJECT_ID_TAG}`]: PROJECT_TAG_OF_CALLER } },
        }),
      ]);
    for (const resource of [this.smokeTest, this.node.findChild('SmokeTestPolicy')]) {
      (resource.node.defaultChild as iam.CfnRole | iam.CfnManagedPolicy).cfnOptions.condition = props.isStaging;
    }
  }

  private role(id: string, roleName: string, assumedBy: iam.IPrincipal, description: string, statements: iam.PolicyStatement[]): iam.Role {
    const policy = new iam.ManagedPolicy(this, `${id}Policy`, { description, statements });
    return new iam.Role(this, `${id}Role`, { roleName, assumedBy, description, managedPolicies: [policy] });
  }
}
