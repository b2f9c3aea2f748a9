/**
 * The parameters SageMaker passes to a project template, and the project tags.
 * SageMaker sends `SageMakerProjectName` and `SageMakerProjectId` when a Studio
 * user creates a project; every resource the template creates carries
 * `sagemaker:project-name` and `sagemaker:project-id`, which is how Studio shows
 * the project's repositories, pipelines and model groups.
 */
import { Fn, Tags } from 'aws-cdk-lib';
import type { SecureProductStack } from '../secure/secure-product-stack';

/** Console group of the project parameters. */
export const PROJECT_GROUP = 'SageMaker project (filled in by SageMaker)';

/** SageMaker's own constraint on project names. */
export const PROJECT_NAME_PATTERN = '^[a-zA-Z](-*[a-zA-Z0-9])*';

/**
 * Project ids as SageMaker generates them (`p-` and lowercase letters and digits).
 * Lowercase is enforced because the id goes into S3 bucket names.
 */
export const PROJECT_ID_PATTERN = '^[a-z0-9](-*[a-z0-9])*$';
export const PROJECT_ID_MAX_LENGTH = 20;

export const PROJECT_TAGS = { name: 'sagemaker:project-name', id: 'sagemaker:project-id' } as const;

export interface SageMakerProject {
  /** `SageMakerProjectName` (a token). */
  readonly name: string;
  /** `SageMakerProjectId` (a token). */
  readonly id: string;
  /** `<prefix><name>-<id><suffix>`: a name unique to this project, for resources SageMaker's conventions name. */
  resourceName(prefix: string, suffix?: string): string;
  /**
   * `sagemaker-project-<id>-<purpose>-<account>`: a globally unique, lowercase
   * bucket name (the data science environment's S3 endpoint admits `sagemaker-*`
   * buckets of its own account).
   */
  bucketName(purpose: string): string;
}

/**
 * Adds `SageMakerProjectName` and `SageMakerProjectId` to a product stack and tags
 * everything it creates with them. Call it once, first, in a project template.
 */
export function addSageMakerProjectParameters(stack: SecureProductStack): SageMakerProject {
  const name = stack.addParameter('SageMakerProjectName', {
    type: 'String',
    minLength: 1,
    maxLength: 32,
    allowedPattern: PROJECT_NAME_PATTERN,
    constraintDescription: 'must be 1-32 letters, digits and hyphens, starting with a letter (SageMaker project name)',
    description: 'Name of the SageMaker project (SageMaker passes it when the project is created).',
    label: 'Project name',
    group: PROJECT_GROUP,
  }).valueAsString;
  const id = stack.addParameter('SageMakerProjectId', {
    type: 'String',
    minLength: 1,
    maxLength: PROJECT_ID_MAX_LENGTH,
    allowedPattern: PROJECT_ID_PATTERN,
    constraintDescription: 'must be a SageMaker project id such as p-abcdef123456 (lowercase letters, digits, hyphens)',
    description: 'Id of the SageMaker project (SageMaker passes it when the project is created).',
    label: 'Project id',
    group: PROJECT_GROUP,
  }).valueAsString;

  Tags.of(stack).add(PROJECT_TAGS.name, name);
  Tags.of(stack).add(PROJECT_TAGS.id, id);

  return {
    name,
    id,
    resourceName: (prefix, suffix = '') => Fn.join('', [prefix, name, '-', id, suffix].filter((part) => part !== '')),
    bucketName: (purpose) => Fn.join('', ['sagemaker-project-', id, `-${purpose}-`, stack.account]),
  };
}
