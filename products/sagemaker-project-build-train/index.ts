/**
 * SageMaker project template "model build & train": what a data scientist gets
 * when creating a project from Studio.
 *
 *   CodeCommit repository (seeded with seed/: a SageMaker pipeline preprocess ->
 *   train -> evaluate -> register, with its own tests)
 *     --push to main (EventBridge)--> CodePipeline: Source -> Build
 *       Build = CodeBuild in the environment's VPC: tests, then creates/updates and
 *       runs the SageMaker pipeline (jobs in the VPC, volumes and outputs encrypted)
 *         --> model package group (versions PendingManualApproval)
 *
 * Artifacts live in a bucket of the project, encrypted with a key of the
 * project; the staging and production accounts' model roles (by name, in the
 * accounts the catalog stack of this account lists: catalog facts, read at
 * launch) may read the trained models and describe the model package group, so
 * the deploy project can deploy an approved version there.
 */
import * as path from 'node:path';
import { Aws, CfnOutput, Duration, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';
import * as contract from './contract';
import { addProjectRepository, addSageMakerProjectParameters, type CatalogAccountRoles, environmentNetwork, environmentPackageMirror, ProjectBucket, ProjectKey, ProjectPipeline, roleInAnyAccount, targetRoleNames, VpcBuildProject } from '../../src/sagemaker-projects';
import { acknowledgeWildcard, findingArn, findingRef } from '../../src/secure';
import { SecureProductStack, type SecureProductStackProps, SHARED_GROUPS } from '../../src/secure';

/** The starter code the repository is seeded with. */
export const SEED_DIRECTORY = path.join(__dirname, 'seed');

/** Where the training step writes models: the only prefix the target accounts may read. */
export const MODELS_PREFIX = 'models/';

export class SageMakerProjectBuildTrainProduct extends SecureProductStack {
  /** The SSM parameters its template reads (a test checks this against the template). */
  public static readonly ssmParameters = contract.ssmParameters;

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    const project = addSageMakerProjectParameters(this);
    const pipelineRoleArn = this.shared.value('pipelineExecutionRoleArn', SHARED_GROUPS.environment).valueAsString;

    // Who deploys this project's models: the catalog's staging and production accounts, read at launch from the
    // catalog stack of this account (catalog facts), by the role names the deployment baseline gives them.
    const roles = targetRoleNames(this.context.catalogName);
    const targets = {
      accounts: this.catalogFacts.accounts('deploymentTargetAccounts'),
      given: this.catalogFacts.hasAccounts('deploymentTargetAccounts'),
    };
    const modelReaders: CatalogAccountRoles = { ...targets, roleName: roles.modelExecution };
    const endpointCreators: CatalogAccountRoles = { ...targets, roleName: roles.cloudFormationExecution };

    const key = new ProjectKey(this, 'Key', { description: 'Artifacts, models and builds of one SageMaker project (model build)' });
    key.allowUseThroughS3('PipelineJobsUseProjectArtifacts', pipelineRoleArn);
    key.allowDecryptThroughS3ByCatalogRoles('TargetModelRolesReadModels', modelReaders);

    const artifacts = new ProjectBucket(this, 'Artifacts', { bucketName: project.bucketName('build'), key });
    artifacts.allowReadWrite('PipelineJobsUseProjectArtifacts', pipelineRoleArn);
    artifacts.allowReadByCatalogRoles('TargetModelRolesReadModels', modelReaders, MODELS_PREFIX);

    const repository = addProjectRepository(this, {
      repositoryName: project.resourceName('sagemaker-', '-modelbuild'),
      description: 'Model build code of the SageMaker project: pipeline definition, processing scripts, tests',
      seedDirectory: SEED_DIRECTORY,
      key,
    });

    const groupName = project.resourceName('');
    const modelPackageGroup = new sagemaker.CfnModelPackageGroup(this, 'ModelPackageGroup', {
      modelPackageGroupName: groupName,
      modelPackageGroupDescription: 'Models trained by the SageMaker project; approve a version to deploy it',
      // Only when the catalog has staging or production accounts (a principal must be an account).
      modelPackageGroupPolicy: Fn.conditionIf(endpointCreators.given.logicalId, modelPackageGroupPolicy(groupName, endpointCreators), Aws.NO_VALUE),
    });

    const pipelineName = project.resourceName('sagemaker-', '-modelbuild');
    const sagemakerPipelineName = project.resourceName('');
    const build = new VpcBuildProject(this, 'Build', {
      projectName: pipelineName,
      description: 'Tests the starter code, then creates or updates and runs the SageMaker pipeline of the project',
      key,
      ...environmentNetwork(this),
      // The build waits for the SageMaker pipeline (training included).
      timeout: Duration.hours(4),
      // 3.0.0: the starter code's requirements come from the environment's package mirror.
      packageMirror: environmentPackageMirror(this),
      environmentVariables: {
        SAGEMAKER_PROJECT_NAME: project.name,
        SAGEMAKER_PROJECT_ID: project.id,
        SAGEMAKER_PIPELINE_NAME: sagemakerPipelineName,
        SAGEMAKER_PIPELINE_ROLE_ARN: pipelineRoleArn,
        ARTIFACT_BUCKET: artifacts.bucket.bucketName,
        MODEL_PACKAGE_GROUP_NAME: groupName,
        PROJECT_KMS_KEY_ARN: key.keyArn,
        VOLUME_KMS_KEY_ARN: this.shared.volumeKeyArn,
        SUBNET_IDS: Fn.join(',', this.shared.privateSubnetIds),
        SECURITY_GROUP_IDS: Fn.join(',', this.shared.securityGroupIds),
      },
    });
    // SageMaker writes names in ARNs in lowercase; the project id is lowercase by its
    // parameter's pattern, the project name may not be: match on '*-<id>'.
    const sagemakerArn = (resource: string) => `arn:${this.partition}:sagemaker:${this.region}:${this.account}:${resource}`;
    build.allow(
      artifacts.readWriteStatement(),
      new iam.PolicyStatement({
        sid: 'ManageTheProjectPipeline',
        // The seed's runner (5.0.0: the SDK's Pipeline.upsert, which calls CreatePipeline with the project tags,
        // and for an existing pipeline UpdatePipeline, ListTags and AddTags; Pipeline.start; the execution's
        // describe() and list_steps()). DescribePipeline: runners seeded by earlier versions (AWS CLI) call it,
        // and a repository keeps its code when its project is updated to a newer version.
        actions: [
          'sagemaker:CreatePipeline',
          'sagemaker:UpdatePipeline',
          'sagemaker:DescribePipeline',
          'sagemaker:StartPipelineExecution',
          'sagemaker:DescribePipelineExecution',
          'sagemaker:ListPipelineExecutionSteps',
          'sagemaker:AddTags',
          'sagemaker:ListTags',
        ],
        resources: [sagemakerArn(`pipeline/*-${project.id}`), sagemakerArn(`pipeline/*-${project.id}/execution/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'PassThePipelineExecutionRole',
        actions: ['iam:PassRole'],
        resources: [pipelineRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    );

    const pipeline = new ProjectPipeline(this, 'Pipeline', {
      pipelineName,
      description: 'Runs the model build of the SageMaker project on every push to main',
      artifactBucket: artifacts.bucket,
      key,
      repository,
      stages: [{ name: 'Build', actions: [build.action('RunSageMakerPipeline')] }],
    });
    pipeline.allow(
      new iam.PolicyStatement({
        sid: 'RunTheBuild',
        actions: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
        resources: [build.projectArn],
      }),
    );
    pipeline.startOnPush('the model build pipeline of the SageMaker project on a push to main');

    // Studio users clone and push the repository (CodeCommit uses the project key for them).
    key.allowGitThroughCodeCommit([this.shared.value('sageMakerExecutionRoleArn', SHARED_GROUPS.environment).valueAsString]);
    // Builds and SageMaker jobs reach the bucket through the environment's S3 endpoint. From outside it:
    // CodePipeline, the target accounts' model roles (SageMaker hosting there), and the environment's
    // pipeline execution role, as which SageMaker Pipelines itself reads step outputs (the evaluation
    // report of the quality gate) and registers models, from the service's own network.
    artifacts.restrictToNetwork(
      this.shared.value('s3EndpointId', SHARED_GROUPS.network).valueAsString,
      [pipeline.role.roleArn, pipelineRoleArn],
      modelReaders,
    );

    // Accepted rule-pack findings of this product (the kit's constructs name their own).
    acknowledgeWildcard(
      this,
      `${findingRef(artifacts.bucket, 'Arn')}/*`,
      "Objects of the project's own artifact bucket: pipeline artifacts, step scripts and SageMaker outputs, keyed by commit and execution at run time.",
    );
    for (const resource of ['pipeline/*-<SageMakerProjectId>', 'pipeline/*-<SageMakerProjectId>/execution/*']) {
      acknowledgeWildcard(
        this,
        findingArn('sagemaker', resource),
        "This project's SageMaker pipeline and its executions only: '*' stands for the project name, which SageMaker " +
          'lowercases in ARNs (CloudFormation cannot); the project id that follows is unique and lowercase.',
      );
    }

    new CfnOutput(this, 'ModelPackageGroupName', { value: groupName, description: 'Give it to the deploy project' });
    new CfnOutput(this, 'PipelineName', { value: pipelineName, description: 'CodePipeline running the model build' });
    new CfnOutput(this, 'ArtifactBucket', { value: artifacts.bucket.bucketName, description: 'Pipeline artifacts and trained models' });
  }
}

/**
 * Target accounts' CloudFormation execution roles, by name, may see this group's
 * versions: creating a model from a model package in another account needs them.
 */
function modelPackageGroupPolicy(groupName: string, principals: CatalogAccountRoles) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TargetAccountsDeployApprovedVersions',
        Effect: 'Allow',
        Principal: { AWS: principals.accounts },
        Condition: { ArnLike: { 'aws:PrincipalArn': roleInAnyAccount(principals.roleName) } },
        Action: ['sagemaker:DescribeModelPackageGroup', 'sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'],
        Resource: [
          Fn.sub('arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:model-package-group/${Group}', { Group: groupName }),
          Fn.sub('arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:model-package/${Group}/*', { Group: groupName }),
        ],
      },
    ],
  };
}
