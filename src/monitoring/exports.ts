/**
 * What the monitoring publishes for other products, next to the environment's
 * own contract: `/<ssmPrefix>/<environment name>/monitoring/<key>`. A product
 * that wants to raise its own security alerts reads the topic from here (its
 * publisher must still be EventBridge, Config or CloudWatch).
 */
import { Fn } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { MONITORING_CONTRACT, type MonitoringContractKey } from '../model/monitoring-contract';

// In the model, so the monitoring products' contracts (contract.ts) can name the keys without loading aws-cdk-lib.
export { MONITORING_CONTRACT, type MonitoringContractKey } from '../model/monitoring-contract';

export class MonitoringExports extends Construct {
  constructor(scope: Construct, id: string, props: { readonly path: string; readonly values: Record<MonitoringContractKey, string> }) {
    super(scope, id);
    for (const key of Object.keys(MONITORING_CONTRACT) as MonitoringContractKey[]) {
      const entry = MONITORING_CONTRACT[key];
      new ssm.CfnParameter(this, key.charAt(0).toUpperCase() + key.slice(1), {
        name: Fn.join('/', [props.path, entry.key]),
        type: 'String',
        value: props.values[key],
        description: `${entry.label} of the environment monitoring`,
      });
    }
  }
}
