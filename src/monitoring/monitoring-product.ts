/**
 * The monitoring product, for any environment (see index.ts for the data
 * science environment's, products/deployment-monitoring for the baseline's).
 *
 * Environment monitoring: the detective and responsive controls of one data
 * science environment, launched by its team administrator next to it (and, as
 * products/deployment-monitoring, by the platform team next to each staging and
 * production baseline). Everything it watches it reads from the SSM parameters
 * the environment publishes, so its rules, trail and remediations concern that
 * environment's resources and no other.
 *
 * - AWS Config managed rules (config-rules.ts), optionally with the recorder
 *   (recorder.ts) where the organisation runs none;
 * - a CloudTrail trail with S3 data events of the environment's buckets, an
 *   encrypted audit bucket and log group, metric filters and alarms (audit-trail.ts);
 * - EventBridge rules on the management events that matter (event-rules.ts);
 * - one KMS-encrypted SNS topic for all of it, e-mailed to the launch's addresses (alerts.ts);
 * - Config remediation through SSM Automation, one role per repair (remediation.ts);
 * - a tampered VPC endpoint policy restored to its template value (endpoint-policy-restore.ts).
 */
import { CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { acknowledgeFindings } from './acknowledgements';
import { Alerts, MAX_ALERT_EMAILS } from './alerts';
import { AuditTrail } from './audit-trail';
import { ConfigRules } from './config-rules';
import { EndpointPolicyRestore } from './endpoint-policy-restore';
import { EventRules } from './event-rules';
import { MonitoringExports } from './exports';
import { ConfigRecorder } from './recorder';
import { Remediations } from './remediation';
import type { WatchedEnvironment } from './watched';
import { SecureProductStack, type SecureProductStackProps } from '../secure';

const ALERTS = 'Alerts';
const CONTROLS = 'Controls';

/** The monitoring of whatever environment `watched` describes; subclasses say where its values come from. */
export abstract class MonitoringProduct extends SecureProductStack {
  public readonly watched: WatchedEnvironment;
  public readonly alerts: Alerts;
  public readonly auditTrail: AuditTrail;
  public readonly recorder: ConfigRecorder;
  public readonly configRules: ConfigRules;
  public readonly eventRules: EventRules;
  public readonly remediations: Remediations;
  public readonly endpointPolicyRestore: EndpointPolicyRestore;

  protected constructor(scope: Construct, id: string, props: SecureProductStackProps, watched: (stack: SecureProductStack) => WatchedEnvironment) {
    super(scope, id, props);
    const emails = this.addParameter('AlertEmails', {
      type: 'String',
      allowedPattern: `^[^@\\s,]+@[^@\\s,]+(,[^@\\s,]+@[^@\\s,]+){0,${MAX_ALERT_EMAILS - 1}}$`,
      constraintDescription: `1 to ${MAX_ALERT_EMAILS} e-mail addresses, separated by commas, without spaces`,
      description: 'Who is told: each address receives a subscription confirmation e-mail, then every alert.',
      label: `Alert e-mail addresses (1 to ${MAX_ALERT_EMAILS}, comma-separated)`,
      group: ALERTS,
    }).valueAsString;
    const createRecorder = this.addParameter('CreateConfigRecorder', {
      type: 'String',
      default: 'true',
      allowedValues: ['true', 'false'],
      description:
        'Whether to create the AWS Config recorder and delivery channel. Choose false where the organisation already ' +
        'records this region (Control Tower, a security account): a region has only one recorder.',
      label: 'Create the AWS Config recorder',
      group: CONTROLS,
    }).valueAsString;
    const createTrail = this.addParameter('CreateDataEventsTrail', {
      type: 'String',
      default: 'true',
      allowedValues: ['true', 'false'],
      description:
        "Whether to create the trail that records S3 data events of the environment's buckets (and feeds the " +
        'AccessDenied and guardrail alarms). Choose false only where an organisation trail already records them.',
      label: 'Create the data events trail',
      group: CONTROLS,
    }).valueAsString;
    const threshold = this.addParameter('AccessDeniedThreshold', {
      type: 'Number',
      default: 10,
      minValue: 1,
      maxValue: 1000,
      description: "AccessDenied calls by the environment's roles or on its buckets within 5 minutes that raise an alarm.",
      label: 'AccessDenied burst threshold (calls in 5 minutes)',
      group: CONTROLS,
    }).valueAsNumber;

    this.watched = watched(this);
    const recorderCondition = new CfnCondition(this, 'CreateRecorder', { expression: Fn.conditionEquals(createRecorder, 'true') });
    const trailCondition = new CfnCondition(this, 'CreateTrail', { expression: Fn.conditionEquals(createTrail, 'true') });

    this.alerts = new Alerts(this, 'Alerts', { emails, environmentName: this.watched.environmentName });
    const topicArn = this.alerts.topic.ref;
    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      watched: this.watched,
      topicArn,
      createTrail: trailCondition,
      accessDeniedThreshold: threshold,
    });
    this.recorder = new ConfigRecorder(this, 'ConfigRecorder', {
      create: recorderCondition,
      bucket: this.auditTrail.bucket,
      keyArn: this.auditTrail.key.attrArn,
    });
    this.configRules = new ConfigRules(this, 'ConfigRules', { watched: this.watched, topicArn, recorderReady: this.recorder.ready });
    this.eventRules = new EventRules(this, 'EventRules', { watched: this.watched, topicArn });
    this.remediations = new Remediations(this, 'Remediations', { watched: this.watched, rules: this.configRules.rules });
    this.endpointPolicyRestore = new EndpointPolicyRestore(this, 'EndpointPolicyRestore', { watched: this.watched });

    const path = Fn.join('', [`/${this.context.defaults.ssmPrefix}/`, this.watched.environmentName]);
    new MonitoringExports(this, 'Exports', {
      path,
      values: {
        alertsTopicArn: topicArn,
        alertsKeyArn: this.alerts.key.attrArn,
        auditBucketName: this.auditTrail.bucket.bucketName,
      },
    });
    new CfnOutput(this, 'AlertsTopicArn', { value: topicArn, description: 'Where every control of this monitoring reports' });

    acknowledgeFindings(this);
  }
}

