/**
 * Where models are deployed, and the roles that make it possible. The accounts
 * come from catalog.yaml (by stage), never from the end user: products read them
 * at launch from the catalog stack's SSM parameters (catalog facts), and only
 * `catalogRequirements` (validate) looks at catalog.yaml itself; the roles are
 * created in each staging and production account by the deployment baseline
 * product (products/model-deployment-baseline) under fixed names, so the
 * project templates in the data science account can grant exactly them and no
 * one else.
 */
import { Aws } from 'aws-cdk-lib';
import { roleInAnyAccount } from './catalog-account-grants';
import type { Account } from '../model/catalog';
import { deploymentTargets, type TargetStage } from '../model/deployment-targets';

// In the model, so products' contracts (contract.ts) can use them without loading aws-cdk-lib.
export { deploymentTargets, type DeploymentTargets, type TargetStage } from '../model/deployment-targets';

/** The roles the deployment baseline creates in every staging and production account. */
export interface TargetRoleNames {
  /** Assumed by SageMaker: runs the model (reads its artifacts, writes data capture). */
  readonly modelExecution: string;
  /**
   * Assumed by a deploy project's deploy build from the data science accounts, with the project
   * id as a session tag: creates and updates that project's endpoint stacks only.
   */
  readonly deployment: string;
  /** Passed to CloudFormation by the deployment role: creates the endpoint stack. */
  readonly cloudFormationExecution: string;
  /**
   * Staging only: assumed by a deploy project's smoke test, with the project id as a
   * session tag, to describe and invoke that project's endpoints only.
   */
  readonly smokeTest: string;
}

/** Role names for a catalog: `<catalog>-model-execution`, ... (at most 31 + 22 characters). */
export function targetRoleNames(catalogName: string): TargetRoleNames {
  return {
    modelExecution: `${catalogName}-model-execution`,
    deployment: `${catalogName}-model-deployment`,
    cloudFormationExecution: `${catalogName}-model-cfn-execution`,
    smokeTest: `${catalogName}-model-smoke-test`,
  };
}

/**
 * Name prefix of the deploy projects' roles that act in the target accounts
 * (the deploy build and the smoke test): the target roles trust only roles of the
 * data science accounts named so, carrying the project tags (and each project's
 * own policy names the exact target roles it may assume).
 */
export const DEPLOY_PROJECT_ROLE_PREFIX = 'sagemaker-project-deploy-';

/**
 * The deploy project roles, by purpose (the last part of their names). `deploy` and
 * `smokeTest` act in the target accounts; `pipeline` (CodePipeline) no longer does.
 */
export const DEPLOY_PROJECT_ROLES = { pipeline: 'pipeline', deploy: 'deploy', smokeTest: 'smoke-test' } as const;

/** IAM's limit on a role name. */
export const MAX_ROLE_NAME_LENGTH = 64;

/**
 * `sagemaker-project-deploy-<project id>-<purpose>`: 25 + 20 (the project id's maximum) + 1 + the
 * purpose, which leaves 18 characters for a purpose within IAM's 64 (every purpose above fits).
 */
export function deployProjectRoleName(projectId: string, purpose: string): string {
  return `${DEPLOY_PROJECT_ROLE_PREFIX}${projectId}-${purpose}`;
}

/** Stack name of the endpoint in each target account: `sagemaker-<project name>-<project id><suffix>`. */
export const ENDPOINT_STACK_SUFFIX: Record<TargetStage, string> = { staging: '-staging', prod: '-prod' };

/** The project id tag (also the session tag the smoke test carries). */
export const PROJECT_ID_TAG = 'sagemaker:project-id';

/**
 * Who a statement of a VPC endpoint policy admits from other accounts: roles named `roleName` of
 * the accounts listed (a catalog fact, src/secure/catalog-fact-parameters.ts: a list token),
 * acting on resources of those accounts. Conditions, not ARNs per account: a CloudFormation list
 * parameter cannot be mapped to one ARN per element, and a condition key compares against every
 * value of a list ("If multiple values are specified for a single condition key, AWS evaluates
 * them using a logical OR", IAM User Guide, "Condition element"). `aws:PrincipalAccount` and
 * `aws:ResourceAccount` are global keys present for the calls admitted here (IAM User Guide, "AWS
 * global condition context keys"); the catalog's 'none' for an empty list matches no account.
 */
function rolesOfAccounts(accounts: string[], roleName: string): Record<string, unknown> {
  return {
    StringEquals: { 'aws:PrincipalAccount': accounts, 'aws:ResourceAccount': accounts },
    ArnLike: { 'aws:PrincipalArn': roleInAnyAccount(roleName) },
  };
}

/**
 * The statement a data science environment's SageMaker API and runtime interface
 * endpoints need next to their account-only policy so the deploy projects' smoke
 * tests, which run in the environment's VPC, can describe and invoke staging
 * endpoints with the staging smoke-test role's credentials: only those roles,
 * only those two actions, only endpoints of the staging accounts (the catalog's,
 * read at launch). Without it the endpoints' `aws:PrincipalAccount` condition
 * denies the smoke test.
 */
export function stagingSmokeTestEndpointStatement(stagingAccounts: string[], catalogName: string): Record<string, unknown> {
  return {
    Sid: 'StagingSmokeTests',
    Effect: 'Allow',
    Principal: '*',
    Action: ['sagemaker:DescribeEndpoint', 'sagemaker:InvokeEndpoint'],
    Resource: `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:*:endpoint/*`,
    Condition: rolesOfAccounts(stagingAccounts, targetRoleNames(catalogName).smokeTest),
  };
}

/**
 * What a deploy project's deploy build calls in a target account, with the target's deployment role
 * (a session tagged with the project id): create or update the project's endpoint stack through a
 * change set, wait for it, and delete a stack left in ROLLBACK_COMPLETE before creating it again.
 */
export const ENDPOINT_STACK_ACTIONS = [
  'cloudformation:CreateChangeSet',
  'cloudformation:DescribeChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:DeleteChangeSet',
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DeleteStack',
  'cloudformation:TagResource',
] as const;

/**
 * The statement a data science environment's CloudFormation interface endpoint needs next to its
 * account-only policy so the deploy projects' deploy builds, which run in the environment's VPC, can
 * deploy endpoint stacks with the staging and production deployment roles' credentials: only those
 * roles, only the change-set calls of a deploy, only `sagemaker-*` stacks of those accounts (the
 * catalog's, read at launch). Which project's stacks a session may touch is the deployment role's own
 * policy (its session tag).
 */
export function targetDeploymentEndpointStatement(targetAccounts: string[], catalogName: string): Record<string, unknown> {
  return {
    Sid: 'TargetDeployments',
    Effect: 'Allow',
    Principal: '*',
    Action: [...ENDPOINT_STACK_ACTIONS],
    Resource: `arn:${Aws.PARTITION}:cloudformation:${Aws.REGION}:*:stack/sagemaker-*/*`,
    Condition: rolesOfAccounts(targetAccounts, targetRoleNames(catalogName).deployment),
  };
}
