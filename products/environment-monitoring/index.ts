/**
 * Environment monitoring of a data science environment: launched by the team
 * administrator next to products/data-science-environment, reading the values
 * it watches from the SSM parameters that environment publishes (the shared
 * parameters' defaults). The controls themselves: monitoring-product.ts.
 */
import { Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import * as contract from './contract';
import { MonitoringProduct } from '../../src/monitoring';
import type { SecureProductStackProps } from '../../src/secure';
import { SHARED_GROUPS } from '../../src/secure';

export { CONFIG_CONTROLS } from '../../src/monitoring';
export { EVENT_CONTROLS } from '../../src/monitoring';
export { REMEDIATIONS } from '../../src/monitoring';
export { MONITORING_CONTRACT } from '../../src/monitoring';
export type { WatchedEnvironment } from '../../src/monitoring';

/** Watches a data science environment (products/data-science-environment). */
export class EnvironmentMonitoringProduct extends MonitoringProduct {
  /** The SSM parameters its template reads (a test checks this against the template). */
  public static readonly ssmParameters = contract.ssmParameters;

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props, (stack) => {
      const { shared } = stack;
      const value = (key: Parameters<typeof shared.value>[0], group: string) => shared.value(key, group).valueAsString;
      return {
        environmentName: shared.environmentName,
        subnetIds: shared.privateSubnetIds,
        // The environment publishes one group: its SageMaker workloads' (a list type for the products that attach it).
        securityGroupId: Fn.select(0, shared.securityGroupIds),
        s3EndpointId: value('s3EndpointId', SHARED_GROUPS.network),
        vpcId: shared.vpcId,
        productId: WATCHED_PRODUCT,
        keyArns: { data: shared.dataKeyArn, volume: shared.volumeKeyArn, logs: shared.logsKeyArn },
        buckets: {
          Data: value('dataBucketName', SHARED_GROUPS.storage),
          Models: value('modelsBucketName', SHARED_GROUPS.storage),
        },
        guardedRoleArns: {
          SageMakerExecution: value('sageMakerExecutionRoleArn', GUARDED_ROLES),
          PipelineExecution: value('pipelineExecutionRoleArn', GUARDED_ROLES),
          ModelExecution: value('modelExecutionRoleArn', GUARDED_ROLES),
          DataScientist: value('dataScientistRoleArn', GUARDED_ROLES),
          TeamAdmin: value('teamAdminRoleArn', GUARDED_ROLES),
        },
        studioDomainId: value('studioDomainId', SHARED_GROUPS.environment),
      };
    });
  }
}

const GUARDED_ROLES = 'Roles (from the data science environment)';

/** The data science environment's id in catalog.yaml (the `sc-factory:product` tag of its resources). */
export const WATCHED_PRODUCT = 'data-science-environment';
