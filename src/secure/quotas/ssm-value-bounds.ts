/**
 * The longest value of each SSM parameter the data science environment
 * publishes (src/model/ssm-contract.ts). A product's shared parameter is an
 * `AWS::SSM::Parameter::Value<...>` whose default names one of them; SSM itself
 * allows 4 KB, but the value is what the environment writes, so its bound is the
 * longest value the environment can write. Typed by the contract: a new key
 * needs a bound here.
 */
import { ACCOUNT_ID, LONGEST_PARTITION, LONGEST_REGION, LONGEST_URL_SUFFIX, placeholder } from './aws-bounds';
import { SSM_CONTRACT, type SsmContractKey } from '../../model/ssm-contract';

/** The environment's EnvironmentName parameter: AllowedPattern `^[a-z][a-z0-9-]{1,30}$` (products/data-science-environment). */
const ENVIRONMENT_NAME_LENGTH = 31;
/** KMS key ARN: `arn:<partition>:kms:<region>:<account>:key/<36-character key id>`. */
const KEY_ARN = `arn:${LONGEST_PARTITION}:kms:${LONGEST_REGION}:${ACCOUNT_ID}:key/${placeholder(36)}`;
/** The environment's roles sit at path `/` with names of at most 64 characters. */
const ROLE_ARN = `arn:${LONGEST_PARTITION}:iam::${ACCOUNT_ID}:role/${placeholder(64)}`;
const BUCKET_NAME = placeholder(63);

/** Lists are comma-separated: the environment publishes its 2-3 private subnets and 1 security group. */
export const SSM_VALUE_BOUNDS: Readonly<Record<SsmContractKey, string | readonly string[]>> = {
  environmentName: placeholder(ENVIRONMENT_NAME_LENGTH),
  environmentType: 'staging',
  vpcId: `vpc-${placeholder(17)}`,
  privateSubnetIds: [1, 2, 3].map(() => `subnet-${placeholder(17)}`),
  securityGroupIds: [`sg-${placeholder(17)}`],
  dataKeyArn: KEY_ARN,
  volumeKeyArn: KEY_ARN,
  logsKeyArn: KEY_ARN,
  s3EndpointId: `vpce-${placeholder(17)}`,
  dataBucketName: BUCKET_NAME,
  modelsBucketName: BUCKET_NAME,
  accessLogsBucketName: BUCKET_NAME,
  sageMakerExecutionRoleArn: ROLE_ARN,
  pipelineExecutionRoleArn: ROLE_ARN,
  modelExecutionRoleArn: ROLE_ARN,
  dataScientistRoleArn: ROLE_ARN,
  teamAdminRoleArn: ROLE_ARN,
  // Domain ids: `d-` and 12 characters.
  studioDomainId: `d-${placeholder(12)}`,
  // `<environment name>-<environment type>` (products/data-science-environment/package-mirror.ts).
  packageDomainName: `${placeholder(ENVIRONMENT_NAME_LENGTH)}-staging`,
  packageRepositoryName: 'pypi',
  packageIndexUrl: `https://${placeholder(ENVIRONMENT_NAME_LENGTH)}-staging-${ACCOUNT_ID}.d.codeartifact.${LONGEST_REGION}.${LONGEST_URL_SUFFIX}/pypi/pypi/simple/`,
};

/** The contract key an SSM parameter name `/<prefix>/<environment>/<key>` ends with, if any. */
export function contractKeyOf(parameterName: string): SsmContractKey | undefined {
  const keys = Object.keys(SSM_CONTRACT) as SsmContractKey[];
  return keys.find((key) => parameterName.endsWith(`/${SSM_CONTRACT[key].key}`) && parameterName.split('/').length === SSM_CONTRACT[key].key.split('/').length + 3);
}
