/**
 * A project's artifact bucket: explicitly named (`sagemaker-project-<id>-<purpose>-<account>`,
 * which the environment's S3 endpoint admits), encrypted with the project key,
 * TLS-only, versioned, never public. Access logging goes to the environment's
 * access-logs bucket (secure defaults). Retained when the project is deleted:
 * it holds the model artifacts that deployed endpoints and audits refer to.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type CatalogAccountRoles, roleInAnyAccount, statementForCatalogRoles } from './catalog-account-grants';
import type { ProjectKey } from './project-key';
import { acknowledgeNistAndHipaa } from '../secure/acknowledge';
import { kmsBucketProps, NETWORK_ONLY_OBJECT_ACTIONS } from '../secure/kms-bucket-props';


export interface ProjectBucketProps {
  readonly bucketName: string;
  readonly key: ProjectKey;
}

export class ProjectBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ProjectBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', { ...kmsBucketProps(props.key.key), bucketName: props.bucketName });
    acknowledgeNistAndHipaa(
      this.bucket,
      'S3BucketReplicationEnabled',
      "Single-region by design, like the environment whose data it derives from: replicating the project's artifacts " +
        'would copy confidential data out of the approved region. Durability: S3 multi-AZ, versioning, retained on delete; ' +
        'models can be rebuilt from the repository.',
    );
  }

  /** Lets roles of other accounts of the catalog (by name, accounts read at launch) read objects under `prefix`. */
  public allowReadByCatalogRoles(sid: string, roles: CatalogAccountRoles, prefix = ''): void {
    this.bucket.addToResourcePolicy(
      statementForCatalogRoles(roles, { sid, actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [this.bucket.arnForObjects(`${prefix}*`)] }),
    );
  }

  /** Lets a role of this account (by ARN) read, write and list the bucket. */
  public allowReadWrite(sid: string, roleArn: string): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ArnPrincipal(roleArn)],
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
  }

  /**
   * Denies object access to every request that does not come through the
   * environment's S3 endpoint (the pattern of the environment's data bucket),
   * except:
   * - calls an AWS service makes on a principal's behalf (aws:ViaAWSService, the
   *   data perimeter pattern); the principal's own permissions still apply;
   * - `servicePrincipals`: roles whose requests AWS services make from outside this
   *   network with the role's own session (CodePipeline moving artifacts, SageMaker
   *   and CodePipeline in the staging and production accounts reading models and
   *   artifacts through those accounts' networks). Each is also granted by name
   *   elsewhere; nothing else is excepted;
   * - `catalogRoles`: roles of other accounts of the catalog by name, accounts read at
   *   launch (SageMaker in the staging and production accounts): excepted by name
   *   pattern in the first statement, and denied by a second one when the caller's
   *   account is not one of the list, so a role of that name elsewhere gains nothing.
   */
  public restrictToNetwork(s3EndpointId: string, servicePrincipals: readonly string[], catalogRoles?: CatalogAccountRoles): void {
    const outsideTheNetwork = {
      StringNotEquals: { 'aws:sourceVpce': s3EndpointId },
      BoolIfExists: { 'aws:ViaAWSService': 'false' },
    };
    const deny = (sid: string, conditions: Record<string, unknown>) =>
      new iam.PolicyStatement({
        sid,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...NETWORK_ONLY_OBJECT_ACTIONS],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions,
      });
    this.bucket.addToResourcePolicy(
      deny('DenyOutsideTheEnvironmentNetwork', {
        ...outsideTheNetwork,
        ArnNotEquals: { 'aws:PrincipalArn': [...servicePrincipals] },
        ...(catalogRoles ? { ArnNotLike: { 'aws:PrincipalArn': roleInAnyAccount(catalogRoles.roleName) } } : {}),
      }),
    );
    if (!catalogRoles) return;
    this.bucket.addToResourcePolicy(
      deny('DenyOutsideTheEnvironmentNetworkToOtherAccounts', {
        StringNotEquals: { 'aws:sourceVpce': s3EndpointId, 'aws:PrincipalAccount': catalogRoles.accounts },
        BoolIfExists: { 'aws:ViaAWSService': 'false' },
        ArnLike: { 'aws:PrincipalArn': roleInAnyAccount(catalogRoles.roleName) },
      }),
    );
  }

  /** Identity-policy statement: read and write the bucket (this account's build and pipeline roles). */
  public readWriteStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
      resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
    });
  }
}
