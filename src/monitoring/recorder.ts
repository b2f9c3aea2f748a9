/**
 * The AWS Config recorder and delivery channel, created only when the launch
 * asks for them: an account has at most one recorder per region, and where an
 * organisation already runs one (Control Tower, a security account), this
 * product uses it and must not try to add a second. The rules wait for the
 * recorder through a wait-condition handle whose metadata names it only when it
 * exists (a DependsOn on a resource that is not created would fail).
 */
import { Aws, type CfnCondition, CfnResource, Fn } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** What the recorder records: the resource types the rules evaluate, nothing more (each item recorded is billed). */
export const RECORDED_RESOURCE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::VPC',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::SageMaker::NotebookInstance',
  'AWS::SageMaker::EndpointConfig',
  'AWS::SageMaker::Model',
  'AWS::SageMaker::Domain',
] as const;

export interface ConfigRecorderProps {
  readonly create: CfnCondition;
  readonly bucket: s3.IBucket;
  readonly keyArn: string;
}

export class ConfigRecorder extends Construct {
  /** What the rules depend on: the recorder and channel when created, nothing otherwise. */
  public readonly ready: CfnResource;
  public readonly role: iam.CfnRole;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const prefix = 'config';
    this.role = new iam.CfnRole(this, 'Role', {
      description: 'Records the configuration of the resources the environment monitoring evaluates',
      assumeRolePolicyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new iam.ServicePrincipal('config.amazonaws.com')],
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }),
      // AWS's policy for Config's reads: it follows the services Config records as they change.
      managedPolicyArns: [`arn:${Aws.PARTITION}:iam::aws:policy/service-role/AWS_ConfigRole`],
    });
    const delivery = new iam.CfnManagedPolicy(this, 'DeliveryPolicy', {
      description: 'Delivers configuration snapshots and history to the audit bucket',
      roles: [this.role.ref],
      policyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'DeliverSnapshots',
            actions: ['s3:PutObject'],
            resources: [props.bucket.arnForObjects(`${prefix}/AWSLogs/${Aws.ACCOUNT_ID}/Config/*`)],
          }),
          new iam.PolicyStatement({ sid: 'CheckBucket', actions: ['s3:GetBucketAcl'], resources: [props.bucket.bucketArn] }),
          new iam.PolicyStatement({
            sid: 'EncryptSnapshots',
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [props.keyArn],
          }),
        ],
      }),
    });
    delivery.cfnOptions.condition = props.create;
    this.role.cfnOptions.condition = props.create;

    const recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: this.role.attrArn,
      recordingGroup: {
        allSupported: false,
        includeGlobalResourceTypes: false,
        resourceTypes: [...RECORDED_RESOURCE_TYPES],
        recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
      },
    });
    recorder.cfnOptions.condition = props.create;
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: props.bucket.bucketName,
      s3KeyPrefix: prefix,
      s3KmsKeyArn: props.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.cfnOptions.condition = props.create;
    channel.node.addDependency(delivery);

    this.ready = new CfnResource(this, 'Ready', {
      type: 'AWS::CloudFormation::WaitConditionHandle',
    });
    this.ready.cfnOptions.metadata = {
      Recorder: Fn.conditionIf(props.create.logicalId, recorder.ref, Aws.NO_VALUE),
      DeliveryChannel: Fn.conditionIf(props.create.logicalId, channel.ref, Aws.NO_VALUE),
    };
  }
}
