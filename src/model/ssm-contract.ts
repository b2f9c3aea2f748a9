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

/**
 * The catalog facts: what products need to know of catalog.yaml beyond the data science
 * environment (which accounts are of which stage), published by the catalog stack in every
 * account and region it is deployed to (src/generator/catalog-facts.ts) and read by products
 * through SSM-typed parameters (src/secure/catalog-fact-parameters.ts). Adding, removing or
 * renaming an account then changes the catalog stacks' parameter values, never a product
 * template, so released versions stay valid. Names: /<catalog name>/catalog/<key>.
 */
export type CatalogFactValueType = 'List<String>' | 'String';

export interface CatalogFactEntry {
  readonly key: string;
  readonly valueType: CatalogFactValueType;
  readonly label: string;
}

export const CATALOG_FACTS = {
  devAccounts: { key: 'accounts/dev', valueType: 'List<String>', label: 'Data science (dev) accounts of the catalog' },
  stagingAccounts: { key: 'accounts/staging', valueType: 'List<String>', label: 'Staging accounts of the catalog' },
  prodAccounts: { key: 'accounts/prod', valueType: 'List<String>', label: 'Production accounts of the catalog' },
  deploymentTargetAccounts: {
    key: 'accounts/deployment-targets',
    valueType: 'List<String>',
    label: 'Staging and production accounts of the catalog',
  },
  accountStage: { key: 'this-account/stage', valueType: 'String', label: 'Stage of this account in the catalog' },
} as const satisfies Record<string, CatalogFactEntry>;

export type CatalogFactKey = keyof typeof CATALOG_FACTS;

/**
 * The value of a list with no account, and of the stage of an account without one: an SSM
 * parameter value cannot be empty. Never an account id, so a condition naming it matches no
 * request; products that put a list in a `Principal` guard it with a condition on this value.
 */
export const NO_CATALOG_VALUE = 'none';

/** `/mlops-catalog/catalog`: where the catalog stack publishes every fact. */
export function catalogFactsPath(catalogName: string): string {
  return `/${catalogName}/catalog`;
}

/** `/mlops-catalog/catalog/accounts/staging`. */
export function catalogFactName(catalogName: string, key: CatalogFactKey): string {
  return `${catalogFactsPath(catalogName)}/${CATALOG_FACTS[key].key}`;
}

/**
 * Every fact's value for one account (`stage` of that account, undefined for an account without
 * one or reached through an organizational unit). Lists are comma-separated, in catalog order.
 */
export function catalogFactValues(
  accounts: readonly { readonly id: string; readonly stage?: string }[],
  stage: string | undefined,
): Record<CatalogFactKey, string> {
  const ids = (...stages: string[]) => {
    const selected = accounts.filter((account) => account.stage !== undefined && stages.includes(account.stage)).map((account) => account.id);
    return selected.length === 0 ? NO_CATALOG_VALUE : selected.join(',');
  };
  return {
    devAccounts: ids('dev'),
    stagingAccounts: ids('staging'),
    prodAccounts: ids('prod'),
    deploymentTargetAccounts: ids('staging', 'prod'),
    accountStage: stage ?? NO_CATALOG_VALUE,
  };
}
