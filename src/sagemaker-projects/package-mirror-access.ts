/**
 * Builds that install Python packages from the data science environment's
 * package mirror (its CodeArtifact `pypi` repository, data science environment
 * 4.0.0): the domain and repository come from the environment's SSM parameters;
 * the build gets them as environment variables and may get a token and read
 * the repository, nothing more (no publishing, no other domain). Its buildspec
 * runs PACKAGE_MIRROR_LOGIN before any `pip install`.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SHARED_GROUPS } from '../secure/secure-product-stack';
import type { SecureProductStack } from '../secure/secure-product-stack';

export interface PackageMirrorAccess {
  /** The CodeArtifact domain (a token is fine). */
  readonly domainName: string;
  /** The repository to install from (a token is fine). */
  readonly repositoryName: string;
}

/**
 * What a buildspec runs before installing: `aws codeartifact login` writes pip's
 * configuration with a token valid for the build (the CLI's default, 12 hours at
 * most, never longer than the build role's session), through the CodeArtifact
 * endpoints of the VPC.
 */
export const PACKAGE_MIRROR_LOGIN =
  'aws codeartifact login --tool pip --domain "$CODEARTIFACT_DOMAIN" --domain-owner "$CODEARTIFACT_DOMAIN_OWNER" --repository "$CODEARTIFACT_REPOSITORY"';

/** The environment's package mirror, read from its SSM parameters (shared parameters of the product). */
export function environmentPackageMirror(stack: SecureProductStack): PackageMirrorAccess {
  return {
    domainName: stack.shared.value('packageDomainName', SHARED_GROUPS.environment).valueAsString,
    repositoryName: stack.shared.value('packageRepositoryName', SHARED_GROUPS.environment).valueAsString,
  };
}

/** The build's environment variables that PACKAGE_MIRROR_LOGIN reads. */
export function packageMirrorVariables(mirror: PackageMirrorAccess): Record<string, string> {
  return { CODEARTIFACT_DOMAIN: mirror.domainName, CODEARTIFACT_DOMAIN_OWNER: Aws.ACCOUNT_ID, CODEARTIFACT_REPOSITORY: mirror.repositoryName };
}

/** Reading the mirror: a token for its domain (through STS), the repository's endpoint and packages. */
export function packageMirrorReadStatements(mirror: PackageMirrorAccess): iam.PolicyStatement[] {
  const prefix = `arn:${Aws.PARTITION}:codeartifact:${Aws.REGION}:${Aws.ACCOUNT_ID}`;
  return [
    new iam.PolicyStatement({
      sid: 'PackageMirrorToken',
      actions: ['codeartifact:GetAuthorizationToken'],
      resources: [Fn.join('', [`${prefix}:domain/`, mirror.domainName])],
    }),
    new iam.PolicyStatement({
      // https://docs.aws.amazon.com/codeartifact/latest/ug/tokens-authentication.html
      sid: 'PackageMirrorBearerToken',
      actions: ['sts:GetServiceBearerToken'],
      resources: ['*'],
      conditions: { StringEquals: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } },
    }),
    new iam.PolicyStatement({
      sid: 'PackageMirrorRead',
      actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
      resources: [Fn.join('', [`${prefix}:repository/`, mirror.domainName, '/', mirror.repositoryName])],
    }),
  ];
}
