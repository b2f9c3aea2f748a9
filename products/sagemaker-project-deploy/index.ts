/**
 * SageMaker project template "model deployment to staging and production".
 *
 *   model package version approved (EventBridge) -- or a push to main -->
 *   CodePipeline: Source -> Build -> DeployStaging -> TestStaging -> ApproveProduction -> DeployProduction
 *
 * - Build (CodeBuild in the VPC): newest approved version + per-stage template
 *   configurations; the endpoint template is the sagemaker-endpoint product's
 *   (endpoint-template.ts), checked by sha256.
 * - Deploy actions run in the staging and production accounts of catalog.yaml (by
 *   stage, never typed by the user), as those accounts' deployment role, with
 *   their CloudFormation role: the endpoint lands in their private VPC with their
 *   keys and model role (model-deployment-baseline).
 * - The smoke test (CodeBuild in the VPC) invokes the staging endpoint as the
 *   staging deployment role; production waits for a manual approval.
 *
 * Cross-account access is by name: the artifact bucket and the project key admit
 * only the target accounts' deployment roles; the pipeline and smoke-test roles
 * may assume only those roles.
 */
import * as path from 'node:path';
import { CfnOutput, Duration, Fn, Validations } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { endpointTemplate, seedWithEndpointTemplate } from './endpoint-template';
import type { Account } from '../../src/manifest/model';
import {
  addProjectRepository,
  addSageMakerProjectParameters,
  deploymentTargets,
  deployProjectRoleName,
  ENDPOINT_STACK_SUFFIX,
  environmentNetwork,
  ProjectBucket,
  ProjectKey,
  ProjectPipeline,
  roleArnIn,
  type TargetStage,
  targetRoleNames,
  VpcBuildProject,
} from '../../src/sagemaker-projects';
import { acknowledgeWildcard, findingRef } from '../../src/sagemaker-projects/acknowledgements';
import { SecureProductStack, type SecureProductStackProps } from '../../src/secure/secure-product-stack';

export const SEED_DIRECTORY = path.join(__dirname, 'seed');

/** Pipeline stages, in order. */
export const DEPLOY_STAGES = ['Source', 'Build', 'DeployStaging', 'TestStaging', 'ApproveProduction', 'DeployProduction'] as const;

const MODEL = 'Model to deploy';

export class SageMakerProjectDeployProduct extends SecureProductStack {
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
    const cloudFormationRole = (account: Account) => roleArnIn(account, roles.cloudFormationExecution);
    const allTargets = [...targets.staging, ...targets.prod];

    const key = new ProjectKey(this, 'Key', { description: 'Pipeline artifacts and builds of one SageMaker project (model deployment)' });
    key.allowDecryptThroughS3('TargetDeploymentRolesReadArtifacts', allTargets.map(deploymentRole));
    const artifacts = new ProjectBucket(this, 'Artifacts', { bucketName: project.bucketName('deploy'), key });
    artifacts.allowRead('TargetDeploymentRolesReadArtifacts', allTargets.map(deploymentRole));

    const template = endpointTemplate(this.context);
    const seed = seedWithEndpointTemplate(SEED_DIRECTORY, template);
    const repository = addProjectRepository(this, {
      repositoryName: project.resourceName('sagemaker-', '-modeldeploy'),
      description: 'Model deployment of the SageMaker project: stage settings, build and smoke test, the endpoint template',
      seedDirectory: seed.directory,
      key,
    });
    seed.dispose(); // staged into the assembly as a byte-stable zip already

    const buildEnvironment = { ...environmentNetwork(this), key };
    const build = new VpcBuildProject(this, 'Build', {
      ...buildEnvironment,
      projectName: project.resourceName('sagemaker-', '-modeldeploy-build'),
      description: 'Finds the newest approved model version and writes the staging and production endpoint configurations',
      buildSpecFile: 'buildspec-build.yml',
      environmentVariables: {
        SAGEMAKER_PROJECT_NAME: project.name,
        SAGEMAKER_PROJECT_ID: project.id,
        MODEL_PACKAGE_GROUP_NAME: groupName,
        ENDPOINT_TEMPLATE_SHA256: template.sha256,
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

    const smokeTestRoleName = deployProjectRoleName(project.id, 'smoke-test');
    const smokeTest = new VpcBuildProject(this, 'SmokeTest', {
      ...buildEnvironment,
      projectName: project.resourceName('sagemaker-', '-modeldeploy-smoke-test'),
      description: 'Invokes the staging endpoint as the staging deployment role and checks its answers',
      roleName: smokeTestRoleName,
      buildSpecFile: 'buildspec-smoke-test.yml',
      timeout: Duration.minutes(20),
      environmentVariables: { SAGEMAKER_PROJECT_ID: project.id },
    });
    smokeTest.allow(
      new iam.PolicyStatement({
        sid: 'AssumeTheStagingDeploymentRoles',
        actions: ['sts:AssumeRole'],
        resources: targets.staging.map(deploymentRole),
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
        TemplatePath: 'BuildOutput::endpoint/template.json',
        TemplateConfiguration: `BuildOutput::${stage}-config.json`,
        // ...which hands CloudFormation that account's CloudFormation role.
        RoleArn: cloudFormationRole(account),
      },
      inputArtifacts: [{ name: 'BuildOutput' }],
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
          { Role: deploymentRole(account) },
        ),
      });
    const stages: codepipeline.CfnPipeline.StageDeclarationProperty[] = [
      { name: 'Build', actions: [build.action('EndpointConfigurations', { outputArtifact: 'BuildOutput' })] },
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
      roleName: deployProjectRoleName(project.id, 'pipeline'),
      repository,
      stages,
    });
    pipeline.allow(
      new iam.PolicyStatement({
        sid: 'RunTheBuilds',
        actions: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
        resources: [build.projectArn, smokeTest.projectArn],
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
    Validations.of(pipeline.pipeline).acknowledge({
      id: 'cfn-lint::E3703',
      reason:
        "The deploy actions' role ARNs are arn:${AWS::Partition}:iam::<target account>:role/<name> joined with Fn::Join, " +
        'which cfn-lint cannot match against the IAM role ARN format (it prefers Fn::Sub); the ARNs are complete and ' +
        'name the target accounts\' deployment and CloudFormation roles.',
    });

    acknowledgeWildcard(
      this,
      `${findingRef(artifacts.bucket, 'Arn')}/*`,
      "Objects of the project's own artifact bucket: pipeline artifacts, keyed by execution at run time.",
    );
    acknowledgeWildcard(build.role, '*', 'Only EC2 Describe* for VPC placement and sagemaker:ListModelPackages, which take no resource ARN.');

    new CfnOutput(this, 'PipelineName', { value: project.resourceName('sagemaker-', '-modeldeploy'), description: 'CodePipeline deploying approved models' });
    new CfnOutput(this, 'EndpointTemplateSha256', { value: template.sha256, description: 'sha256 of endpoint/template.json' });
  }
}
