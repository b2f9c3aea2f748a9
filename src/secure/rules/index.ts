/**
 * Every secure-defaults rule, in one list (the plugin runs them all). One rule
 * per file, grouped by service, like cdk-nag.
 */
import { Ec2NoPublicIpAddress } from './ec2/ec2-no-public-ip-address';
import { Ec2SubnetNoPublicIp } from './ec2/ec2-subnet-no-public-ip';
import { LogGroupEncrypted } from './logs/log-group-encrypted';
import { LogGroupRetention } from './logs/log-group-retention';
import type { SecureRule } from './rule';
import { S3BucketCmkEncryption } from './s3/s3-bucket-cmk-encryption';
import { S3BucketPublicAccessBlocked } from './s3/s3-bucket-public-access-blocked';
import { S3BucketTlsOnly } from './s3/s3-bucket-tls-only';
import { S3BucketVersioned } from './s3/s3-bucket-versioned';
import { SageMakerDomainEncrypted } from './sagemaker/sagemaker-domain-encrypted';
import { SageMakerDomainVpcOnly } from './sagemaker/sagemaker-domain-vpc-only';
import { SageMakerEndpointConfigEncrypted } from './sagemaker/sagemaker-endpoint-config-encrypted';
import { SageMakerModelInVpc } from './sagemaker/sagemaker-model-in-vpc';
import { SageMakerMonitoringInVpc } from './sagemaker/sagemaker-monitoring-in-vpc';
import { SageMakerNotebookEncrypted } from './sagemaker/sagemaker-notebook-encrypted';
import { SageMakerNotebookInVpc } from './sagemaker/sagemaker-notebook-in-vpc';
import { SageMakerNotebookNoDirectInternet } from './sagemaker/sagemaker-notebook-no-direct-internet';
import { SageMakerNotebookNoRootAccess } from './sagemaker/sagemaker-notebook-no-root-access';

export * from './rule';

export const SECURE_RULES: readonly SecureRule[] = [
  S3BucketCmkEncryption,
  S3BucketPublicAccessBlocked,
  S3BucketTlsOnly,
  S3BucketVersioned,
  LogGroupEncrypted,
  LogGroupRetention,
  SageMakerNotebookInVpc,
  SageMakerNotebookEncrypted,
  SageMakerNotebookNoDirectInternet,
  SageMakerNotebookNoRootAccess,
  SageMakerModelInVpc,
  SageMakerEndpointConfigEncrypted,
  SageMakerDomainVpcOnly,
  SageMakerDomainEncrypted,
  SageMakerMonitoringInVpc,
  Ec2SubnetNoPublicIp,
  Ec2NoPublicIpAddress,
];

export {
  Ec2NoPublicIpAddress,
  Ec2SubnetNoPublicIp,
  LogGroupEncrypted,
  LogGroupRetention,
  S3BucketCmkEncryption,
  S3BucketPublicAccessBlocked,
  S3BucketTlsOnly,
  S3BucketVersioned,
  SageMakerDomainEncrypted,
  SageMakerDomainVpcOnly,
  SageMakerEndpointConfigEncrypted,
  SageMakerModelInVpc,
  SageMakerMonitoringInVpc,
  SageMakerNotebookEncrypted,
  SageMakerNotebookInVpc,
  SageMakerNotebookNoDirectInternet,
  SageMakerNotebookNoRootAccess,
};
