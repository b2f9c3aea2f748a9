/**
 * The environment's buckets: data and models, readable and writable only
 * through this environment's S3 VPC endpoint, and the bucket that receives the
 * S3 server access logs of every bucket of the environment and its products.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLogsBucket, NETWORK_ONLY_OBJECT_ACTIONS } from '../../src/secure';

/** What the bucket policy denies outside the VPC endpoint (the kit's list, shared with the project buckets). */
export const VPC_ENDPOINT_ONLY_ACTIONS = NETWORK_ONLY_OBJECT_ACTIONS;

export interface EnvironmentStorageProps {
  readonly dataKey: kms.CfnKey;
  readonly logsKey: kms.CfnKey;
}

export class EnvironmentStorage extends Construct {
  public readonly dataBucket: s3.Bucket;
  public readonly modelsBucket: s3.Bucket;
  public readonly accessLogsBucket: AccessLogsBucket;

  constructor(scope: Construct, id: string, props: EnvironmentStorageProps) {
    super(scope, id);
    // Imported by ARN: the key policies are written in full by EnvironmentKeys, not extended here.
    const logsKey = kms.Key.fromKeyArn(this, 'LogsKey', props.logsKey.attrArn);
    const dataKey = kms.Key.fromKeyArn(this, 'DataKey', props.dataKey.attrArn);

    // The access logs of every bucket of the account (products read the name from SSM).
    this.accessLogsBucket = new AccessLogsBucket(this, 'AccessLogsBucket', { encryptionKey: logsKey });

    const dataBucket = (bucketId: string, prefix: string) => {
      const bucket = new s3.Bucket(this, bucketId, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: dataKey,
        bucketKeyEnabled: true,
        ...BUCKET_BASICS,
      });
      // Set on the resource: the L2 'serverAccessLogsBucket' would switch the log bucket to ACLs.
      (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
        destinationBucketName: this.accessLogsBucket.bucketName,
        logFilePrefix: prefix,
      };
      return bucket;
    };
    this.dataBucket = dataBucket('DataBucket', 'data/');
    this.modelsBucket = dataBucket('ModelsBucket', 'models/');
  }

  /**
   * Denies object access to every request not coming through the environment's
   * S3 endpoint. Calls an AWS service makes on a principal's behalf (SageMaker
   * validating a model, CloudFormation) carry no endpoint: as in AWS's data
   * perimeter pattern (and the reference), they are not network-checked here;
   * the principal's own permissions still apply.
   */
  public restrictToVpcEndpoint(s3EndpointId: string): void {
    for (const bucket of [this.dataBucket, this.modelsBucket]) {
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DenyOutsideVpcEndpoint',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: [...VPC_ENDPOINT_ONLY_ACTIONS],
          resources: [bucket.bucketArn, bucket.arnForObjects('*')],
          conditions: {
            StringNotEquals: { 'aws:sourceVpce': s3EndpointId },
            BoolIfExists: { 'aws:ViaAWSService': 'false' },
          },
        }),
      );
    }
  }
}

const BUCKET_BASICS = {
  enforceSSL: true,
  versioned: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  // Data outlives the environment: deleting the product leaves the buckets (and their keys).
  removalPolicy: RemovalPolicy.RETAIN,
} as const;
