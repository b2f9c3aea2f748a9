/**
 * The audit records this product keeps: a bucket hardened like every bucket of
 * the catalog (kmsBucketProps, server access logs to the environment's logs
 * bucket by the secure defaults) under a key of this product, receiving
 *
 * - the CloudTrail trail (optional, on by default): S3 data events of the
 *   environment's buckets only, and write management events (so the event
 *   rules receive them, and IAM's global events reach this region's log group);
 *   also delivered to an encrypted log group, where metric filters count
 *   AccessDenied bursts on the environment's roles and buckets and guardrail
 *   changes made from any region;
 * - the AWS Config delivery channel, when this product creates the recorder.
 */
import { Aws, type CfnCondition, Fn } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ROLE_POLICY_EVENTS } from './event-rules';
import { bucketArnOf, roleNameOf, type WatchedEnvironment } from './watched';
import { CustomerManagedKeys, kmsBucketProps } from '../secure';

/** Error codes of a request an IAM or resource policy refused. */
export const ACCESS_DENIED_CODES = ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation'] as const;

export interface AuditTrailProps {
  readonly watched: WatchedEnvironment;
  readonly topicArn: string;
  /** Whether the trail (and its log group, filters and alarms) is created. */
  readonly createTrail: CfnCondition;
  /** AccessDenied calls in 5 minutes that raise the alarm. */
  readonly accessDeniedThreshold: number;
}

export class AuditTrail extends Construct {
  public readonly key: kms.CfnKey;
  public readonly bucket: s3.Bucket;
  public readonly trail: cloudtrail.CfnTrail;
  public readonly logGroup: logs.CfnLogGroup;
  public readonly trailName: string;
  public readonly accessDeniedFilter: logs.CfnMetricFilter;
  public readonly guardrailFilter: logs.CfnMetricFilter;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { watched } = props;
    this.trailName = Fn.join('-', [watched.environmentName, 'monitoring']);
    const trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${this.trailName}`;

    this.key = new CustomerManagedKeys(this, 'Keys').addKey('AuditKey', {
      description: Fn.sub('CloudTrail and AWS Config records of the monitoring of environment ${Name}', { Name: watched.environmentName }),
      viaServices: ['s3'],
    });
    // CloudTrail encrypts log files for this trail only.
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    (this.key.keyPolicy as iam.PolicyDocument).addStatements(
      new iam.PolicyStatement({
        sid: 'CloudTrailLogFilesOfThisTrail',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${Aws.PARTITION}:cloudtrail:*:${Aws.ACCOUNT_ID}:trail/*` },
        },
      }),
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribeKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );

    this.bucket = new s3.Bucket(this, 'Bucket', kmsBucketProps(kms.Key.fromKeyArn(this, 'Key', this.key.attrArn)));
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailAclCheck',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailLogFiles',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`cloudtrail/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );

    // Encrypted with the environment's logs key and retained by the secure defaults.
    this.logGroup = new logs.CfnLogGroup(this, 'TrailLogGroup', {});
    this.logGroup.cfnOptions.condition = props.createTrail;
    const deliveryRole = new iam.CfnRole(this, 'TrailToLogsRole', {
      description: "Delivers the monitoring trail's events to its log group",
      assumeRolePolicyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
            conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
          }),
        ],
      }),
    });
    const deliveryPolicy = new iam.CfnManagedPolicy(this, 'TrailToLogsPolicy', {
      description: "Writes the monitoring trail's events to its log group",
      roles: [deliveryRole.ref],
      policyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [this.logGroup.attrArn],
          }),
        ],
      }),
    });
    deliveryPolicy.cfnOptions.condition = props.createTrail;
    deliveryRole.cfnOptions.condition = props.createTrail;

    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName: this.trailName,
      isLogging: true,
      s3BucketName: this.bucket.bucketName,
      s3KeyPrefix: 'cloudtrail',
      kmsKeyId: this.key.attrArn,
      enableLogFileValidation: true,
      // IAM records its events in us-east-1 only: a multi-region trail brings them to this region's log group.
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      cloudWatchLogsLogGroupArn: this.logGroup.attrArn,
      cloudWatchLogsRoleArn: deliveryRole.attrArn,
      advancedEventSelectors: [
        {
          name: 'Write management events',
          fieldSelectors: [
            { field: 'eventCategory', equalTo: ['Management'] },
            { field: 'readOnly', equalTo: ['false'] },
          ],
        },
        {
          name: "S3 data events of the environment's buckets",
          fieldSelectors: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: Object.values(watched.buckets).map((name) => Fn.join('', [bucketArnOf(name), '/'])) },
          ],
        },
      ],
    });
    this.trail.cfnOptions.condition = props.createTrail;
    this.trail.node.addDependency(this.bucket.policy!);
    // CloudTrail checks the role's permissions when the trail is created.
    this.trail.node.addDependency(deliveryPolicy);

    const namespace = Fn.join('/', ['EnvironmentMonitoring', watched.environmentName]);
    this.accessDeniedFilter = this.metricFilter('AccessDenied', namespace, accessDeniedFilterPattern(watched), props.createTrail);
    this.guardrailFilter = this.metricFilter('GuardrailChanges', namespace, guardrailFilterPattern(watched), props.createTrail);
    this.alarm('AccessDeniedBurst', this.accessDeniedFilter, props, props.accessDeniedThreshold,
      "Burst of AccessDenied on the environment's roles or buckets: someone may be probing the preventive denies. " +
        'Find the calls in the trail log group (errorCode AccessDenied).');
    this.alarm('GuardrailChanged', this.guardrailFilter, props, 1,
      "A policy of a role carrying the environment's guardrails changed (IAM, any region). Find who in the trail log group.");
  }

  private metricFilter(id: string, namespace: string, filterPattern: string, condition: CfnCondition): logs.CfnMetricFilter {
    const filter = new logs.CfnMetricFilter(this, `${id}Filter`, {
      logGroupName: this.logGroup.ref,
      filterPattern,
      metricTransformations: [{ metricName: id, metricNamespace: namespace, metricValue: '1', defaultValue: 0 }],
    });
    filter.cfnOptions.condition = condition;
    return filter;
  }

  private alarm(id: string, filter: logs.CfnMetricFilter, props: AuditTrailProps, threshold: number, description: string): void {
    const transformation = (filter.metricTransformations as logs.CfnMetricFilter.MetricTransformationProperty[])[0];
    const alarm = new cloudwatch.CfnAlarm(this, `${id}Alarm`, {
      alarmName: Fn.join('-', [props.watched.environmentName, id]),
      alarmDescription: Fn.join('', ['[', props.watched.environmentName, '] ', description]),
      namespace: transformation.metricNamespace,
      metricName: transformation.metricName,
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.topicArn],
    });
    alarm.cfnOptions.condition = props.createTrail;
  }
}

/**
 * AccessDenied on a call by one of the environment's guarded roles, or on one of its buckets.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function accessDeniedFilterPattern(watched: WatchedEnvironment): string {
  const codes = ACCESS_DENIED_CODES.map((code) => `($.errorCode = "${code}")`).join(' || ');
  const roles = Object.values(watched.guardedRoleArns).map((arn) => Fn.join('', ['($.userIdentity.sessionContext.sessionIssuer.userName = "', roleNameOf(arn), '")']));
  const buckets = Object.values(watched.buckets).map((name) => Fn.join('', ['($.requestParameters.bucketName = "', name, '")']));
  return Fn.join('', ['{ (', codes, ') && (', Fn.join(' || ', [...roles, ...buckets]), ') }']);
}

/** IAM calls that change a policy of one of the guarded roles. */
export function guardrailFilterPattern(watched: WatchedEnvironment): string {
  const eventNames = ROLE_POLICY_EVENTS.map((name) => `($.eventName = "${name}")`).join(' || ');
  const roles = Object.values(watched.guardedRoleArns).map((arn) => Fn.join('', ['($.requestParameters.roleName = "', roleNameOf(arn), '")']));
  return Fn.join('', ['{ ($.eventSource = "iam.amazonaws.com") && (', eventNames, ') && (', Fn.join(' || ', roles), ') }']);
}
