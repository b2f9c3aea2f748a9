/**
 * The SSM parameter contract between the data science environment (which
 * publishes) and every other product (which reads, as the defaults of its shared
 * parameters). Names: /<ssmPrefix>/<environmentName>/<key>. One place, documented
 * in docs/product-authors.md; renaming a key is a breaking change for launched products.
 */
import type { Defaults } from './catalog';

export type SsmValueType =
  | 'String'
  | 'List<AWS::EC2::Subnet::Id>'
  | 'List<AWS::EC2::SecurityGroup::Id>'
  | 'AWS::EC2::VPC::Id';

export interface SsmContractEntry {
  /** Last part of the parameter name. */
  readonly key: string;
  /** What CloudFormation resolves the SSM value to. */
  readonly valueType: SsmValueType;
  /** Label shown in the console when a product reads it. */
  readonly label: string;
}

export const SSM_CONTRACT = {
  environmentName: { key: 'environment/name', valueType: 'String', label: 'Environment name' },
  environmentType: { key: 'environment/type', valueType: 'String', label: 'Environment type (dev, staging, prod)' },
  vpcId: { key: 'network/vpc-id', valueType: 'AWS::EC2::VPC::Id', label: 'VPC' },
  privateSubnetIds: { key: 'network/private-subnet-ids', valueType: 'List<AWS::EC2::Subnet::Id>', label: 'Private subnets' },
  securityGroupIds: {
    key: 'network/security-group-ids',
    valueType: 'List<AWS::EC2::SecurityGroup::Id>',
    label: 'Security groups for SageMaker workloads',
  },
  dataKeyArn: { key: 'kms/data-key-arn', valueType: 'String', label: 'KMS key for data and model artifacts (S3)' },
  volumeKeyArn: { key: 'kms/volume-key-arn', valueType: 'String', label: 'KMS key for instance volumes (EBS)' },
  logsKeyArn: { key: 'kms/logs-key-arn', valueType: 'String', label: 'KMS key for CloudWatch log groups' },
  s3EndpointId: { key: 'network/s3-endpoint-id', valueType: 'String', label: 'S3 gateway VPC endpoint' },
  dataBucketName: { key: 's3/data-bucket-name', valueType: 'String', label: 'Data bucket' },
  modelsBucketName: { key: 's3/models-bucket-name', valueType: 'String', label: 'Models bucket' },
  accessLogsBucketName: { key: 's3/access-logs-bucket-name', valueType: 'String', label: 'S3 server access logs bucket' },
  sageMakerExecutionRoleArn: {
    key: 'iam/sagemaker-execution-role-arn',
    valueType: 'String',
    label: 'SageMaker execution role',
  },
  pipelineExecutionRoleArn: {
    key: 'iam/pipeline-execution-role-arn',
    valueType: 'String',
    label: 'SageMaker pipeline execution role',
  },
  modelExecutionRoleArn: { key: 'iam/model-execution-role-arn', valueType: 'String', label: 'Model execution role' },
  dataScientistRoleArn: { key: 'iam/data-scientist-role-arn', valueType: 'String', label: 'Data scientist role' },
  teamAdminRoleArn: { key: 'iam/team-admin-role-arn', valueType: 'String', label: 'Team administrator role' },
  studioDomainId: { key: 'sagemaker/domain-id', valueType: 'String', label: 'SageMaker Studio domain' },
  packageDomainName: { key: 'codeartifact/domain-name', valueType: 'String', label: 'CodeArtifact domain of the package mirror' },
  packageRepositoryName: { key: 'codeartifact/repository-name', valueType: 'String', label: 'CodeArtifact repository to install Python packages from' },
  packageIndexUrl: { key: 'codeartifact/pypi-index-url', valueType: 'String', label: 'pip index URL of the package mirror (a token is needed)' },
} as const satisfies Record<string, SsmContractEntry>;

export type SsmContractKey = keyof typeof SSM_CONTRACT;

/** `/mlops/ds-team/network/vpc-id` for the catalog's default environment. */
export function ssmParameterName(defaults: Pick<Defaults, 'ssmPrefix' | 'environmentName'>, key: SsmContractKey): string {
  return `/${defaults.ssmPrefix}/${defaults.environmentName}/${SSM_CONTRACT[key].key}`;
}
