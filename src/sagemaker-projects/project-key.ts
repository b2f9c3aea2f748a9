/**
 * The KMS key of one SageMaker project: encrypts its artifact bucket, its
 * repository, its build environments and pipeline artifacts.
 *
 * Why a key of its own rather than the environment's data key: the project
 * shares artifacts (pipeline artifacts, model files) with roles in the staging
 * and production accounts. Granting those roles the environment's data key
 * would open everything the environment encrypts; a project key opens only the
 * project's artifacts, and its policy names exactly who may use it.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type CatalogAccountRoles, statementForCatalogRoles } from './catalog-account-grants';

/** What CodeCommit does with a repository's key on behalf of someone who pulls or pushes. */
export const GIT_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] as const;

export interface ProjectKeyProps {
  /** What the key protects (shown in the console). */
  readonly description: string;
}

export class ProjectKey extends Construct {
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: ProjectKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: props.description,
      enableKeyRotation: true,
      // The artifact bucket is retained with the project's history: so is its key.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  public get keyArn(): string {
    return this.key.keyArn;
  }

  /** Lets roles of other accounts of the catalog (by name, accounts read at launch) decrypt through S3 only. */
  public allowDecryptThroughS3ByCatalogRoles(sid: string, roles: CatalogAccountRoles): void {
    this.key.addToResourcePolicy(statementForCatalogRoles(roles, { sid, actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: ['*'], conditions: this.throughS3() }));
  }

  /** Lets a role of this account (by ARN) read and write what the key protects, through S3 only. */
  public allowUseThroughS3(sid: string, roleArn: string): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ArnPrincipal(roleArn)],
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: this.throughS3(),
      }),
    );
  }

  /**
   * Lets Studio users (the roles given, by ARN) clone from and push to the project
   * repository, which CodeCommit encrypts with this key: the key is theirs to use
   * through CodeCommit only (kms:ViaService), and an explicit deny keeps them from
   * using it any other way, whatever their IAM policies say
   * (docs: "AWS Key Management Service and encryption for AWS CodeCommit repositories").
   */
  public allowGitThroughCodeCommit(roleArns: readonly string[]): void {
    if (roleArns.length === 0) return;
    const principals = roleArns.map((arn) => new iam.ArnPrincipal(arn));
    const codecommit = `codecommit.${this.key.stack.region}.amazonaws.com`;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'StudioUsesTheRepositoryThroughCodeCommit',
        principals,
        actions: [...GIT_KEY_ACTIONS],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': codecommit } },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'StudioNeverUsesTheKeyDirectly',
        effect: iam.Effect.DENY,
        principals,
        actions: [...GIT_KEY_ACTIONS, 'kms:CreateGrant'],
        resources: ['*'],
        // A negated operator also matches a request without kms:ViaService: direct calls are denied.
        conditions: { StringNotEquals: { 'kms:ViaService': codecommit } },
      }),
    );
  }

  /** Statements for an identity policy in this account: use the key (S3, CodeBuild, CodePipeline encrypt with it). */
  public useStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: [this.key.keyArn],
    });
  }

  /** Only when S3 calls KMS for an object of a bucket encrypted with this key. */
  private throughS3() {
    return { StringEquals: { 'kms:ViaService': `s3.${this.key.stack.region}.amazonaws.com` } };
  }
}
