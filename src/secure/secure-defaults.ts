/**
 * The secure defaults every product gets without asking: an aspect that fills
 * in what a product author left unset, on every resource the product creates.
 * It never overrides a value the author set; an insecure value set on purpose is
 * left for the secure-defaults rules to report (with where and how to fix it),
 * so nothing is weakened silently and nothing is strengthened behind a
 * reviewer's back.
 */
import { CfnResource, Fn, type IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { IConstruct } from 'constructs';
import { deniesInsecureTransport } from './rules/s3/s3-bucket-tls-only';
import { MONITORING_NETWORK_CONFIG } from './rules/sagemaker/sagemaker-monitoring-in-vpc';

/**
 * Where the defaults come from. Functions, so a value (and the shared
 * parameter behind it) is only added to a template that needs it.
 */
export interface SecureDefaultValues {
  /** KMS key ARN for S3 default encryption. */
  readonly dataKeyArn: () => string;
  /** KMS key ARN for instance volumes (notebooks, endpoints, Studio storage). */
  readonly volumeKeyArn: () => string;
  /** KMS key ARN for CloudWatch log groups (its key policy admits CloudWatch Logs). */
  readonly logsKeyArn: () => string;
  /** Private subnets for VPC-attached SageMaker resources. */
  readonly subnetIds: () => string[];
  /** Security groups for VPC-attached SageMaker resources. */
  readonly securityGroupIds: () => string[];
  /** Bucket receiving the S3 server access logs of every bucket that logs nowhere else. */
  readonly accessLogsBucketName: () => string;
  /** Retention of log groups that set none. */
  readonly logRetentionDays: logs.RetentionDays;
}

// A global symbol: product code may be loaded by another module registry than this file.
const ACCESS_LOGS_DESTINATION = Symbol.for('sc-factory.SecureDefaults.accessLogsDestination');

export class SecureDefaults implements IAspect {
  /**
   * Marks a bucket as a server-access-logs destination: it does not log its own
   * access (that would log the delivery of every log record, forever).
   */
  public static markAccessLogsDestination(bucket: IConstruct): void {
    (bucket as unknown as Record<symbol, boolean>)[ACCESS_LOGS_DESTINATION] = true;
  }

  public static isAccessLogsDestination(bucket: IConstruct): boolean {
    const owner = bucket.node.scope;
    const marked = (c: IConstruct | undefined) => (c as unknown as Record<symbol, boolean> | undefined)?.[ACCESS_LOGS_DESTINATION] === true;
    return marked(bucket) || (owner !== undefined && owner.node.defaultChild === bucket && marked(owner));
  }

  constructor(private readonly values: () => SecureDefaultValues) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    if (node instanceof s3.CfnBucket) this.bucket(node);
    else if (node instanceof logs.CfnLogGroup) this.logGroup(node);
    else if (node instanceof sagemaker.CfnNotebookInstance) this.notebookInstance(node);
    else if (node instanceof sagemaker.CfnModel) this.model(node);
    else if (node instanceof sagemaker.CfnEndpointConfig) this.endpointConfig(node);
    else if (node instanceof sagemaker.CfnDomain) this.domain(node);
    else if (MONITORING_NETWORK_CONFIG[node.cfnResourceType]) this.monitoring(node);
  }

  private bucket(bucket: s3.CfnBucket): void {
    const values = this.values();
    bucket.bucketEncryption ??= {
      serverSideEncryptionConfiguration: [
        {
          serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: values.dataKeyArn() },
          // One data key per bucket instead of one KMS call per object: cheaper, same protection.
          bucketKeyEnabled: true,
        },
      ],
    };
    bucket.publicAccessBlockConfiguration ??= {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    bucket.versioningConfiguration ??= { status: 'Enabled' };
    if (!SecureDefaults.isAccessLogsDestination(bucket)) {
      bucket.loggingConfiguration ??= {
        destinationBucketName: values.accessLogsBucketName(),
        logFilePrefix: Fn.sub('${AWS::StackName}/'),
      };
    }

    // TLS-only needs a statement in the bucket's one policy: only an L2 bucket can merge it in.
    const owner = bucket.node.scope;
    if (owner instanceof s3.Bucket && owner.node.defaultChild === bucket) {
      const document = owner.policy ? Stack.of(owner).resolve(owner.policy.document) : undefined;
      if (!deniesInsecureTransport(document)) {
        owner.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'DenyWithoutTls',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['s3:*'],
            resources: [owner.bucketArn, owner.arnForObjects('*')],
            conditions: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    }
  }

  private logGroup(group: logs.CfnLogGroup): void {
    const values = this.values();
    group.kmsKeyId ??= values.logsKeyArn();
    group.retentionInDays ??= values.logRetentionDays;
  }

  private notebookInstance(notebook: sagemaker.CfnNotebookInstance): void {
    const values = this.values();
    notebook.kmsKeyId ??= values.volumeKeyArn();
    notebook.directInternetAccess ??= 'Disabled';
    notebook.rootAccess ??= 'Disabled';
    if (notebook.subnetId === undefined && notebook.securityGroupIds === undefined) {
      notebook.subnetId = Fn.select(0, values.subnetIds());
      notebook.securityGroupIds = values.securityGroupIds();
    }
  }

  private model(model: sagemaker.CfnModel): void {
    const values = this.values();
    model.vpcConfig ??= { subnets: values.subnetIds(), securityGroupIds: values.securityGroupIds() };
  }

  private endpointConfig(config: sagemaker.CfnEndpointConfig): void {
    const variants = Stack.of(config).resolve(config.productionVariants) as unknown;
    const serverlessOnly =
      Array.isArray(variants) && variants.length > 0 && variants.every((v) => (v as { ServerlessConfig?: unknown }).ServerlessConfig);
    if (!serverlessOnly) config.kmsKeyId ??= this.values().volumeKeyArn();
  }

  private domain(domain: sagemaker.CfnDomain): void {
    domain.appNetworkAccessType ??= 'VpcOnly';
    domain.kmsKeyId ??= this.values().volumeKeyArn();
  }

  /**
   * Monitoring job definitions and schedules: the network settings sit at a
   * different depth per type (MONITORING_NETWORK_CONFIG), so read the L1 path
   * and fill in through a property override.
   */
  private monitoring(resource: CfnResource): void {
    const path = MONITORING_NETWORK_CONFIG[resource.cfnResourceType];
    let current: unknown = resource;
    for (const key of path) {
      const camel = key.charAt(0).toLowerCase() + key.slice(1);
      current = Stack.of(resource).resolve((current as Record<string, unknown> | undefined)?.[camel]);
    }
    // A schedule pointing at a separate job definition has no inline network settings.
    if (resource.cfnResourceType === 'AWS::SageMaker::MonitoringSchedule' && !this.hasInlineJobDefinition(resource)) return;
    if ((current as { vpcConfig?: unknown } | undefined)?.vpcConfig !== undefined) return;
    const values = this.values();
    resource.addPropertyOverride(`${path.join('.')}.VpcConfig`, {
      Subnets: values.subnetIds(),
      SecurityGroupIds: values.securityGroupIds(),
    });
  }

  private hasInlineJobDefinition(schedule: CfnResource): boolean {
    const config = Stack.of(schedule).resolve((schedule as sagemaker.CfnMonitoringSchedule).monitoringScheduleConfig) as
      | { monitoringJobDefinition?: unknown }
      | undefined;
    return config?.monitoringJobDefinition !== undefined;
  }
}
