/**
 * The environment's private Python package mirror (4.0.0): an AWS CodeArtifact
 * domain encrypted with the environment's packages key, a store repository with
 * the external connection to public PyPI, and the team's repository (`pypi`)
 * with the store as its upstream. Studio, jobs and the project builds reach it
 * through the CodeArtifact interface endpoints of the VPC (network.ts); the
 * domain and repository policies name the environment's roles and nobody else.
 *
 * Same-account callers are governed by their identity policies as well
 * (https://docs.aws.amazon.com/codeartifact/latest/ug/repo-policies.html): the
 * resource policies grant nothing beyond the environment's roles, and the
 * roles' own policies (workload-permissions.ts) grant reading only.
 */
import { Fn } from 'aws-cdk-lib';
import * as codeartifact from 'aws-cdk-lib/aws-codeartifact';
import { Construct } from 'constructs';

/** The repository people and builds install from (its upstream holds what was fetched from PyPI). */
export const PYPI_REPOSITORY = 'pypi';
/** The repository with the external connection: only the `pypi` repository reads it, as its upstream. */
export const PYPI_STORE_REPOSITORY = 'pypi-store';

/** What reading packages takes: a token for the domain, the endpoint of the repository, its packages. */
export const PACKAGE_READ_ACTIONS = ['codeartifact:GetAuthorizationToken', 'codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'];

/** ARNs of the mirror, from its (deterministic) domain name: identity and endpoint policies need them before it exists. */
export function packageMirrorArns(domainName: string): { readonly domain: string; readonly repository: string; readonly repositories: string } {
  const prefix = 'arn:${AWS::Partition}:codeartifact:${AWS::Region}:${AWS::AccountId}';
  return {
    domain: Fn.sub(`${prefix}:domain/\${Domain}`, { Domain: domainName }),
    repository: Fn.sub(`${prefix}:repository/\${Domain}/${PYPI_REPOSITORY}`, { Domain: domainName }),
    repositories: Fn.sub(`${prefix}:repository/\${Domain}/*`, { Domain: domainName }),
  };
}

/** The pip index URL of the `pypi` repository (what `aws codeartifact login --tool pip` writes, without the token). */
export function pypiIndexUrl(domainName: string): string {
  return Fn.sub(`https://\${Domain}-\${AWS::AccountId}.d.codeartifact.\${AWS::Region}.\${AWS::URLSuffix}/pypi/${PYPI_REPOSITORY}/simple/`, {
    Domain: domainName,
  });
}

export interface PackageMirrorProps {
  /** `<environment name>-<environment type>`: 2-50 lowercase letters, digits and hyphens, as CodeArtifact wants. */
  readonly domainName: string;
  /** The packages key (ARN). */
  readonly keyArn: string;
  /** The roles that read packages (ARNs): the only principals the resource policies name. */
  readonly readerRoleArns: string[];
}

export class PackageMirror extends Construct {
  public readonly domain: codeartifact.CfnDomain;
  public readonly store: codeartifact.CfnRepository;
  public readonly repository: codeartifact.CfnRepository;

  constructor(scope: Construct, id: string, props: PackageMirrorProps) {
    super(scope, id);
    const readers = { AWS: props.readerRoleArns };
    this.domain = new codeartifact.CfnDomain(this, 'Domain', {
      domainName: props.domainName,
      encryptionKey: props.keyArn,
      permissionsPolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          // A domain policy is evaluated for domain-level calls only; the token is all the readers need of it.
          { Sid: 'EnvironmentRolesGetTokens', Effect: 'Allow', Principal: readers, Action: 'codeartifact:GetAuthorizationToken', Resource: '*' },
        ],
      },
    });
    this.store = new codeartifact.CfnRepository(this, 'PypiStore', {
      domainName: this.domain.attrName,
      repositoryName: PYPI_STORE_REPOSITORY,
      description: 'Packages fetched from public PyPI (read through the pypi repository)',
      externalConnections: ['public:pypi'],
    });
    this.repository = new codeartifact.CfnRepository(this, 'Pypi', {
      domainName: this.domain.attrName,
      repositoryName: PYPI_REPOSITORY,
      description: 'Python packages of the environment: pip install from here (PyPI through pypi-store)',
      upstreams: [this.store.attrName],
      permissionsPolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EnvironmentRolesRead',
            Effect: 'Allow',
            Principal: readers,
            Action: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
            Resource: '*',
          },
        ],
      },
    });
  }
}

/**
 * The interface endpoint policy of codeartifact.api and codeartifact.repositories:
 * principals of this account reading this environment's repository, nothing else
 * (no other domain, no publishing, no repository administration from the VPC).
 * The bearer token itself comes from STS (sts:GetServiceBearerToken) through the STS endpoint.
 */
export function codeArtifactEndpointPolicy(domainName: string, account: string): Record<string, unknown> {
  const arns = packageMirrorArns(domainName);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadThisEnvironmentsPackages',
        Effect: 'Allow',
        Principal: '*',
        Action: PACKAGE_READ_ACTIONS,
        Resource: [arns.domain, arns.repository],
        Condition: { StringEquals: { 'aws:PrincipalAccount': account } },
      },
    ],
  };
}
