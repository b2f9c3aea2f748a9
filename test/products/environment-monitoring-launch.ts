/**
 * One launch of the environment monitoring for tests: the values the data
 * science environment `ds-team` publishes in account 111111111111, eu-west-1
 * (the same identifiers as the sample events in test/fixtures/cloudtrail-events).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { EnvironmentMonitoringProduct } from '../../products/environment-monitoring';
import { FIXTURES, synthProduct, type SynthesizedProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const OTHER_ACCOUNT = '999999999999';

const key = (n: number) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${String(n).repeat(8)}-${String(n).repeat(4)}-4${String(n).repeat(3)}-8${String(n).repeat(3)}-${String(n).repeat(12)}`;

/** What the environment publishes (SSM values), by the monitoring's parameter names. */
export const PUBLISHED = {
  EnvironmentNameParameter: 'ds-team',
  PrivateSubnetIdsParameter: 'subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002',
  SecurityGroupIdsParameter: 'sg-0123456789abcdef0',
  S3EndpointIdParameter: 'vpce-0a1b2c3d4e5f67890',
  VpcIdParameter: 'vpc-0a1b2c3d4e5f60000',
  DataKeyArnParameter: key(1),
  VolumeKeyArnParameter: key(2),
  LogsKeyArnParameter: key(3),
  DataBucketNameParameter: 'ds-team-data-bucket-1a2b3c',
  ModelsBucketNameParameter: 'ds-team-models-bucket-4d5e6f',
  AccessLogsBucketNameParameter: 'ds-team-access-logs-7a8b9c',
  SageMakerExecutionRoleArnParameter: `arn:aws:iam::${ACCOUNT}:role/ds-team-studio-execution`,
  PipelineExecutionRoleArnParameter: `arn:aws:iam::${ACCOUNT}:role/ds-team-pipeline-execution`,
  ModelExecutionRoleArnParameter: `arn:aws:iam::${ACCOUNT}:role/ds-team-model-execution`,
  DataScientistRoleArnParameter: `arn:aws:iam::${ACCOUNT}:role/ds-team-data-scientist`,
  TeamAdminRoleArnParameter: `arn:aws:iam::${ACCOUNT}:role/ds-team-team-admin`,
  StudioDomainIdParameter: 'd-abcdefgh1234',
} as const;

/** Another environment's resources in the same account: nothing may watch or repair these. */
export const OTHERS = {
  bucket: 'other-team-data-bucket-0f0f0f',
  securityGroupId: 'sg-0fedcba9876543210',
  s3EndpointId: 'vpce-0fedcba9876543210',
  vpcId: 'vpc-0fedcba9876543210',
  keyArn: key(9),
  roleName: 'other-team-studio-execution',
  domainId: 'd-zyxwvuts9876',
} as const;

/** An interface endpoint of the environment's VPC: the environment does not publish its id. */
export const INTERFACE_ENDPOINT_ID = 'vpce-0c1d2e3f4a5b6c7d8';

export const LAUNCH_PARAMETERS: Record<string, string> = { ...PUBLISHED, AlertEmails: 'alerts@example.com' };

export interface MonitoringLaunch {
  readonly product: SynthesizedProduct;
  readonly stack: EnvironmentMonitoringProduct;
  readonly launch: ResolvedTemplate;
  /** The logical id of a construct (or its default child). */
  readonly id: (construct: IConstruct) => string;
}

export function launchMonitoring(parameters: Record<string, string> = {}): MonitoringLaunch {
  const product = synthProduct(EnvironmentMonitoringProduct, 'environment-monitoring');
  return {
    product,
    stack: product.stack as EnvironmentMonitoringProduct,
    launch: new ResolvedTemplate(product.json, { accountId: ACCOUNT, region: REGION, parameters: { ...LAUNCH_PARAMETERS, ...parameters } }),
    id: (construct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement),
  };
}

/** A sample event of test/fixtures/cloudtrail-events. */
export function sampleEvent(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'cloudtrail-events', `${name}.json`), 'utf8'));
}

export const SAMPLE_EVENTS = fs
  .readdirSync(path.join(FIXTURES, 'cloudtrail-events'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));
