/**
 * Automatic remediation where the safe action is clear, through AWS Config
 * remediation and SSM Automation runbooks (AWS-owned where one exists, see
 * https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-aws-runbook-reference.html).
 * Each runs with a role of its own that can do exactly its one repair, on the
 * environment's resources only (test/products/environment-monitoring-remediation.test.ts
 * proves both by policy simulation).
 */
import { Aws } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { bucketArnOf, type WatchedEnvironment } from './watched';

export interface RemediationProps {
  readonly watched: WatchedEnvironment;
  /** The Config rules, by construct id (config-rules.ts). */
  readonly rules: ReadonlyMap<string, config.CfnConfigRule>;
}

/** What each remediation repairs, for the docs/security.md table and tests. */
export const REMEDIATIONS = {
  StopNotebook: { rulePrefix: 'NotebookNoDirectInternet', document: '(this product) StopNotebookInstance' },
  BlockBucketPublicAccess: { rulePrefix: 'BucketNotPublic', document: 'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock' },
  RemoveOpenIngress: { rulePrefix: 'SecurityGroupNoOpenIngress', document: 'AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules' },
  CancelKeyDeletion: { rulePrefix: 'KeyNotScheduledForDeletion', document: 'AWSConfigRemediation-CancelKeyDeletion' },
} as const;
export type RemediationId = keyof typeof REMEDIATIONS;

export class Remediations extends Construct {
  public readonly roles = new Map<RemediationId, iam.Role>();
  public readonly stopNotebookDocument: ssm.CfnDocument;

  constructor(scope: Construct, id: string, props: RemediationProps) {
    super(scope, id);
    const { watched } = props;
    const arn = (service: string, resource: string) => `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;

    // No AWS-owned runbook stops a notebook instance: one step, one API call.
    this.stopNotebookDocument = new ssm.CfnDocument(this, 'StopNotebookDocument', {
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: {
        schemaVersion: '0.3',
        description: 'Stops a SageMaker notebook instance (AWS Config remediation of direct internet access).',
        assumeRole: '{{ AutomationAssumeRole }}',
        parameters: {
          AutomationAssumeRole: { type: 'String', description: 'Role the automation runs as.' },
          NotebookInstanceName: { type: 'String', description: 'The notebook instance to stop.' },
        },
        mainSteps: [
          {
            name: 'StopNotebookInstance',
            action: 'aws:executeAwsApi',
            inputs: { Service: 'sagemaker', Api: 'StopNotebookInstance', NotebookInstanceName: '{{ NotebookInstanceName }}' },
          },
        ],
      },
    });

    this.remediate(props.rules, 'StopNotebook', {
      document: this.stopNotebookDocument.ref,
      resourceType: 'AWS::SageMaker::NotebookInstance',
      resourceParameter: 'NotebookInstanceName',
      // Notebooks are created at run time, under any name: every notebook of this account and region.
      statements: [
        new iam.PolicyStatement({
          sid: 'StopNotebookInstances',
          actions: ['sagemaker:StopNotebookInstance'],
          resources: [arn('sagemaker', 'notebook-instance/*')],
        }),
      ],
    });
    this.remediate(props.rules, 'BlockBucketPublicAccess', {
      document: REMEDIATIONS.BlockBucketPublicAccess.document,
      resourceType: 'AWS::S3::Bucket',
      resourceParameter: 'BucketName',
      statements: [
        new iam.PolicyStatement({
          sid: 'BucketPublicAccessBlock',
          actions: ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
          resources: Object.values(watched.buckets).map(bucketArnOf),
        }),
      ],
    });
    this.remediate(props.rules, 'RemoveOpenIngress', {
      document: REMEDIATIONS.RemoveOpenIngress.document,
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceParameter: 'SecurityGroupId',
      statements: [
        new iam.PolicyStatement({
          sid: 'RevokeIngressOfTheEnvironmentGroups',
          actions: ['ec2:RevokeSecurityGroupIngress'],
          resources: [arn('ec2', `security-group/${watched.securityGroupId}`)],
        }),
        new iam.PolicyStatement({
          sid: 'DescribeSecurityGroups',
          // DescribeSecurityGroups supports no resource-level permissions.
          actions: ['ec2:DescribeSecurityGroups'],
          resources: ['*'],
        }),
      ],
    });
    this.remediate(props.rules, 'CancelKeyDeletion', {
      document: REMEDIATIONS.CancelKeyDeletion.document,
      resourceType: 'AWS::KMS::Key',
      resourceParameter: 'KeyId',
      statements: [
        new iam.PolicyStatement({
          sid: 'CancelDeletionOfTheEnvironmentKeys',
          actions: ['kms:CancelKeyDeletion', 'kms:DescribeKey'],
          resources: [watched.keyArns.data, watched.keyArns.volume, watched.keyArns.logs],
        }),
      ],
    });
  }

  private remediate(
    rules: ReadonlyMap<string, config.CfnConfigRule>,
    id: RemediationId,
    options: { document: string; resourceType: string; resourceParameter: string; statements: iam.PolicyStatement[] },
  ): void {
    const role = new iam.Role(this, `${id}Role`, {
      description: `Runs the ${id} remediation of the environment monitoring, and nothing else`,
      // Only SSM Automation of this account, for its automation executions.
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('ssm.amazonaws.com'), {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:automation-execution/*` },
      }),
    });
    new iam.ManagedPolicy(this, `${id}Policy`, {
      description: `The one repair of the ${id} remediation`,
      roles: [role],
      statements: options.statements,
    });
    this.roles.set(id, role);
    for (const [ruleId, rule] of rules) {
      if (!ruleId.startsWith(REMEDIATIONS[id].rulePrefix)) continue;
      new config.CfnRemediationConfiguration(this, `${ruleId}Remediation`, {
        configRuleName: rule.ref,
        targetType: 'SSM_DOCUMENT',
        targetId: options.document,
        resourceType: options.resourceType,
        automatic: true,
        maximumAutomaticAttempts: 3,
        retryAttemptSeconds: 60,
        parameters: {
          AutomationAssumeRole: { StaticValue: { Values: [role.roleArn] } },
          [options.resourceParameter]: { ResourceValue: { Value: 'RESOURCE_ID' } },
        },
      });
    }
  }
}

