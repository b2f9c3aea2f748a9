/**
 * The environment's customer-managed KMS keys, rotated yearly, with key
 * policies that give nobody raw use of a key: the account administers it, and
 * principals of this account may use it only through the AWS services that
 * store the data (kms:ViaService), and only if their IAM policies also allow it.
 */
import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Key administration, without any cryptographic use. */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] as const;

export interface EnvironmentKeysProps {
  /** `<environment name>-<environment type>`, for the aliases. */
  readonly aliasPrefix: string;
}

export class EnvironmentKeys extends Construct {
  /** S3: data, models and project buckets. */
  public readonly data: kms.CfnKey;
  /** EBS volumes of training, processing, notebooks and endpoints. */
  public readonly volume: kms.CfnKey;
  /** SageMaker Studio storage (home directories, space volumes). */
  public readonly studio: kms.CfnKey;
  /** CloudWatch log groups and the S3 server access logs. */
  public readonly logs: kms.CfnKey;

  constructor(scope: Construct, id: string, props: EnvironmentKeysProps) {
    super(scope, id);
    const service = (name: string) => Fn.sub(`${name}.\${AWS::Region}.amazonaws.com`);
    this.data = this.key('Data', props, 'S3 data and model artifacts', [service('s3'), service('sagemaker')]);
    this.volume = this.key('Volume', props, 'EBS volumes of SageMaker jobs, notebooks and endpoints', [service('sagemaker'), service('ec2')], {
      grants: true,
    });
    this.studio = this.key('Studio', props, 'SageMaker Studio storage', [service('sagemaker'), service('elasticfilesystem'), service('ec2')], {
      grants: true,
    });
    this.logs = this.key('Logs', props, 'CloudWatch log groups and S3 server access logs', [service('s3')], {
      extra: [
        new iam.PolicyStatement({
          sid: 'CloudWatchLogsOfThisAccount',
          principals: [new iam.ServicePrincipal(service('logs'))],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': Fn.sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'),
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'S3ServerAccessLogDelivery',
          principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      ],
    });
  }

  private key(
    id: string,
    props: EnvironmentKeysProps,
    purpose: string,
    viaServices: string[],
    options: { grants?: boolean; extra?: iam.PolicyStatement[] } = {},
  ): kms.CfnKey {
    const account = new iam.AccountRootPrincipal();
    const statements = [
      new iam.PolicyStatement({
        sid: 'KeyAdministration',
        principals: [account],
        actions: [...KEY_ADMIN_ACTIONS],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'UseThroughAwsServicesOnly',
        principals: [account],
        actions: [...KEY_USE_ACTIONS],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:CallerAccount': Aws.ACCOUNT_ID, 'kms:ViaService': viaServices },
        },
      }),
    ];
    if (options.grants) {
      // EBS and EFS encrypt through grants the service creates for the attached resource.
      statements.push(
        new iam.PolicyStatement({
          sid: 'GrantsForAwsResourcesOnly',
          principals: [account],
          actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'kms:CallerAccount': Aws.ACCOUNT_ID, 'kms:ViaService': viaServices },
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
          },
        }),
      );
    }
    statements.push(...(options.extra ?? []));
    const key = new kms.CfnKey(this, id, {
      description: Fn.sub(`${purpose} of data science environment \${Prefix}`, { Prefix: props.aliasPrefix }),
      enableKeyRotation: true,
      keyPolicy: new iam.PolicyDocument({ statements }),
    });
    // The buckets and volumes it encrypts outlive the environment (they are retained): so does the key.
    key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    new kms.CfnAlias(this, `${id}Alias`, {
      aliasName: Fn.sub(`alias/\${Prefix}/${id.toLowerCase()}`, { Prefix: props.aliasPrefix }),
      targetKeyId: key.ref,
    });
    return key;
  }
}
