/**
 * Customer-managed KMS keys, rotated yearly and retained, with key policies that
 * give nobody raw use of a key: the account administers it, and principals of
 * the account may use it only through the AWS services that store the data
 * (kms:ViaService), and only if their IAM policies also allow it.
 *
 * The keys of one product live in one namespace construct (usually `Keys`); a
 * key and its alias are its children `<id>` and `<id>Alias`, the logical ids
 * deployed stacks know them by.
 */
import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * Key administration, without any cryptographic use. Not `kms:Create*`: it
 * includes kms:CreateGrant, with which an administrator's policy could grant
 * itself or anyone raw use of the key (grants are for AWS services only:
 * `grantsForAwsResources`). CreateAlias is the only other Create action on a key.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CreateAlias',
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
] as const;

/** What the account's principals may do with a key, through the AWS services named for it. */
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] as const;

/** The actions of the `KeyAdministration` statement. */
export function keyAdministrationActions(options: { readonly onDemandRotation: boolean }): string[] {
  return [...KEY_ADMINISTRATION_ACTIONS, ...(options.onDemandRotation ? ['kms:RotateKeyOnDemand'] : [])];
}

export interface CustomerManagedKeysProps {
  /**
   * Gives every key an alias `alias/<aliasPrefix>/<key id in lower case>`, so
   * people find the keys of one product launch together.
   *
   * @default - no aliases
   */
  readonly aliasPrefix?: string;
  /**
   * Whether the account's key administrators may also rotate on demand
   * (kms:RotateKeyOnDemand), e.g. after a suspected exposure, besides the yearly
   * automatic rotation.
   *
   * @default false
   */
  readonly onDemandRotation?: boolean;
}

export interface CustomerManagedKeyProps {
  /** The key's description: what it encrypts, and for which product. */
  readonly description: string;
  /**
   * The AWS services (`s3`, `sagemaker`, `ec2`, ...) through which principals of
   * the account may use the key, in this region (`<service>.<region>.amazonaws.com`).
   */
  readonly viaServices: readonly string[];
  /**
   * Lets those services create grants for the AWS resources they attach the key
   * to: EBS and EFS encrypt through such grants.
   *
   * @default false
   */
  readonly grantsForAwsResources?: boolean;
  /**
   * Lets CloudWatch Logs use the key for this account's log groups, and S3
   * server access log delivery for this account's access logs.
   *
   * @default false
   */
  readonly logDelivery?: boolean;
}

export class CustomerManagedKeys extends Construct {
  private readonly aliasPrefix?: string;
  private readonly onDemandRotation: boolean;

  constructor(scope: Construct, id: string, props: CustomerManagedKeysProps = {}) {
    super(scope, id);
    this.aliasPrefix = props.aliasPrefix;
    this.onDemandRotation = props.onDemandRotation ?? false;
  }

  /** Adds the key `id` (and its alias `<id>Alias` with `aliasPrefix`). */
  public addKey(id: string, props: CustomerManagedKeyProps): kms.CfnKey {
    if (props.viaServices.length === 0) {
      throw new Error(`key '${id}': viaServices must name at least one AWS service, got none (nobody could use the key)`);
    }
    const account = new iam.AccountRootPrincipal();
    const viaServices = props.viaServices.map((service) => Fn.sub(`${service}.\${AWS::Region}.amazonaws.com`));
    const statements = [
      new iam.PolicyStatement({
        sid: 'KeyAdministration',
        principals: [account],
        actions: keyAdministrationActions({ onDemandRotation: this.onDemandRotation }),
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
    if (props.grantsForAwsResources) {
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
    if (props.logDelivery) statements.push(...logDeliveryStatements());

    const key = new kms.CfnKey(this, id, {
      description: props.description,
      enableKeyRotation: true,
      keyPolicy: new iam.PolicyDocument({ statements }),
    });
    // The buckets, volumes and logs it encrypts are retained when the product is deleted: so is the key.
    key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    if (this.aliasPrefix !== undefined) {
      new kms.CfnAlias(this, `${id}Alias`, {
        aliasName: Fn.sub(`alias/\${Prefix}/${id.toLowerCase()}`, { Prefix: this.aliasPrefix }),
        targetKeyId: key.ref,
      });
    }
    return key;
  }
}

/** CloudWatch Logs, for this account's log groups only; S3 server access log delivery, for this account only. */
function logDeliveryStatements(): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(Fn.sub('logs.${AWS::Region}.amazonaws.com'))],
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
  ];
}
