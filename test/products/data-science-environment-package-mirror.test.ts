/**
 * The package mirror of the data science environment (4.0.0), both ways, by IAM
 * policy simulation over the synthesized template (test/secure/policy-simulation.ts):
 * the roles Studio and pipelines run as get a token and read packages of the
 * environment's `pypi` repository, through the CodeArtifact endpoints of the
 * VPC, with the domain and repository policies in the evaluation; they cannot
 * publish, change the repository or domain policies, read another domain, or
 * use the mirror from outside the environment. The S3 endpoint admits the
 * CodeArtifact asset bucket of the region for reading and nothing more.
 */
import { spawnSync } from 'node:child_process';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { CODEARTIFACT_ASSET_BUCKETS, DataScienceEnvironmentProduct } from '../../products/data-science-environment';
import { PIP_MIRROR_LIFECYCLE_SCRIPT } from '../../products/data-science-environment/studio-packages';
import { loadCatalog } from '../../src/manifest';
import { pythonTool } from '../../src/secure/python-tools';
import { catalogRoot, synthProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';
import { type CannotCase, describeRoleTable, type RoleCase, roleUnderTest, simulate } from '../secure/policy-simulation';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

const product = synthProduct(DataScienceEnvironmentProduct, 'data-science-environment', loadCatalog(catalogRoot('data-science-environment')));
const dse = product.stack as DataScienceEnvironmentProduct;
const id = (construct: IConstruct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const launch = new ResolvedTemplate(product.json, { accountId: ACCOUNT, region: REGION, parameters: { EnvironmentName: 'churn', EnvironmentType: 'dev' } });

const vpc = launch.ref(id(dse.network.vpc));
const endpointPolicy = (endpoint: string) => [
  { name: endpoint, policy: launch.properties(id(dse.network.interfaceEndpoints.get(endpoint)!)).PolicyDocument },
];
const domainPolicy = launch.properties(id(dse.packageMirror.domain)).PermissionsPolicyDocument;
const repositoryPolicy = launch.properties(id(dse.packageMirror.repository)).PermissionsPolicyDocument;
const DOMAIN = 'churn-dev';
const codeartifact = (resource: string) => `arn:aws:codeartifact:${REGION}:${ACCOUNT}:${resource}`;
const FROM_STUDIO = (endpoint: string) => ({ 'aws:SourceVpc': vpc, 'aws:SourceVpce': launch.ref(id(dse.network.interfaceEndpoints.get(endpoint)!)) });
const THROUGH_API = { context: FROM_STUDIO('CodeArtifactApi'), vpcEndpointPolicies: endpointPolicy('CodeArtifactApi') };
const THROUGH_REPOSITORIES = { context: FROM_STUDIO('CodeArtifactRepositories'), vpcEndpointPolicies: endpointPolicy('CodeArtifactRepositories') };

const reading: RoleCase[] = [
  {
    name: "get a token for the environment's domain",
    action: 'codeartifact:GetAuthorizationToken',
    resource: codeartifact(`domain/${DOMAIN}`),
    resourcePolicy: domainPolicy,
    ...THROUGH_API,
  },
  {
    name: 'get the bearer token CodeArtifact issues through STS',
    action: 'sts:GetServiceBearerToken',
    resource: '*',
    context: { 'aws:SourceVpc': vpc, 'sts:AWSServiceName': 'codeartifact.amazonaws.com' },
  },
  {
    name: "look up the pypi repository's endpoint",
    action: 'codeartifact:GetRepositoryEndpoint',
    resource: codeartifact(`repository/${DOMAIN}/pypi`),
    resourcePolicy: repositoryPolicy,
    ...THROUGH_API,
  },
  {
    name: 'read packages from the pypi repository (pip install)',
    action: 'codeartifact:ReadFromRepository',
    resource: codeartifact(`repository/${DOMAIN}/pypi`),
    resourcePolicy: repositoryPolicy,
    ...THROUGH_REPOSITORIES,
  },
];

const notReading: CannotCase[] = [
  {
    name: 'publish a package to the pypi repository',
    action: 'codeartifact:PublishPackageVersion',
    // PyPI packages have no namespace (`pypi//name` in AWS's ARNs); the simulator wants the segment filled. Nothing
    // grants PublishPackageVersion on any package, so the name does not decide the outcome.
    resource: codeartifact(`package/${DOMAIN}/pypi/pypi/none/churn-model`),
    resourcePolicy: repositoryPolicy,
    ...THROUGH_REPOSITORIES,
    implicitly: true,
  },
  {
    name: 'replace the repository policy',
    action: 'codeartifact:PutRepositoryPermissionsPolicy',
    resource: codeartifact(`repository/${DOMAIN}/pypi`),
    resourcePolicy: repositoryPolicy,
    ...THROUGH_API,
    implicitly: true,
  },
  {
    name: 'replace the domain policy',
    action: 'codeartifact:PutDomainPermissionsPolicy',
    resource: codeartifact(`domain/${DOMAIN}`),
    resourcePolicy: domainPolicy,
    ...THROUGH_API,
    implicitly: true,
  },
  {
    name: 'add another upstream or external connection to the repository',
    action: 'codeartifact:AssociateExternalConnection',
    resource: codeartifact(`repository/${DOMAIN}/pypi`),
    resourcePolicy: repositoryPolicy,
    ...THROUGH_API,
    implicitly: true,
  },
  {
    name: "read the PyPI store directly (only through the pypi repository's upstream)",
    action: 'codeartifact:ReadFromRepository',
    resource: codeartifact(`repository/${DOMAIN}/pypi-store`),
    ...THROUGH_REPOSITORIES,
    implicitly: true,
  },
  {
    name: "get a token for another domain of the account (another environment's)",
    action: 'codeartifact:GetAuthorizationToken',
    resource: codeartifact('domain/other-dev'),
    ...THROUGH_API,
    implicitly: true,
  },
  {
    name: "read another domain's repository",
    action: 'codeartifact:ReadFromRepository',
    resource: codeartifact('repository/other-dev/pypi'),
    ...THROUGH_REPOSITORIES,
    implicitly: true,
  },
  {
    name: 'get a bearer token for another service',
    action: 'sts:GetServiceBearerToken',
    resource: '*',
    context: { 'aws:SourceVpc': vpc, 'sts:AWSServiceName': 'other.amazonaws.com' },
    implicitly: true,
  },
  {
    name: 'get a token with its credentials outside the environment',
    action: 'codeartifact:GetAuthorizationToken',
    resource: codeartifact(`domain/${DOMAIN}`),
    resourcePolicy: domainPolicy,
    context: { 'aws:SourceIp': '198.51.100.7', 'aws:ViaAWSService': 'false' },
  },
];

describe('data-science-environment: the package mirror, by IAM policy simulation', () => {
  const roleId = (key: 'sageMakerExecution' | 'pipelineExecution') => id(dse.identity.roles[key].node.defaultChild as IConstruct);

  describeRoleTable('SageMaker execution role (Studio: pip install)', () => roleUnderTest(launch, roleId('sageMakerExecution')), {
    can: reading,
    cannot: notReading,
  });
  describeRoleTable('pipeline execution role', () => roleUnderTest(launch, roleId('pipelineExecution')), { can: reading, cannot: notReading });
  describeRoleTable('model execution role (endpoints install nothing)', () => roleUnderTest(launch, id(dse.identity.roles.modelExecution.node.defaultChild as IConstruct)), {
    can: [],
    cannot: reading.map((c) => ({ ...c, implicitly: true })),
  });

  test("the repository and domain policies name the environment's reading roles and nobody else", () => {
    const readers = [dse.identity.roles.sageMakerExecution, dse.identity.roles.pipelineExecution].map((role) =>
      launch.getAtt(id(role.node.defaultChild as IConstruct), 'Arn'),
    );
    for (const policy of [domainPolicy, repositoryPolicy]) {
      for (const statement of policy.Statement) expect({ effect: statement.Effect, principal: statement.Principal }).toEqual({ effect: 'Allow', principal: { AWS: readers } });
    }
  });

  test('the repository fetches from public PyPI through its upstream store, in a domain encrypted with the packages key', () => {
    expect(launch.properties(id(dse.packageMirror.store)).ExternalConnections).toEqual(['public:pypi']);
    expect(launch.properties(id(dse.packageMirror.repository)).ExternalConnections).toBeUndefined();
    expect(launch.properties(id(dse.packageMirror.domain)).EncryptionKey).toBe(launch.getAtt(id(dse.keys.packages), 'Arn'));
  });

  describe('Studio: the JupyterLab lifecycle configuration', () => {
    const config = () => launch.properties(id(dse.studioPackages.lifecycleConfig));
    /** The script as this launch gets it (Fn::Sub, then Fn::Base64, resolved). */
    const script = () => Buffer.from(config().StudioLifecycleConfigContent, 'base64').toString('utf8');

    test('is the default of every user and space, for JupyterLab', () => {
      expect(config().StudioLifecycleConfigAppType).toBe('JupyterLab');
      const arn = launch.getAtt(id(dse.studioPackages.lifecycleConfig), 'StudioLifecycleConfigArn');
      const domain = launch.properties(id(dse.studio.domain));
      for (const settings of [domain.DefaultUserSettings, domain.DefaultSpaceSettings, launch.properties(id(dse.studio.userProfile)).UserSettings]) {
        expect(settings.JupyterLabAppSettings).toEqual({ LifecycleConfigArns: [arn], DefaultResourceSpec: { LifecycleConfigArn: arn } });
      }
    });

    test("points pip at this environment's pypi repository with a token that expires with the session", () => {
      expect(product.json.Resources[id(dse.studioPackages.lifecycleConfig)].Properties.StudioLifecycleConfigContent['Fn::Base64']['Fn::Sub'][0]).toBe(
        PIP_MIRROR_LIFECYCLE_SCRIPT,
      );
      const text = script();
      expect(text).toContain(`DOMAIN, OWNER, REGION, REPOSITORY = "${DOMAIN}", "${ACCOUNT}", "${REGION}", "pypi"`);
      expect(text).toContain('durationSeconds=0');
      expect(text).toContain('"global.index-url"');
    });

    test('is valid bash, and its pip-mirror-login is valid Python (the project\'s interpreter compiles it)', () => {
      const text = script();
      expect(spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' }).status).toBe(0);
      const python = text.slice(text.indexOf("<<'SCRIPT'\n") + "<<'SCRIPT'\n".length, text.indexOf('\nSCRIPT\n'));
      expect(python.startsWith('#!/usr/bin/env python3')).toBe(true);
      const compiled = spawnSync(pythonTool('python'), ['-c', 'import sys; compile(sys.stdin.read(), "pip-mirror-login", "exec")'], { input: python, encoding: 'utf8' });
      expect({ status: compiled.status, stderr: compiled.stderr }).toEqual({ status: 0, stderr: '' });
    });

    test('its name fits SageMaker (63 characters) with the longest environment name and type', () => {
      const longest = new ResolvedTemplate(product.json, { accountId: ACCOUNT, region: REGION, parameters: { EnvironmentName: 'a'.repeat(31), EnvironmentType: 'staging' } });
      expect(longest.properties(id(dse.studioPackages.lifecycleConfig)).StudioLifecycleConfigName.length).toBeLessThanOrEqual(63);
      expect(longest.properties(id(dse.packageMirror.domain)).DomainName.length).toBeLessThanOrEqual(50);
    });
  });

  describe('the S3 gateway endpoint', () => {
    // Any principal whose own policies allow everything: only the endpoint policy decides.
    const anyone = () => ({
      principal: `arn:aws:iam::${ACCOUNT}:role/anyone`,
      account: ACCOUNT,
      identityPolicies: [{ name: 'all', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
    });
    const s3Endpoint = [{ name: 'S3Endpoint', policy: launch.properties(id(dse.network.s3Endpoint)).PolicyDocument }];
    const assets = CODEARTIFACT_ASSET_BUCKETS[REGION];

    test.each([
      ['s3:GetObject', `arn:aws:s3:::${assets}/some/asset`, 'Allowed'],
      ['s3:PutObject', `arn:aws:s3:::${assets}/some/asset`, 'ImplicitlyDenied'],
      ['s3:GetObject', `arn:aws:s3:::${CODEARTIFACT_ASSET_BUCKETS['us-east-1']}/some/asset`, 'ImplicitlyDenied'],
      ['s3:GetObject', 'arn:aws:s3:::assets-999999999999-eu-west-1/some/asset', 'ImplicitlyDenied'],
    ])('%s on %s through the endpoint: %s', async (action, resource, expected) => {
      const outcome = await simulate(anyone(), {
        name: action,
        action,
        resource,
        resourceAccount: '438097961670',
        // The AWS-owned bucket admits reads by CodeArtifact's customers (its bucket policy, as assumed here).
        resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] },
        vpcEndpointPolicies: s3Endpoint,
      });
      expect(outcome.result).toBe(expected);
    });

    test("every region of the repository's catalog has its documented asset bucket (the mapping lookup fails the launch otherwise)", () => {
      const catalog = loadCatalog(catalogRoot('repo'));
      for (const region of new Set(catalog.accounts.flatMap((account) => account.regions))) {
        expect({ region, bucket: CODEARTIFACT_ASSET_BUCKETS[region] }).toEqual({ region, bucket: expect.stringMatching(new RegExp(`^assets-\\d{12}-${region}$`)) });
      }
      expect(Object.keys(product.json.Mappings.CodeArtifactAssetBuckets).sort()).toEqual(Object.keys(CODEARTIFACT_ASSET_BUCKETS).sort());
    });
  });
});
