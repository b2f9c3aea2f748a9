/**
 * The build & train starter code against the environment's preventive
 * guardrails, both ways: the pipeline definition the SageMaker Python SDK
 * writes for a launched environment (its subnets, security group and keys, the
 * pipeline execution role) is turned into the requests SageMaker Pipelines makes
 * for its jobs, with the condition keys SageMaker puts in them, and evaluated by
 * IAM policy simulation against the environment's pipeline execution role. Every
 * job step is allowed as written; with any one of its network or encryption
 * settings removed from the definition, it is denied.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DataScienceEnvironmentProduct } from '../../products/data-science-environment';
import { SEED_DIRECTORY } from '../../products/sagemaker-project-build-train';
import { loadCatalog } from '../../src/manifest';
import { pythonTool } from '../../src/secure/python-tools';
import { catalogRoot, synthProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';
import { type CannotCase, describeRoleTable, type RoleCase, roleUnderTest } from '../secure/policy-simulation';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

const product = synthProduct(DataScienceEnvironmentProduct, 'data-science-environment', loadCatalog(catalogRoot('data-science-environment')));
const dse = product.stack as DataScienceEnvironmentProduct;
const id = (construct: IConstruct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const launch = new ResolvedTemplate(product.json, { accountId: ACCOUNT, region: REGION });
const pipelineRole = id(dse.identity.roles.pipelineExecution.node.defaultChild as IConstruct);

/** The definition the seed's SDK code writes for this launch (what the project's build submits). */
function definitionForLaunch(): any {
  const environment = {
    AWS_REGION: REGION,
    SAGEMAKER_PROJECT_NAME: 'churn',
    SAGEMAKER_PROJECT_ID: 'p-abc123def456',
    SAGEMAKER_PIPELINE_NAME: 'churn-p-abc123def456',
    SAGEMAKER_PIPELINE_ROLE_ARN: launch.getAtt(pipelineRole, 'Arn'),
    ARTIFACT_BUCKET: `sagemaker-project-p-abc123def456-build-${ACCOUNT}`,
    MODEL_PACKAGE_GROUP_NAME: 'churn-p-abc123def456',
    // A project's own key: a key of this account and region.
    PROJECT_KMS_KEY_ARN: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f0e0d0c-0b0a-0908-0706-050403020100`,
    VOLUME_KMS_KEY_ARN: launch.getAtt(id(dse.keys.volume), 'Arn'),
    SUBNET_IDS: launch.properties(id(dse.exports.parameters.get('privateSubnetIds')!)).Value,
    SECURITY_GROUP_IDS: launch.getAtt(id(dse.network.sageMakerSecurityGroup), 'GroupId'),
    CODEBUILD_RESOLVED_SOURCE_VERSION: '0123456789abcdef',
  };
  // To a file: the SDK logs to stdout.
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'definition-')), 'definition.json');
  const result = spawnSync(
    pythonTool('python'),
    [
      '-B',
      '-c',
      'import json, sys; from pipelines.definition import ProjectSettings, pipeline_definition; ' +
        'json.dump(pipeline_definition(ProjectSettings.from_environment()), open(sys.argv[1], "w"))',
      output,
    ],
    {
      cwd: SEED_DIRECTORY,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...environment, AWS_EC2_METADATA_DISABLED: 'true', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', PYTHONDONTWRITEBYTECODE: '1', SAGEMAKER_SUPPRESS_V2_WARNING: '1' },
      timeout: 120_000,
    },
  );
  if (result.status !== 0) throw new Error(`the seed's definition failed: ${result.stderr.slice(-3000)}`);
  return JSON.parse(fs.readFileSync(output, 'utf8'));
}

/** The condition keys SageMaker puts in CreateTrainingJob / CreateProcessingJob for a step's arguments (absent setting, absent key). */
function requestContext(step: any): Record<string, string | string[]> {
  const a = step.Arguments;
  const training = step.Type === 'Training';
  const vpc = training ? a.VpcConfig : a.NetworkConfig?.VpcConfig;
  const values: Record<string, unknown> = {
    'sagemaker:VpcSubnets': vpc?.Subnets,
    'sagemaker:VpcSecurityGroupIds': vpc?.SecurityGroupIds,
    'sagemaker:VolumeKmsKeyArn': training ? a.ResourceConfig?.VolumeKmsKeyId : a.ProcessingResources?.ClusterConfig?.VolumeKmsKeyId,
    'sagemaker:OutputKmsKeyArn': training ? a.OutputDataConfig?.KmsKeyId : a.ProcessingOutputConfig?.KmsKeyId,
    'sagemaker:InterContainerTrafficEncryption': training ? a.EnableInterContainerTrafficEncryption : a.NetworkConfig?.EnableInterContainerTrafficEncryption,
    'sagemaker:NetworkIsolation': training ? a.EnableNetworkIsolation : a.NetworkConfig?.EnableNetworkIsolation,
  };
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v : String(v)]),
  ) as Record<string, string | string[]>;
}

/** Where each setting lives in a step's arguments, to remove it. */
const SETTINGS: Record<string, { training: string[]; processing: string[] }> = {
  'subnets': { training: ['VpcConfig', 'Subnets'], processing: ['NetworkConfig', 'VpcConfig', 'Subnets'] },
  'security groups': { training: ['VpcConfig', 'SecurityGroupIds'], processing: ['NetworkConfig', 'VpcConfig', 'SecurityGroupIds'] },
  'volume key': { training: ['ResourceConfig', 'VolumeKmsKeyId'], processing: ['ProcessingResources', 'ClusterConfig', 'VolumeKmsKeyId'] },
  'output key': { training: ['OutputDataConfig', 'KmsKeyId'], processing: ['ProcessingOutputConfig', 'KmsKeyId'] },
  'inter-container traffic encryption': { training: ['EnableInterContainerTrafficEncryption'], processing: ['NetworkConfig', 'EnableInterContainerTrafficEncryption'] },
  'network isolation': { training: ['EnableNetworkIsolation'], processing: ['NetworkConfig', 'EnableNetworkIsolation'] },
};

function without(step: any, setting: string): any {
  const copy = JSON.parse(JSON.stringify(step));
  const pathTo = SETTINGS[setting][copy.Type === 'Training' ? 'training' : 'processing'];
  let holder = copy.Arguments;
  for (const key of pathTo.slice(0, -1)) holder = holder[key];
  const last = pathTo[pathTo.length - 1];
  if (!(last in holder)) throw new Error(`step ${copy.Name} has no ${pathTo.join('.')}`);
  delete holder[last];
  return copy;
}

const definition = definitionForLaunch();
const jobSteps: any[] = definition.Steps.filter((s: any) => s.Type === 'Training' || s.Type === 'Processing');
const request = (step: any) => ({
  action: step.Type === 'Training' ? 'sagemaker:CreateTrainingJob' : 'sagemaker:CreateProcessingJob',
  resource: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${step.Type === 'Training' ? 'training-job' : 'processing-job'}/pipelines-abc123-${step.Name.toLowerCase()}`,
});
// SageMaker Pipelines starts the steps with the pipeline execution role from its own network.
const FROM_SAGEMAKER = { 'aws:SourceIp': '52.94.1.1' };

const can: RoleCase[] = jobSteps.map((step) => ({
  name: `start the ${step.Name} step as the SDK wrote it`,
  ...request(step),
  context: { ...FROM_SAGEMAKER, ...requestContext(step) },
}));
const cannot: CannotCase[] = jobSteps.flatMap((step) =>
  Object.keys(SETTINGS).map((setting) => ({
    name: `start the ${step.Name} step without its ${setting}`,
    ...request(step),
    context: { ...FROM_SAGEMAKER, ...requestContext(without(step, setting)) },
  })),
);

describe('build & train starter code (SageMaker Python SDK) against the environment guardrails', () => {
  test('the definition has the three job steps, each with every setting the guardrails look at', () => {
    expect(jobSteps.map((s) => [s.Name, s.Type])).toEqual([
      ['Preprocess', 'Processing'],
      ['Train', 'Training'],
      ['Evaluate', 'Processing'],
    ]);
    for (const step of jobSteps) expect(Object.keys(requestContext(step)).sort()).toHaveLength(Object.keys(SETTINGS).length);
  });

  describeRoleTable('pipeline execution role, starting the steps the SDK defined', () => roleUnderTest(launch, pipelineRole), { can, cannot });
});
