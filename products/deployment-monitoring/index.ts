/**
 * Deployment monitoring: the detective and responsive controls of a staging or
 * production account, launched by the platform team next to
 * products/model-deployment-baseline. The same controls as the data science
 * environment's monitoring (products/environment-monitoring), reading what the
 * baseline publishes: its network, keys and models (data capture) bucket, and
 * the model execution, deployment and CloudFormation roles under the names the
 * catalog gives them. The baseline has no data bucket and no Studio domain, so
 * their rules are not created.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import * as contract from './contract';
import { MonitoringProduct } from '../../src/monitoring';
import { targetRoleNames } from '../../src/sagemaker-projects';
import type { SecureProductStackProps } from '../../src/secure';
import { SHARED_GROUPS } from '../../src/secure';

/** The baseline's id in catalog.yaml (the `sc-factory:product` tag of its resources). */
export const WATCHED_PRODUCT = 'model-deployment-baseline';

export class DeploymentMonitoringProduct extends MonitoringProduct {
  /** The SSM parameters its template reads (a test checks this against the template). */
  public static readonly ssmParameters = contract.ssmParameters;

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props, (stack) => {
      const { shared } = stack;
      const names = targetRoleNames(stack.context.catalogName);
      const roleArn = (name: string) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`;
      return {
        environmentName: shared.environmentName,
        subnetIds: shared.privateSubnetIds,
        // The baseline publishes one group: its endpoints'.
        securityGroupId: Fn.select(0, shared.securityGroupIds),
        s3EndpointId: shared.value('s3EndpointId', SHARED_GROUPS.network).valueAsString,
        vpcId: shared.vpcId,
        productId: WATCHED_PRODUCT,
        keyArns: { data: shared.dataKeyArn, volume: shared.volumeKeyArn, logs: shared.logsKeyArn },
        buckets: { Models: shared.value('modelsBucketName', SHARED_GROUPS.storage).valueAsString },
        guardedRoleArns: {
          ModelExecution: roleArn(names.modelExecution),
          Deployment: roleArn(names.deployment),
          CloudFormationExecution: roleArn(names.cloudFormationExecution),
        },
      };
    });
  }
}
