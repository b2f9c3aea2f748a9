/**
 * SageMaker project template "model deployment to staging and production".
 *
 *   model package version approved (EventBridge) -- or a push to main -->
 *   CodePipeline: Source -> Build -> DeployStaging -> TestStaging -> ApproveProduction -> DeployProduction
 *
 * Everything that decides what reaches production comes from this product, not
 * from the project repository users push to (buildspecs.ts):
 * - Build runs two CodeBuild projects in the VPC whose buildspecs are in this
 *   template: EndpointTemplate writes the sagemaker-endpoint product's template
 *   (endpoint-template.ts; embedded, checked by sha256 in the build), and
 *   StageParameters writes one template configuration per stage (the newest
 *   approved version, the settings of config/<stage>.json a stage may set, the
 *   project tags). The repository supplies data only.
 * - Deploy actions run in the staging and production accounts of catalog.yaml (by
 *   stage, never typed by the user), as those accounts' deployment role, with
 *   their CloudFormation role: the template from EndpointTemplate, the parameters
 *   from StageParameters; the endpoint lands in their private VPC with their keys
 *   and model role (model-deployment-baseline), under their guardrails.
 * - The smoke test (CodeBuild in the VPC, buildspec in this template) assumes the
 *   staging smoke-test role with the project id as session tag, so it reaches
 *   this project's endpoints only; production waits for a manual approval.
 *
 * Cross-account access is by name: the artifact bucket and the project key admit
 * only the target accounts' deployment roles; the pipeline role may assume only
 * those, the smoke-test role only the staging smoke-test roles.
 */
import * as path from 'node:path';
import { CfnOutput, Duration, Fn } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { endpointTemplateBuildSpec, settableParameters, smokeTestBuildSpec, stageParametersBuildSpec } from './buildspecs';
import { endpointTemplate } from './endpoint-template';
import type { Account, SsmParameterUse } from '../../src/model';
import { addProjectRepository, addSageMakerProjectParameters, DEPLOY_PROJECT_ROLES, deploymentTargets, deployProjectRoleName, ENDPOINT_STACK_SUFFIX, environmentNetwork, ProjectBucket, ProjectKey, ProjectPipeline, roleArnIn, type TargetStage, targetRoleNames, VpcBuildProject } from '../../src/sagemaker-projects';
import { acknowledgeWildcard, findingRef } from '../../src/secure';
import { SecureProductStack, type SecureProductStackProps, SHARED_GROUPS } from '../../src/secure';

export const SEED_DIRECTORY = path.join(__dirname, 'seed');

/** Pipeline stages, in order. */
export const DEPLOY_STAGES = ['Source', 'Build', 'DeployStaging', 'TestStaging', 'ApproveProduction', 'DeployProduction'] as const;

const MODEL = 'Model to deploy';

/** The Build stage's outputs: the endpoint template, and the template configuration of each stage. */
export const ENDPOINT_TEMPLATE_ARTIFACT = 'EndpointTemplate';
export const STAGE_PARAMETERS_ARTIFACT = 'StageParameters';

export class SageMakerProjectDeployProduct extends SecureProductStack {
  /** The SSM parameters its template reads (a test checks this against the template). */
  public static readonly ssmParameters: SsmParameterUse = {
    reads: ['accessLogsBucketName', 'logsKeyArn', 'privateSubnetIds', 's3EndpointId', 'sageMakerExecutionRoleArn', 'securityGroupIds', 'vpcId'],
    publishes: [],
  };

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    const targets = deploymentTargets(this.context.accounts);
    if (targets.staging.length === 0 || targets.prod.length === 0) {
      throw new Error(
        `product '${this.context.productId}' deploys to the staging and production accounts of catalog.yaml, but it has ` +
          `no account with 'stage: ${targets.staging.length === 0 ? 'staging' : 'prod'}'`,
      );
    }
    const project = addSageMakerProjectParameters(this);
    const groupName = this.addParameter('ModelPackageGroupName', {
      type: 'String',
      minLength: 1,
      maxLength: 63,
      allowedPattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9])*$',
      constraintDescription: 'must be a model package group name (letters, digits, hyphens)',
      description: 'Model package group whose approved versions this project deploys (the build project outputs it).',
      label: 'Model package group name',
      group: MODEL,
    }).valueAsString;

    const roles = targetRoleNames(this.context.catalogName);
    const deploymentRole = (account: Account) => roleArnIn(account, roles.deployment);
    // Fn::Sub, not Fn::Join, in the action configuration (cfn-lint E3703).
    const cloudFormationRole = (account: Account) => Fn.sub(`arn:\${AWS::Partition}:iam::${account.id}:role/${roles.cloudFormationExecution}`);
    const smokeTestRole = (account: Account) => roleArnIn(account, roles.smokeTest);
    const allTargets = [...targets.staging, ...targets.prod];

    const key = new ProjectKey(this, 'Key', { description: 'Pipeline artifacts and builds of one SageMaker project (model deployment)' });
    key.allowDecryptThroughS3('TargetDeploymentRolesReadArtifacts', allTargets.map(deploymentRole));
    const artifacts = new ProjectBucket(this, 'Artifacts', { bucketName: project.bucketName('deploy'), key });
    artifacts.allowRead('TargetDeploymentRolesReadArtifacts', allTargets.map(deploymentRole));

    const template = endpointTemplate(this.context);
    const repository = addProjectRepository(this, {
      repositoryName: project.resourceName('sagemaker-', '-modeldeploy'),
      description: 'Model deployment of the SageMaker project: stage settings and the smoke test sample',
      seedDirectory: SEED_DIRECTORY,
      key,
    });

    const buildEnvironment = { ...environmentNetwork(this), key };
    const templateBuild = new VpcBuildProject(this, 'EndpointTemplate', {
      ...buildEnvironment,
      projectName: project.resourceName('sagemaker-', '-modeldeploy-template'),
      description: "Writes the catalog's endpoint template, embedded in this build project and checked by its sha256",
      buildSpec: { inline: endpointTemplateBuildSpec(template) },
      timeout: Duration.minutes(10),
      environmentVariables: {},
    });

    const build = new VpcBuildProject(this, 'Build', {
      ...buildEnvironment,
      projectName: project.resourceName('sagemaker-', '-modeldeploy-build'),
      description: 'Finds the newest approved model version and writes the staging and production endpoint configurations',
      buildSpec: { inline: stageParametersBuildSpec() },
      timeout: Duration.minutes(20),
      environmentVariables: {
        SAGEMAKER_PROJECT_NAME: project.name,
        SAGEMAKER_PROJECT_ID: project.id,
        MODEL_PACKAGE_GROUP_NAME: groupName,
        SETTABLE_PARAMETERS: JSON.stringify(settableParameters(template)),
      },
    });
    build.allow(
      new iam.PolicyStatement({
        sid: 'FindApprovedVersions',
        // ListModelPackages takes no resource ARN.
        actions: ['sagemaker:ListModelPackages'],
        resources: ['*'],
      }),
    );

    const smokeTestRoleName = deployProjectRoleName(project.id, DEPLOY_PROJECT_ROLES.smokeTest);
    const smokeTest = new VpcBuildProject(this, 'SmokeTest', {
      ...buildEnvironment,
      projectName: project.resourceName('sagemaker-', '-modeldeploy-smoke-test'),
      description: 'Invokes the staging endpoint as the staging smoke-test role, tagged with the project, and checks its answers',
      roleName: smokeTestRoleName,
      buildSpec: { inline: smokeTestBuildSpec() },
      timeout: Duration.minutes(20),
      environmentVariables: { SAGEMAKER_PROJECT_ID: project.id },
    });
    smokeTest.allow(
      new iam.PolicyStatement({
        sid: 'AssumeTheStagingSmokeTestRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: targets.staging.map(smokeTestRole),
      }),
    );

    const stackName = (stage: TargetStage) => project.resourceName('sagemaker-', ENDPOINT_STACK_SUFFIX[stage]);
    const deploy = (stage: TargetStage, account: Account): codepipeline.CfnPipeline.ActionDeclarationProperty => ({
      name: `Deploy-${account.name}`,
      namespace: `${stage}-${account.name}`,
      actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
      // Runs in the target account: CodePipeline assumes its deployment role...
      roleArn: deploymentRole(account),
      configuration: {
        ActionMode: 'CREATE_UPDATE',
        StackName: stackName(stage),
        // From the product's builds (buildspecs.ts): the template is the catalog's, the configuration
        // only sets what a stage may set. CloudFormation actions read both from input artifacts only.
        TemplatePath: `${ENDPOINT_TEMPLATE_ARTIFACT}::template.json`,
        TemplateConfiguration: `${STAGE_PARAMETERS_ARTIFACT}::${stage}-config.json`,
        // ...which hands CloudFormation that account's CloudFormation role.
        RoleArn: cloudFormationRole(account),
      },
      inputArtifacts: [{ name: ENDPOINT_TEMPLATE_ARTIFACT }, { name: STAGE_PARAMETERS_ARTIFACT }],
      runOrder: 1,
    });
    const smokeTestAction = (account: Account) =>
      smokeTest.action(`SmokeTest-${account.name}`, {
        category: 'Test',
        // A JSON string: the role ARN goes in through Fn::Sub; #{...} is a CodePipeline variable.
        environmentVariables: Fn.sub(
          JSON.stringify([
            { name: 'ENDPOINT_NAME', value: `#{staging-${account.name}.EndpointName}`, type: 'PLAINTEXT' },
            { name: 'TARGET_ROLE_ARN', value: '${Role}', type: 'PLAINTEXT' },
          ]),
          { Role: smokeTestRole(account) },
        ),
      });
    const stages: codepipeline.CfnPipeline.StageDeclarationProperty[] = [
      {
        name: 'Build',
        actions: [
          templateBuild.action('EndpointTemplate', { outputArtifact: ENDPOINT_TEMPLATE_ARTIFACT }),
          build.action('StageParameters', { outputArtifact: STAGE_PARAMETERS_ARTIFACT }),
        ],
      },
      { name: 'DeployStaging', actions: targets.staging.map((account) => deploy('staging', account)) },
      { name: 'TestStaging', actions: targets.staging.map(smokeTestAction) },
      {
        name: 'ApproveProduction',
        actions: [
          {
            name: 'Approve',
            actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
            configuration: {
              CustomData: 'The model passed the staging smoke test. Approve to deploy it to production.',
            },
            runOrder: 1,
          },
        ],
      },
      { name: 'DeployProduction', actions: targets.prod.map((account) => deploy('prod', account)) },
    ];

    const pipeline = new ProjectPipeline(this, 'Pipeline', {
      pipelineName: project.resourceName('sagemaker-', '-modeldeploy'),
      description: 'Deploys approved model versions to staging, smoke-tests them, and to production after approval',
      artifactBucket: artifacts.bucket,
      key,
      roleName: deployProjectRoleName(project.id, DEPLOY_PROJECT_ROLES.pipeline),
      repository,
      stages,
    });
    // Studio users clone and push the repository (CodeCommit uses the project key for them).
    key.allowGitThroughCodeCommit([this.shared.value('sageMakerExecutionRoleArn', SHARED_GROUPS.environment).valueAsString]);
    // Builds reach the bucket through the environment's S3 endpoint; CodePipeline and the target
    // accounts' deployment roles (CloudFormation actions) come from outside it.
    artifacts.restrictToNetwork(this.shared.value('s3EndpointId', SHARED_GROUPS.network).valueAsString, [
      pipeline.role.roleArn,
      ...allTargets.map(deploymentRole),
    ]);
    pipeline.allow(
      new iam.PolicyStatement({
        sid: 'RunTheBuilds',
        actions: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
        resources: [templateBuild.projectArn, build.projectArn, smokeTest.projectArn],
      }),
      new iam.PolicyStatement({
        sid: 'ActInTheTargetAccounts',
        actions: ['sts:AssumeRole'],
        resources: allTargets.map(deploymentRole),
      }),
    );
    pipeline.startOn('OnModelApproved', 'the deployment pipeline when a model version is approved', {
      'source': ['aws.sagemaker'],
      'detail-type': ['SageMaker Model Package State Change'],
      'detail': { ModelPackageGroupName: [groupName], ModelApprovalStatus: ['Approved'] },
    });
    pipeline.startOnPush('the deployment pipeline on a push to main');

    acknowledgeWildcard(
      this,
      `${findingRef(artifacts.bucket, 'Arn')}/*`,
      "Objects of the project's own artifact bucket: pipeline artifacts, keyed by execution at run time.",
    );
    acknowledgeWildcard(build.role, '*', 'Only EC2 Describe* for VPC placement and sagemaker:ListModelPackages, which take no resource ARN.');

    new CfnOutput(this, 'PipelineName', { value: project.resourceName('sagemaker-', '-modeldeploy'), description: 'CodePipeline deploying approved models' });
    new CfnOutput(this, 'EndpointTemplateSha256', { value: template.sha256, description: 'sha256 of the endpoint template the pipeline deploys' });
  }
}
