/**
 * The three roles a deploy project needs in a staging or production account,
 * under the fixed names the project templates grant (targetRoleNames):
 *
 *   deployment role      assumed by the deploy projects' pipeline and smoke test
 *                        (roles named sagemaker-project-deploy-* in the data
 *                        science accounts only); starts CloudFormation with ->
 *   CloudFormation role  creates the endpoint stack (model, config, endpoint,
 *                        auto scaling), passing ->
 *   model execution role run by SageMaker: reads the approved model's artifacts
 *                        from the data science account, writes data capture.
 *
 * Each role's permissions are one customer-managed policy.
 */
import { Aws, type CfnCondition, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEPLOY_PROJECT_ROLE_PREFIX, type TargetRoleNames } from '../../src/sagemaker-projects/deployment-targets';

export interface DeploymentRolesProps {
  readonly names: TargetRoleNames;
  /** The data science accounts (stage dev): where models are trained and deploy pipelines run. */
  readonly dataScienceAccounts: readonly string[];
  readonly modelsBucketArn: string;
  readonly dataKeyArn: string;
  readonly volumeKeyArn: string;
  /** `/<ssmPrefix>/<environment>`: the SSM parameters the endpoint template reads. */
  readonly ssmPath: string;
  /** True in a staging account: the smoke test may invoke endpoints there. */
  readonly isStaging: CfnCondition;
}

export class DeploymentRoles extends Construct {
  public readonly modelExecution: iam.Role;
  public readonly cloudFormationExecution: iam.Role;
  public readonly deployment: iam.Role;

  constructor(scope: Construct, id: string, props: DeploymentRolesProps) {
    super(scope, id);
    const arn = (service: string, resource: string, account: string = Aws.ACCOUNT_ID) =>
      `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${account}:${resource}`;
    const dataScience = [...props.dataScienceAccounts];
    const projectArtifacts = Fn.sub('arn:${AWS::Partition}:s3:::sagemaker-project-*');

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
          resources: dataScience.map((account) => arn('kms', 'key/*', account)),
          conditions: { StringEquals: { 'kms:ViaService': Fn.sub('s3.${AWS::Region}.amazonaws.com') } },
        }),
        new iam.PolicyStatement({
          sid: 'WriteDataCapture',
          actions: ['s3:PutObject'],
          resources: [`${props.modelsBucketArn}/data-capture/*`],
        }),
        new iam.PolicyStatement({ sid: 'EncryptDataCapture', actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey'], resources: [props.dataKeyArn] }),
        new iam.PolicyStatement({
          sid: 'PullImages',
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          resources: [`arn:${Aws.PARTITION}:ecr:${Aws.REGION}:*:repository/*`],
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
          resources: dataScience.map((account) => arn('sagemaker', 'model-package/*', account)),
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
    const deployPipelines = dataScience.map((account) => `arn:${Aws.PARTITION}:iam::${account}:role/${DEPLOY_PROJECT_ROLE_PREFIX}*`);
    // The data science accounts, and in them only the deploy projects' roles (by name prefix).
    const trust = new iam.PrincipalWithConditions(
      new iam.CompositePrincipal(...dataScience.map((account) => new iam.AccountPrincipal(account))),
      { ArnLike: { 'aws:PrincipalArn': deployPipelines } },
    );
    const endpointStacks = arn('cloudformation', 'stack/sagemaker-*/*');
    this.deployment = this.role('Deployment', props.names.deployment, trust,
      'Assumed by the deploy projects of the data science accounts: deploys endpoint stacks with the CloudFormation role', [
        new iam.PolicyStatement({
          sid: 'DeployEndpointStacks',
          actions: [
            'cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack',
            'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:GetTemplate',
            'cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet',
            'cloudformation:DeleteChangeSet', 'cloudformation:SetStackPolicy',
          ],
          resources: [endpointStacks],
        }),
        new iam.PolicyStatement({
          sid: 'PassTheCloudFormationRole',
          actions: ['iam:PassRole'],
          resources: [this.cloudFormationExecution.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadPipelineArtifacts',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [`${projectArtifacts}/*`],
          conditions: { StringEquals: { 's3:ResourceAccount': dataScience } },
        }),
        new iam.PolicyStatement({
          sid: 'DecryptPipelineArtifacts',
          actions: ['kms:Decrypt', 'kms:DescribeKey'],
          resources: dataScience.map((account) => arn('kms', 'key/*', account)),
          conditions: { StringEquals: { 'kms:ViaService': Fn.sub('s3.${AWS::Region}.amazonaws.com') } },
        }),
      ]);
    // The smoke test checks and invokes the endpoint it just deployed: in staging only.
    const smokeTest = new iam.ManagedPolicy(this, 'SmokeTestPolicy', {
      description: 'Staging only: the deploy projects smoke-test the endpoints they deploy',
      roles: [this.deployment],
      statements: [
        new iam.PolicyStatement({
          sid: 'SmokeTestEndpoints',
          actions: ['sagemaker:DescribeEndpoint', 'sagemaker:InvokeEndpoint'],
          resources: [arn('sagemaker', 'endpoint/*')],
        }),
      ],
    });
    (smokeTest.node.defaultChild as iam.CfnManagedPolicy).cfnOptions.condition = props.isStaging;
  }

  private role(id: string, roleName: string, assumedBy: iam.IPrincipal, description: string, statements: iam.PolicyStatement[]): iam.Role {
    const policy = new iam.ManagedPolicy(this, `${id}Policy`, { description, statements });
    return new iam.Role(this, `${id}Role`, { roleName, assumedBy, description, managedPolicies: [policy] });
  }
}
