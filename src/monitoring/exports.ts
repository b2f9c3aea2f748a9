/**
 * What the monitoring publishes for other products, next to the environment's
 * own contract: `/<ssmPrefix>/<environment name>/monitoring/<key>`. A product
 * that wants to raise its own security alerts reads the topic from here (its
 * publisher must still be EventBridge, Config or CloudWatch).
 */
import { Fn } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

export const MONITORING_CONTRACT = {
  alertsTopicArn: { key: 'monitoring/alerts-topic-arn', label: 'Security alerts topic' },
  alertsKeyArn: { key: 'monitoring/alerts-key-arn', label: 'KMS key of the security alerts topic' },
  auditBucketName: { key: 'monitoring/audit-bucket-name', label: 'Audit bucket (CloudTrail and AWS Config records)' },
} as const;

export type MonitoringContractKey = keyof typeof MONITORING_CONTRACT;

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
