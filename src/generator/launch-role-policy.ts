/**
 * The least-privilege policy of a product's launch role, derived from the
 * templates of every published version of the product (active and deprecated:
 * a launched deprecated version is still updated and terminated with it):
 *
 * - the resource types in those templates -> the actions CloudFormation needs
 *   to create, read, update and delete them (launch-role-permissions.ts), allowed
 *   only when called through CloudFormation (`aws:CalledVia`), and on the names
 *   the templates make predictable (their roles, managed policies, buckets, SSM
 *   parameters and documents, functions; `SC-<account>-pp-*` for names
 *   CloudFormation generates from Service Catalog's stack names);
 * - what Service Catalog does with a launch role: stack operations on its
 *   `SC-<account>-pp-*` stacks, reading the template it staged, resolving
 *   SSM-typed parameters under the catalog's SSM prefix;
 * - iam:PassRole only for the roles the product creates or reads from an SSM
 *   parameter another product of the catalog publishes.
 *
 * Why `aws:CalledVia` fits: Service Catalog assumes the launch role and calls
 * CloudFormation with it, without a service role (the launch role trusts
 * servicecatalog.amazonaws.com only; "the IAM role also must have a trust relationship
 * with AWS Service Catalog", https://docs.aws.amazon.com/servicecatalog/latest/adminguide/constraints-launch.html),
 * and without a service role "CloudFormation uses a temporary session that it generates from your user credentials"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html): a forward access
 * session, whose requests carry `aws:CalledVia` = cloudformation.amazonaws.com
 * ("grant your IAM principals the ability to launch EC2 instances only by using CloudFormation",
 * https://aws.amazon.com/blogs/security/how-to-define-least-privileged-permissions-for-actions-called-by-aws-services/).
 * The stack statements below forbid a service role (`cloudformation:RoleArn` absent), so it stays that way.
 * Where it does not fit, the narrowest alternative is used, each said at its statement.
 *
 * Pure: plain policy statements with `{{partition}}`, `{{account}}` and
 * `{{region}}` placeholders, packed into documents under IAM's managed policy
 * size quota; launch-roles.ts renders them with the stack's values.
 */
import { permissionsOf, type ResourcePermissions } from './launch-role-permissions';
import type { VersionTemplates } from './versions';
import type { Catalog } from '../model/catalog';
import type { Diagnostic } from '../model/diagnostics';
import { catalogFactsPath } from '../model/ssm-contract';
import { productAssetBucketName } from '../secure/product-assets';

type Json = any;

export const PARTITION = '{{partition}}';
export const ACCOUNT = '{{account}}';
export const REGION = '{{region}}';

/** The stack names Service Catalog gives provisioned products: `SC-<account>-pp-<id>`. */
export const PROVISIONED_STACK_PREFIX = `SC-${ACCOUNT}-pp-`;

export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Every request CloudFormation makes for a stack operation of the launch role. */
export const THROUGH_CLOUDFORMATION = { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } } as const;

/** IAM's managed policy size quota (characters, whitespace not counted); documents are packed below it with room to spare. */
export const MANAGED_POLICY_SIZE = 6144;
const PACKING_BUDGET = 5600;
/** The longest values the placeholders take (partition aws-us-gov, region us-isof-south-1), for measuring. */
const LONGEST = { [PARTITION]: 'aws-us-gov', [ACCOUNT]: '123456789012', [REGION]: 'us-isof-south-1' };

export interface LaunchRolePolicy {
  readonly productId: string;
  /** Resource types of the product's published versions, sorted. */
  readonly resourceTypes: readonly string[];
  /** Policy documents' statements, each document under MANAGED_POLICY_SIZE. */
  readonly documents: readonly (readonly PolicyStatementJson[])[];
}

/** The launch role policy of a product, or the diagnostics for resource types the permissions table lacks. */
export function launchRolePolicy(
  catalog: Catalog,
  productId: string,
  versions: VersionTemplates,
): { readonly policy?: LaunchRolePolicy; readonly diagnostics: readonly Diagnostic[] } {
  const product = catalog.products.find((p) => p.id === productId)!;
  const templates = (versions.get(productId) ?? []).map((v) => v.template as Json);
  const types = [...new Set(templates.flatMap((t) => Object.values<Json>(t.Resources ?? {}).map((r) => String(r.Type))))].sort();
  const diagnostics: Diagnostic[] = types
    .filter((type) => !permissionsOf(type))
    .map((type) => ({
      ...product.source,
      code: 'INVALID_VALUE' as const,
      message:
        `product '${productId}' creates resources of type ${type}, which the launch role permissions table does not know: ` +
        'add its entry, with its source, to src/generator/launch-role-permissions.ts',
    }));
  if (diagnostics.length > 0) return { diagnostics };

  const entries = types.map((type) => permissionsOf(type)!);
  const names = new NameScopes(templates);
  const statements = [
    ...serviceCatalogStatements(catalog),
    ...serviceStatements(catalog, entries, names),
    ...passRoleStatements(entries, names, passedRoles(catalog, templates, versions)),
  ];
  return { policy: { productId, resourceTypes: types, documents: pack(statements) }, diagnostics: [] };
}

/** What Service Catalog itself does with a launch role. */
function serviceCatalogStatements(catalog: Catalog): PolicyStatementJson[] {
  const stacks = `arn:${PARTITION}:cloudformation:${REGION}:${ACCOUNT}:stack/${PROVISIONED_STACK_PREFIX}*/*`;
  const ssmPrefix = catalog.defaults.ssmPrefix;
  return [
    {
      // Service Catalog calls these with the assumed launch role itself (no forward access session, so no
      // aws:CalledVia): scoped to the stacks it names SC-<account>-pp-<id>. No service role may be given
      // (cloudformation:RoleArn absent), so the stack's own calls run as the launch role through CloudFormation.
      Sid: 'ProvisionedProductStacks',
      Effect: 'Allow',
      Action: [
        'cloudformation:CreateChangeSet',
        'cloudformation:CreateStack',
        'cloudformation:DeleteStack',
        'cloudformation:UpdateStack',
      ],
      Resource: [stacks],
      Condition: { Null: { 'cloudformation:RoleArn': 'true' } },
    },
    {
      Sid: 'ProvisionedProductStackStatus',
      Effect: 'Allow',
      Action: [
        'cloudformation:ContinueUpdateRollback',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStackResource',
        'cloudformation:DescribeStackResources',
        'cloudformation:DescribeStacks',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:GetTemplate',
        'cloudformation:ListChangeSets',
        'cloudformation:ListStackResources',
        'cloudformation:SetStackPolicy',
        'cloudformation:TagResource',
        'cloudformation:UntagResource',
      ],
      Resource: [stacks],
    },
    {
      // Template validation names no stack (the service authorization reference lists no resource for them).
      Sid: 'TemplateValidation',
      Effect: 'Allow',
      Action: ['cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate'],
      Resource: ['*'],
    },
    {
      // The template Service Catalog staged for the launch, in its own bucket (name not ours to know), tagged
      // servicecatalog:provisioning=true: https://docs.aws.amazon.com/servicecatalog/latest/adminguide/getstarted-launchconstraint.html
      Sid: 'ServiceCatalogStagedTemplate',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: ['*'],
      Condition: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
    },
    {
      // SSM-typed template parameters are resolved for the launch (and for Service Catalog's parameter
      // checks), not necessarily through CloudFormation: read-only, under the catalog's SSM prefix (which
      // holds each environment's /<prefix>/<environmentName>/ parameters) and the catalog's own facts
      // (/<catalog name>/catalog/, published by the catalog stack: catalog-facts.ts).
      Sid: 'SsmTypedParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameters'],
      Resource: [
        `arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/${ssmPrefix}/*`,
        `arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/${ssmPrefix}/${catalog.defaults.environmentName}/*`,
        `arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter${catalogFactsPath(catalog.name)}/*`,
      ],
    },
  ];
}

/** Which name scope an action's resource falls in; undefined: any resource (`*`). */
type Scope =
  | 'role' | 'service-linked-role' | 'policy' | 'user' | 'group' | 'bucket' | 'bucket-object' | 'asset-object'
  | 'parameter' | 'document' | 'ssm-tags' | 'function';

function scopeOf(action: string): Scope | undefined {
  const [service, name] = action.split(':');
  switch (service.toLowerCase()) {
    case 'iam':
      if (name === 'CreateServiceLinkedRole') return 'service-linked-role';
      if (name.includes('User')) return 'user';
      if (name.includes('Group')) return 'group';
      if (name.includes('Role')) return 'role';
      if (name.includes('Polic')) return 'policy';
      return undefined;
    case 's3':
      // Seed code and function code come from the catalog's asset bucket; the bucket handlers' object calls
      // are on the product's own buckets.
      if (name === 'GetObject' || name === 'GetObjectVersion') return 'asset-object';
      if (name === 'DeleteObject' || name === 'PutObjectAcl') return 'bucket-object';
      return name === 'ListAllMyBuckets' ? undefined : 'bucket';
    case 'ssm':
      if (name.includes('Parameter')) return 'parameter';
      if (name.includes('Document')) return 'document';
      if (/TagsFor|TagsToResource|TagsFromResource/.test(name)) return 'ssm-tags';
      return undefined;
    case 'lambda':
      // Code signing configs, layers and capacity providers are not functions (no shipped template uses them).
      return /^(GetCodeSigningConfig|GetLayerVersion|PassCapacityProvider)$/.test(name) ? undefined : 'function';
    default:
      return undefined;
  }
}

/** The resource types' service actions, through CloudFormation only, each on its name scope. */
function serviceStatements(catalog: Catalog, entries: readonly ResourcePermissions[], names: NameScopes): PolicyStatementJson[] {
  const actions = [...new Set(entries.flatMap((e) => e.actions))].filter((a) => a !== 'iam:PassRole').sort(byService);
  const arn = (service: string, resource: string, region = REGION) => `arn:${PARTITION}:${service}:${region}:${ACCOUNT}:${resource}`;
  const iam = (resource: string) => `arn:${PARTITION}:iam::${ACCOUNT}:${resource}`;
  const resources: Record<Scope, string[]> = {
    'role': names.roles.map((n) => iam(`role${n}`)),
    'service-linked-role': [iam('role/aws-service-role/*')],
    'policy': names.policies.map((n) => iam(`policy${n}`)),
    'user': [iam(`user/${PROVISIONED_STACK_PREFIX}*`)],
    'group': [iam(`group/${PROVISIONED_STACK_PREFIX}*`)],
    'bucket': names.buckets.map((n) => `arn:${PARTITION}:s3:::${n}`),
    'bucket-object': names.buckets.map((n) => `arn:${PARTITION}:s3:::${n}/*`),
    'asset-object': [`arn:${PARTITION}:s3:::${productAssetBucketName(catalog.name, ACCOUNT, REGION)}/*`],
    'parameter': names.parameters.map((n) => arn('ssm', `parameter/${n}`)),
    'document': names.documents.map((n) => arn('ssm', `document/${n}`)),
    'ssm-tags': [...names.parameters.map((n) => arn('ssm', `parameter/${n}`)), ...names.documents.map((n) => arn('ssm', `document/${n}`))],
    'function': names.functions.map((n) => arn('lambda', `function:${n}`)),
  };
  const groups = new Map<string, { scope?: Scope; actions: string[] }>();
  for (const action of actions) {
    const scope = scopeOf(action);
    if (scope && resources[scope].length === 0) continue; // the product has no such resource: the call is never made
    const key = scope ?? 'any';
    if (!groups.has(key)) groups.set(key, { scope, actions: [] });
    groups.get(key)!.actions.push(action);
  }
  const statements: PolicyStatementJson[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const resource = group.scope ? resources[group.scope] : ['*'];
    const attach = group.scope === 'role' ? group.actions.filter((a) => /^iam:(Attach|Detach)RolePolicy$/.test(a)) : [];
    const others = group.actions.filter((a) => !attach.includes(a));
    for (const [index, chunk] of chunks(others, 60).entries()) {
      statements.push({
        Sid: `ThroughCloudFormation${pascal(key)}${index === 0 ? '' : index + 1}`,
        Effect: 'Allow',
        Action: chunk,
        Resource: [...new Set(resource)],
        Condition: THROUGH_CLOUDFORMATION,
      });
    }
    if (attach.length > 0) {
      // Attaching a policy to a role is the classic escalation: only the product's own managed policies and
      // the AWS managed policies its templates name, onto its own roles.
      statements.push({
        Sid: 'ThroughCloudFormationAttachOwnPolicies',
        Effect: 'Allow',
        Action: attach,
        Resource: [...new Set(resource)],
        Condition: {
          ...THROUGH_CLOUDFORMATION,
          ArnLike: { 'iam:PolicyARN': [...names.policies.map((n) => iam(`policy${n}`)), ...names.awsManagedPolicies] },
        },
      });
    }
  }
  return statements;
}

/**
 * iam:PassRole for the roles the product creates and the roles it reads from SSM parameters, to the services
 * its resource types pass roles to. Not conditioned on aws:CalledVia: the receiving service checks the pass
 * while serving CloudFormation's call, and AWS does not document that key for that check; the calls that
 * pass a role are themselves allowed only through CloudFormation.
 */
function passRoleStatements(entries: readonly ResourcePermissions[], names: NameScopes, passed: readonly string[]): PolicyStatementJson[] {
  const services = [...new Set(entries.filter((e) => e.actions.includes('iam:PassRole')).flatMap((e) => e.passesRoleTo ?? []))].sort();
  const roles = [...new Set([...names.roles, ...passed])];
  if (services.length === 0 || roles.length === 0) return [];
  return [{
    Sid: 'PassOwnRoles',
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: roles.map((n) => `arn:${PARTITION}:iam::${ACCOUNT}:role${n}`),
    Condition: { StringEquals: { 'iam:PassedToService': services } },
  }];
}

/**
 * Role names (`/path/name` patterns) the product passes from SSM-typed parameters: for each parameter of
 * its templates whose default names an SSM parameter some product of the catalog publishes with a role's
 * ARN, that role's name pattern.
 */
function passedRoles(catalog: Catalog, templates: readonly Json[], versions: VersionTemplates): string[] {
  const publishedRoles = new Map<string, string[]>();
  for (const list of versions.values()) {
    for (const { template } of list) {
      const t = template as Json;
      const scopes = new NameScopes([t]);
      for (const resource of Object.values<Json>(t.Resources ?? {})) {
        if (resource.Type !== 'AWS::SSM::Parameter') continue;
        const value = resource.Properties?.Value;
        const roleId = value?.['Fn::GetAtt']?.[1] === 'Arn' ? value['Fn::GetAtt'][0] : undefined;
        if (!roleId || t.Resources[roleId]?.Type !== 'AWS::IAM::Role') continue;
        const key = lastKey(namePattern(resource.Properties.Name));
        publishedRoles.set(key, [...(publishedRoles.get(key) ?? []), scopes.roleOf(t.Resources[roleId])]);
      }
    }
  }
  const result: string[] = [];
  for (const template of templates) {
    for (const parameter of Object.values<Json>(template.Parameters ?? {})) {
      if (!String(parameter.Type).startsWith('AWS::SSM::Parameter::Value<') || typeof parameter.Default !== 'string') continue;
      if (!parameter.Default.startsWith(`/${catalog.defaults.ssmPrefix}/`)) continue;
      result.push(...(publishedRoles.get(lastKey(parameter.Default)) ?? []));
    }
  }
  return [...new Set(result)].sort();
}

/** `/mlops/*\/iam/model-execution-role-arn` -> `iam/model-execution-role-arn`: the SSM contract key. */
function lastKey(name: string): string {
  return name.split('/').slice(-2).join('/');
}

/** The names a product's templates give (or let CloudFormation generate) its resources, as IAM patterns. */
class NameScopes {
  public readonly roles: string[];
  public readonly policies: string[];
  public readonly buckets: string[];
  public readonly parameters: string[];
  public readonly documents: string[];
  public readonly functions: string[];
  /** AWS managed policies the product's roles name in ManagedPolicyArns. */
  public readonly awsManagedPolicies: string[];

  constructor(templates: readonly Json[]) {
    const all = templates.flatMap((t) => Object.values<Json>(t.Resources ?? {}));
    const of = (type: string) => all.filter((r) => r.Type === type);
    const generated = `${PROVISIONED_STACK_PREFIX}*`;
    const named = (type: string, property: string, fallback: string, transform = (n: string) => n) =>
      unique(of(type).map((r) => (r.Properties?.[property] === undefined ? fallback : transform(namePattern(r.Properties[property])))));
    this.roles = unique(of('AWS::IAM::Role').map((r) => this.roleOf(r)));
    this.policies = unique(of('AWS::IAM::ManagedPolicy').map((r) =>
      `${pathOf(r)}${r.Properties?.ManagedPolicyName === undefined ? generated : namePattern(r.Properties.ManagedPolicyName)}`));
    // CloudFormation lower-cases the stack name in the bucket names it generates.
    this.buckets = named('AWS::S3::Bucket', 'BucketName', `sc-${ACCOUNT}-pp-*`);
    this.parameters = named('AWS::SSM::Parameter', 'Name', 'CFN-*', (n) => n.replace(/^\//, ''));
    this.documents = named('AWS::SSM::Document', 'Name', generated);
    this.functions = named('AWS::Lambda::Function', 'FunctionName', generated);
    this.awsManagedPolicies = unique(
      of('AWS::IAM::Role')
        .flatMap((r) => r.Properties?.ManagedPolicyArns ?? [])
        .map((arn: Json) => namePattern(arn))
        .filter((arn: string) => /:iam::aws:policy\//.test(arn)),
    );
  }

  /** `/path/name` of a role: its RoleName, or the name CloudFormation generates from the stack name. */
  public roleOf(resource: Json): string {
    const name = resource.Properties?.RoleName;
    return `${pathOf(resource)}${name === undefined ? `${PROVISIONED_STACK_PREFIX}*` : namePattern(name)}`;
  }
}

function pathOf(resource: Json): string {
  const path = resource.Properties?.Path;
  return typeof path === 'string' ? path : '/';
}

/**
 * A name as an IAM pattern: literal parts kept, pseudo parameters as placeholders, anything only known at
 * launch (a parameter, an attribute) as `*`.
 */
export function namePattern(value: Json): string {
  const pattern = (v: Json): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (v && typeof v === 'object') {
      if ('Ref' in v) {
        if (v.Ref === 'AWS::AccountId') return ACCOUNT;
        if (v.Ref === 'AWS::Region') return REGION;
        if (v.Ref === 'AWS::Partition') return PARTITION;
        if (v.Ref === 'AWS::URLSuffix') return '*';
        return '*';
      }
      if ('Fn::Join' in v) {
        const [separator, parts] = v['Fn::Join'];
        return Array.isArray(parts) ? parts.map(pattern).join(separator) : '*';
      }
      if ('Fn::Sub' in v) {
        const [text, variables] = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'] : [v['Fn::Sub'], {}];
        return String(text).replace(/\$\{([^}!]+)\}/g, (_: string, name: string) =>
          name in variables ? pattern(variables[name]) : pattern({ Ref: name }));
      }
    }
    return '*';
  };
  return pattern(value).replace(/\*+/g, '*');
}

/** Statements packed, in order, into documents under the managed policy size quota. */
function pack(statements: readonly PolicyStatementJson[]): PolicyStatementJson[][] {
  const documents: PolicyStatementJson[][] = [];
  let current: PolicyStatementJson[] = [];
  for (const statement of statements) {
    if (current.length > 0 && documentLength([...current, statement]) > PACKING_BUDGET) {
      documents.push(current);
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) documents.push(current);
  return documents;
}

/** A document's length as IAM counts it (whitespace not counted), with the placeholders at their longest. */
export function documentLength(statements: readonly PolicyStatementJson[]): number {
  let json = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  for (const [placeholder, value] of Object.entries(LONGEST)) json = json.split(placeholder).join(value);
  return json.replace(/\s/g, '').length;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function byService(a: string, b: string): number {
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

function pascal(text: string): string {
  return text.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}
