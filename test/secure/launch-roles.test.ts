/**
 * The factory's launch roles of the shipped catalog, proved by IAM policy
 * simulation both ways, for every shipped product, on the catalog stack the
 * factory synthesizes (the role and every managed policy attached to it):
 *
 * - it CAN make every create call of every resource in the templates of every
 *   published version, through CloudFormation (`aws:CalledVia`), attach the
 *   policies its roles name, pass its roles to the services that take them, and
 *   make the calls Service Catalog makes with it (stack operations, the staged
 *   template, SSM-typed parameters);
 * - it CANNOT make the same calls directly, touch stacks that are not Service
 *   Catalog's, another product's named roles, parameters and buckets, pass
 *   arbitrary roles, or escalate (policy versions, policies on other roles,
 *   launch roles, users).
 *
 * The cases come from the product templates (launch-role-cases.ts), never from
 * the role's policy.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ResolvedTemplate } from './cfn-resolver';
import { arnOf, createCases, dedupe, directly, type LaunchSite, launchOf, passedRoleCases, physicalName, THROUGH_CLOUDFORMATION } from './launch-role-cases';
import { type CannotCase, describeRoleTable, type RoleCase, roleUnderTest } from './policy-simulation';
import { shippedVersions } from './shipped-versions';
import { CatalogStack } from '../../src/generator/catalog-stack';
import { loadCatalog } from '../../src/manifest';
import { catalogFactName, catalogTargets, factoryLaunchRoleName } from '../../src/model';
import { REPO_ROOT, tempDir } from '../helpers';

type Json = any;

const catalog = loadCatalog(REPO_ROOT);
const versions = shippedVersions(catalog);
const targets = catalogTargets(catalog);

let synthesized: Map<string, Json> | undefined;
/** The catalog stack templates, by stack id, synthesized once. */
function catalogTemplates(): Map<string, Json> {
  if (!synthesized) {
    const app = new App({ outdir: tempDir() });
    const stacks = targets.map((target) => new CatalogStack(app, { catalog, target, versions }));
    synthesized = new Map(stacks.map((stack) => [stack.node.id, Template.fromStack(stack).toJSON()]));
  }
  return synthesized;
}

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

for (const product of catalog.products) {
  const target = targets.find((t) => t.products.some((p) => p.id === product.id))!;
  const { id: account } = target.account;
  const { region } = target;
  const site: LaunchSite = { account, region, stackName: `SC-${account}-pp-abcdefgh23456` };
  const stackArn = (name: string) => `arn:aws:cloudformation:${region}:${account}:stack/${name}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
  const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
  const published = versions.get(product.id)!;
  const launchRoleName = factoryLaunchRoleName(catalog.name, product.id, region);
  const catalogStackName = CatalogStack.stackNameOf(catalog, target);

  const creates = dedupe(published.flatMap((v) => createCases(v.template, site, product.id, v.version.name)));
  const publishers = target.products.map((p) => versions.get(p.id)!.at(-1)!.template);
  const passes = dedupe(published.flatMap((v) => passedRoleCases(v.template, site, product.id, v.version.name, publishers)));

  const serviceCatalog: RoleCase[] = [
    ...['CreateStack', 'UpdateStack', 'DeleteStack', 'CreateChangeSet', 'ExecuteChangeSet', 'DescribeChangeSet', 'DescribeStacks', 'DescribeStackEvents', 'GetTemplate']
      .map((call) => ({ name: `run cloudformation:${call} on its provisioned product's stack`, action: `cloudformation:${call}`, resource: stackArn(site.stackName) })),
    { name: 'run cloudformation:GetTemplateSummary', action: 'cloudformation:GetTemplateSummary', resource: stackArn(site.stackName) },
    { name: 'run cloudformation:ValidateTemplate', action: 'cloudformation:ValidateTemplate', resource: '*' },
    {
      name: 'read the template Service Catalog staged for the launch',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::sc-staged-templates-bucket/product/template.json',
      context: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' },
    },
    ...dedupe(
      published.flatMap((v) =>
        Object.values<Json>(v.template.Parameters ?? {})
          .filter((p) => String(p.Type).startsWith('AWS::SSM::Parameter::Value<'))
          .map((p) => ({ name: `resolve the SSM-typed parameter ${p.Default}`, action: 'ssm:GetParameters', resource: `arn:aws:ssm:${region}:${account}:parameter${p.Default}` })),
      ),
    ),
    {
      name: 'resolve a catalog fact the catalog stack publishes',
      action: 'ssm:GetParameters',
      resource: `arn:aws:ssm:${region}:${account}:parameter${catalogFactName(catalog.name, 'stagingAccounts')}`,
    },
  ];

  // Roles the product's templates create, by ARN (to attach AdministratorAccess to, or pass to EC2).
  const ownRoles = [...new Set(creates.filter((c) => c.action === 'iam:CreateRole').map((c) => c.resource))];
  const otherLaunchRoles = catalog.products
    .filter((p) => target.products.some((t) => t.id === p.id))
    .map((p) => factoryLaunchRoleName(catalog.name, p.id, region));
  const through = (c: Omit<CannotCase, 'context'> & { context?: Record<string, string | string[]> }): CannotCase => ({
    ...c,
    context: { ...THROUGH_CLOUDFORMATION, ...c.context },
    implicitly: true,
  });

  const escalation: CannotCase[] = [
    ...[catalogStackName, 'CDKToolkit', `StackSet-${catalog.name}-organization-0f1e2d3c`].flatMap((name) =>
      ['UpdateStack', 'DeleteStack', 'CreateChangeSet'].map((call) => ({
        name: `run cloudformation:${call} on stack ${name}, not Service Catalog's`,
        action: `cloudformation:${call}`,
        resource: stackArn(name),
        implicitly: true,
      })),
    ),
    {
      name: 'create its stack with a service role (CloudFormation would act as that role instead of through the launch role)',
      action: 'cloudformation:CreateStack',
      resource: stackArn(site.stackName),
      context: { 'cloudformation:RoleArn': roleArn(`cdk-hnb659fds-cfn-exec-role-${account}-${region}`) },
      implicitly: true,
    },
    {
      name: 'read an S3 object Service Catalog did not stage',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::cdk-hnb659fds-assets-${account}-${region}/template.json`,
      context: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'false' },
      implicitly: true,
    },
    { name: 'read an SSM parameter outside the catalog prefix', action: 'ssm:GetParameters', resource: `arn:aws:ssm:${region}:${account}:parameter/secrets/database-password`, implicitly: true },
    ...otherLaunchRoles.flatMap((name) =>
      ['PutRolePolicy', 'DeleteRolePolicy', 'UpdateAssumeRolePolicy', 'DetachRolePolicy'].map((call) =>
        through({ name: `run iam:${call} on the launch role ${name}`, action: `iam:${call}`, resource: roleArn(name) }),
      ),
    ),
    ...otherLaunchRoles.map((name) =>
      through({ name: `attach AdministratorAccess to the launch role ${name}`, action: 'iam:AttachRolePolicy', resource: roleArn(name), context: { 'iam:PolicyARN': ADMIN } }),
    ),
    ...ownRoles.map((arn) =>
      through({ name: `attach AdministratorAccess to its own role ${arn.split('/').pop()}`, action: 'iam:AttachRolePolicy', resource: arn, context: { 'iam:PolicyARN': ADMIN } }),
    ),
    ...[ADMIN, `arn:aws:iam::${account}:policy/PlatformAdmin`, `arn:aws:iam::${account}:policy/${catalogStackName}-LaunchRolesPolicy1-AbC123dEf456`].flatMap((arn) =>
      ['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion'].map((call) =>
        through({ name: `run iam:${call} on ${arn.split(':').pop()}`, action: `iam:${call}`, resource: arn }),
      ),
    ),
    through({ name: 'create a role outside its names', action: 'iam:CreateRole', resource: roleArn('Administrator') }),
    through({ name: 'create a user', action: 'iam:CreateUser', resource: `arn:aws:iam::${account}:user/mallory` }),
    through({ name: 'create an access key', action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${account}:user/mallory` }),
    ...['OrganizationAccountAccessRole', launchRoleName, `cdk-hnb659fds-cfn-exec-role-${account}-${region}`].flatMap((name) =>
      ['cloudformation.amazonaws.com', 'sagemaker.amazonaws.com', 'lambda.amazonaws.com'].map((service) => ({
        name: `pass ${name} to ${service}`,
        action: 'iam:PassRole',
        resource: roleArn(name),
        context: { ...THROUGH_CLOUDFORMATION, 'iam:PassedToService': service },
        implicitly: true,
      })),
    ),
    ...ownRoles.slice(0, 3).map((arn) => ({
      name: `pass its own role ${arn.split('/').pop()} to EC2 (no template does)`,
      action: 'iam:PassRole',
      resource: arn,
      context: { ...THROUGH_CLOUDFORMATION, 'iam:PassedToService': 'ec2.amazonaws.com' },
      implicitly: true,
    })),
    ...[`${catalog.name}-assets-${account}-${region}`, `cdk-hnb659fds-assets-${account}-${region}`].map((bucket) =>
      through({ name: `put a bucket policy on ${bucket}`, action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::${bucket}` }),
    ),
    through({
      name: "change the code of the catalog stack's own function",
      action: 'lambda:UpdateFunctionCode',
      resource: `arn:aws:lambda:${region}:${account}:function:${catalogStackName}-CustomCDKBucketDeployment-AbC123`,
    }),
    through({ name: 'write an SSM parameter outside its names', action: 'ssm:PutParameter', resource: `arn:aws:ssm:${region}:${account}:parameter/other-team/secret` }),
  ];

  // Named roles, parameters and buckets of the other products published in the same account and region.
  const ownNames = new Set(creates.map((c) => c.resource));
  const neighbours: CannotCase[] = target.products
    .filter((other) => other.id !== product.id)
    .flatMap((other) => {
      const template = versions.get(other.id)!.at(-1)!.template as Json;
      const launch = launchOf(template, site);
      const named = (type: string, property: string) =>
        Object.entries<Json>(template.Resources).filter(([, r]) => r.Type === type && r.Properties?.[property] !== undefined).map(([id]) => id);
      const cases = [
        ...named('AWS::IAM::Role', 'RoleName').map((id) => ({ id, action: 'iam:PutRolePolicy' })),
        ...named('AWS::SSM::Parameter', 'Name').map((id) => ({ id, action: 'ssm:PutParameter' })),
        ...named('AWS::S3::Bucket', 'BucketName').map((id) => ({ id, action: 's3:PutBucketPolicy' })),
      ];
      return cases
        .map(({ id, action }) => ({ arn: arnOf(launch, site, id), name: physicalName(launch, site, id), action }))
        .filter(({ arn }) => !ownNames.has(arn))
        .map(({ arn, name, action }) => through({ name: `run ${action} on ${other.id}'s ${name}`, action, resource: arn }));
    });

  describeRoleTable(
    `launch role of ${product.id} (${launchRoleName})`,
    () => {
      const template = catalogTemplates().get(CatalogStack.idOf(target))!;
      const launch = new ResolvedTemplate(template, { accountId: account, region });
      const roleId = launch.logicalIdsOf('AWS::IAM::Role').find((id) => launch.properties(id).RoleName === launchRoleName);
      if (!roleId) throw new Error(`no launch role ${launchRoleName} in ${CatalogStack.idOf(target)}`);
      return roleUnderTest(launch, roleId);
    },
    {
      can: [...serviceCatalog, ...creates, ...passes],
      cannot: [...directly(creates, catalog.defaults.ssmPrefix), ...escalation, ...dedupe(neighbours)],
    },
  );
}
