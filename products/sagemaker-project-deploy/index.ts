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
 * - Deploy actions run the Deploy build (in the VPC, buildspec in this template,
 *   pipeline/deploy_stack.py): it assumes the deployment role of a staging or
 *   production account of catalog.yaml (by stage, never typed by the user) with
 *   the project id as session tag, which binds the session to this project's
 *   stacks, and creates or updates the stack through a change set with that
 *   account's CloudFormation role: the template from EndpointTemplate (sha256
 *   checked again), the parameters and tags from StageParameters; the endpoint
 *   lands in their private VPC with their keys and model role
 *   (model-deployment-baseline), under their guardrails. It exports the
 *   endpoint's name for the smoke test.
 * - The smoke test (CodeBuild in the VPC, buildspec in this template) assumes the
 *   staging smoke-test role with the project id as session tag, so it reaches
 *   this project's endpoints only; production waits for a manual approval.
 *
 * Cross-account access is by name and session tag: the deploy build role may
 * assume only the target accounts' deployment roles, the smoke-test role only the
 * staging smoke-test roles; the pipeline role assumes none, and no other account
 * reads the artifact bucket or uses the project key.
 */
import * as path from 'node:path';
import { CfnOutput, Duration, Fn } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import {
  deployBuildSpec,
  ENDPOINT_NAMES_VARIABLE,
  endpointTemplateBuildSpec,
  settableParameters,
  smokeTestBuildSpec,
  stageParametersBuildSpec,
} from './buildspecs';
import * as contract from './contract';
import { ENDPOINT_PRODUCT_ID, endpointTemplate } from './endpoint-template';
import type { EmbeddedTemplate } from '../../src/model';
import { addProjectRepository, addSageMakerProjectParameters, DEPLOY_PROJECT_ROLES, deploymentTargets, deployProjectRoleName, ENDPOINT_STACK_SUFFIX, ProjectBucket, ProjectKey, ProjectPipeline, roleInAnyAccount, type TargetStage, targetRoleNames, VpcBuildProject } from '../../src/sagemaker-projects';
import { environmentNetwork, environmentPackageMirror } from '../../src/sagemaker-projects';
import { acknowledgeWildcard, findingRef } from '../../src/secure';
import { SecureProductStack, type SecureProductStackProps, SHARED_GROUPS } from '../../src/secure';

export const SEED_DIRECTORY = path.join(__dirname, 'seed');

/** Pipeline stages, in order. */
export const DEPLOY_STAGES = ['Source', 'Build', 'DeployStaging', 'TestStaging', 'ApproveProduction', 'DeployProduction'] as const;

const MODEL = 'Model to deploy';

/** The Build stage's outputs: the endpoint template, and the template configuration of each stage. */
export const ENDPOINT_TEMPLATE_ARTIFACT = 'EndpointTemplate';
export const STAGE_PARAMETERS_ARTIFACT = 'StageParameters';

/** The output holding the sha256 of the endpoint template the pipeline deploys (as released templates name it). */
export const ENDPOINT_TEMPLATE_SHA256_OUTPUT = 'EndpointTemplateSha256';

export class SageMakerProjectDeployProduct extends SecureProductStack {
  /** The SSM parameters its template reads (a test checks this against the template). */
  public static readonly ssmParameters = contract.ssmParameters;

  /** It carries the endpoint product's template (endpoint-template.ts), whose sha256 its output records. */
  public static readonly embeds: readonly EmbeddedTemplate[] = [{ productId: ENDPOINT_PRODUCT_ID, sha256Output: ENDPOINT_TEMPLATE_SHA256_OUTPUT }];

  /** Staging and production accounts to deploy to. */
  public static readonly catalogRequirements = contract.catalogRequirements;

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
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

    // The target accounts come from the catalog stack of this account (catalog facts), read at launch: an account
    // added to catalog.yaml reaches a project when it is updated, and no new version of this product is needed.
    const roles = targetRoleNames(this.context.catalogName);
    const accountsOf: Record<TargetStage, string[]> = {
      staging: this.catalogFacts.accounts('stagingAccounts'),
      prod: this.catalogFacts.accounts('prodAccounts'),
    };
    const inAccounts = (accounts: string[]) => ({ StringEquals: { 'aws:ResourceAccount': accounts } });

    // Only this account's roles use the bucket and key: the deploy step reads its inputs in the build.
    const key = new ProjectKey(this, 'Key', { description: 'Pipeline artifacts and builds of one SageMaker project (model deployment)' });
    const artifacts = new ProjectBucket(this, 'Artifacts', { bucketName: project.bucketName('deploy'), key });

    const template = endpointTemplate(this.context);
    const repository = addProjectRepository(this, {
      repositoryName: project.resourceName('sagemaker-', '-modeldeploy'),
      description: 'Model deployment of the SageMaker project: stage settings and the smoke test sample',
      seedDirectory: SEED_DIRECTORY,
      key,
    });

    const buildEnvironment = { ...environmentNetwork(this), key };
    const packageMirror = environmentPackageMirror(this);
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
      // 5.0.0: stage_parameters.py on boto3 too, installed from the environment's package mirror.
      packageMirror,
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
      // The AWS SDK for Python (boto3) from the environment's package mirror (data science environment 4.0.0).
      packageMirror,
      timeout: Duration.minutes(20),
      environmentVariables: { SAGEMAKER_PROJECT_ID: project.id },
    });
    smokeTest.allow(
      new iam.PolicyStatement({
        sid: 'AssumeTheStagingSmokeTestRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        // The role of that name in the staging accounts only: for sts:AssumeRole, aws:ResourceAccount is the
        // account owning the role (IAM User Guide, "AWS global condition context keys").
        resources: [roleInAnyAccount(roles.smokeTest)],
        conditions: inAccounts(accountsOf.staging),
      }),
    );

    // The deploy step: a build of this product (not CodePipeline's CloudFormation action, whose session
    // carries no project) assumes the target's deployment role with the project id as session tag, so
    // the target account binds the session to this project's stacks (model-deployment-baseline roles.ts).
    const deployBuild = new VpcBuildProject(this, 'Deploy', {
      ...buildEnvironment,
      projectName: project.resourceName('sagemaker-', '-modeldeploy-deploy'),
      description: "Deploys the endpoint stack of a stage as the target account's deployment role, tagged with the project",
      roleName: deployProjectRoleName(project.id, DEPLOY_PROJECT_ROLES.deploy),
      buildSpec: { inline: deployBuildSpec(template, STAGE_PARAMETERS_ARTIFACT) },
      packageMirror,
      // The stack's own wait (deploy_stack.py) gives up after 80 minutes and says why.
      timeout: Duration.minutes(90),
      environmentVariables: { SAGEMAKER_PROJECT_ID: project.id },
    });
    deployBuild.allow(
      new iam.PolicyStatement({
        sid: 'AssumeTheTargetDeploymentRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [roleInAnyAccount(roles.deployment)],
        conditions: inAccounts(this.catalogFacts.accounts('deploymentTargetAccounts')),
      }),
    );

    // Stack names as the 1.0.0 and 2.0.0 CloudFormation actions named them, so an updated project keeps its stacks.
    const stackName = (stage: TargetStage) => project.resourceName('sagemaker-', ENDPOINT_STACK_SUFFIX[stage]);
    // One action per stage deploys to every account of that stage (deploy_stack.py, one after the other) and
    // exports the endpoint of each (`<account>:<endpoint name>,...`) for the smoke test.
    const deploy = (stage: TargetStage) =>
      deployBuild.action(`Deploy-${stage}`, {
        namespace: stage,
        inputArtifacts: [ENDPOINT_TEMPLATE_ARTIFACT, STAGE_PARAMETERS_ARTIFACT],
        // A JSON string: names go in through Fn::Sub (cfn-lint E3703).
        environmentVariables: Fn.sub(
          JSON.stringify([
            { name: 'DEPLOY_STAGE', value: stage, type: 'PLAINTEXT' },
            { name: 'STACK_NAME', value: '${StackName}', type: 'PLAINTEXT' },
            { name: 'TARGET_ACCOUNTS', value: '${Accounts}', type: 'PLAINTEXT' },
            { name: 'TARGET_ROLE_NAME', value: roles.deployment, type: 'PLAINTEXT' },
            { name: 'CLOUDFORMATION_ROLE_NAME', value: roles.cloudFormationExecution, type: 'PLAINTEXT' },
            { name: 'AWS_PARTITION', value: '${AWS::Partition}', type: 'PLAINTEXT' },
          ]),
          { StackName: stackName(stage), Accounts: Fn.join(',', accountsOf[stage]) },
        ),
      });
    const smokeTestAction = () =>
      smokeTest.action('SmokeTest-staging', {
        category: 'Test',
        // A JSON string: #{...} is a CodePipeline variable.
        environmentVariables: Fn.sub(
          JSON.stringify([
            { name: 'ENDPOINT_NAMES', value: `#{staging.${ENDPOINT_NAMES_VARIABLE}}`, type: 'PLAINTEXT' },
            { name: 'TARGET_ACCOUNTS', value: '${Accounts}', type: 'PLAINTEXT' },
            { name: 'TARGET_ROLE_NAME', value: roles.smokeTest, type: 'PLAINTEXT' },
            { name: 'AWS_PARTITION', value: '${AWS::Partition}', type: 'PLAINTEXT' },
          ]),
          { Accounts: Fn.join(',', accountsOf.staging) },
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
      { name: 'DeployStaging', actions: [deploy('staging')] },
      { name: 'TestStaging', actions: [smokeTestAction()] },
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
      { name: 'DeployProduction', actions: [deploy('prod')] },
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
    // Builds reach the bucket through the environment's S3 endpoint; CodePipeline comes from outside it.
    artifacts.restrictToNetwork(this.shared.value('s3EndpointId', SHARED_GROUPS.network).valueAsString, [pipeline.role.roleArn]);
    // The pipeline runs the builds and acts in no other account.
    pipeline.allow(
      new iam.PolicyStatement({
        sid: 'RunTheBuilds',
        actions: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
        resources: [templateBuild.projectArn, build.projectArn, deployBuild.projectArn, smokeTest.projectArn],
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
    for (const role of [roles.deployment, roles.smokeTest]) {
      acknowledgeWildcard(this, `arn:<AWS::Partition>:iam::*:role/${role}`,
        'The one role of this name in the catalog\'s target accounts only (aws:ResourceAccount: the catalog stack\'s list, read ' +
          'at launch); the account list is a parameter, so it cannot be spelt out in ARNs.');
    }
    acknowledgeWildcard(
      build.role,
      '*',
      'Only EC2 Describe* for VPC placement, sagemaker:ListModelPackages (no resource ARN) and sts:GetServiceBearerToken for ' +
        'codeartifact.amazonaws.com only (no resource ARN).',
    );

    new CfnOutput(this, 'PipelineName', { value: project.resourceName('sagemaker-', '-modeldeploy'), description: 'CodePipeline deploying approved models' });
    new CfnOutput(this, ENDPOINT_TEMPLATE_SHA256_OUTPUT, { value: template.sha256, description: 'sha256 of the endpoint template the pipeline deploys' });
  }
}
