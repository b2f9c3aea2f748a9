/**
 * The environment's four customer-managed keys (src/secure/customer-managed-keys.ts:
 * rotated, retained, usable only through the AWS services that store the data),
 * aliased under `alias/<environment name>-<environment type>/`.
 */
import { Fn } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { CustomerManagedKeys, keyAdministrationActions } from '../../src/secure';

/** The environment's key administrators may also rotate a key on demand (after a suspected exposure). */
const ON_DEMAND_ROTATION = true;

/** What the account may do to each key of the environment: administration, never cryptographic use. */
export const KEY_ADMIN_ACTIONS: readonly string[] = keyAdministrationActions({ onDemandRotation: ON_DEMAND_ROTATION });

export interface EnvironmentKeysProps {
  /** `<environment name>-<environment type>`, for the aliases. */
  readonly aliasPrefix: string;
}

export class EnvironmentKeys extends CustomerManagedKeys {
  /** S3: data, models and project buckets. */
  public readonly data: kms.CfnKey;
  /** EBS volumes of training, processing, notebooks and endpoints. */
  public readonly volume: kms.CfnKey;
  /** SageMaker Studio storage (home directories, space volumes). */
  public readonly studio: kms.CfnKey;
  /** CloudWatch log groups and the S3 server access logs. */
  public readonly logs: kms.CfnKey;
  /** The package mirror's CodeArtifact domain (4.0.0). */
  public readonly packages: kms.CfnKey;

  constructor(scope: Construct, id: string, props: EnvironmentKeysProps) {
    super(scope, id, { aliasPrefix: props.aliasPrefix, onDemandRotation: ON_DEMAND_ROTATION });
    const description = (purpose: string) => Fn.sub(`${purpose} of data science environment \${Prefix}`, { Prefix: props.aliasPrefix });
    this.data = this.addKey('Data', { description: description('S3 data and model artifacts'), viaServices: ['s3', 'sagemaker'] });
    this.volume = this.addKey('Volume', {
      description: description('EBS volumes of SageMaker jobs, notebooks and endpoints'),
      viaServices: ['sagemaker', 'ec2'],
      grantsForAwsResources: true,
    });
    this.studio = this.addKey('Studio', {
      description: description('SageMaker Studio storage'),
      viaServices: ['sagemaker', 'elasticfilesystem', 'ec2'],
      grantsForAwsResources: true,
    });
    this.logs = this.addKey('Logs', {
      description: description('CloudWatch log groups and S3 server access logs'),
      viaServices: ['s3'],
      logDelivery: true,
    });
    this.packages = this.addKey('Packages', {
      description: description('CodeArtifact package mirror'),
      viaServices: ['codeartifact'],
      // CodeArtifact encrypts the domain's assets through a grant it creates when the domain is created.
      grantsForAwsResources: true,
    });
  }
}
