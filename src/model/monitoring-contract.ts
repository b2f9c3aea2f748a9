/**
 * What the monitoring products publish for other products, next to the
 * environment's own contract: `/<ssmPrefix>/<environment name>/monitoring/<key>`
 * (written by src/monitoring/exports.ts).
 */
export const MONITORING_CONTRACT = {
  alertsTopicArn: { key: 'monitoring/alerts-topic-arn', label: 'Security alerts topic' },
  alertsKeyArn: { key: 'monitoring/alerts-key-arn', label: 'KMS key of the security alerts topic' },
  auditBucketName: { key: 'monitoring/audit-bucket-name', label: 'Audit bucket (CloudTrail and AWS Config records)' },
} as const;

export type MonitoringContractKey = keyof typeof MONITORING_CONTRACT;
