/**
 * The manifest's one definition: JSON Schema (draft-07) and TypeScript types come
 * from the same TypeBox objects. `.projenrc.ts` writes them to `schemas/*.json`
 * for editors; the loader validates with them; `Static<>` gives the types.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { AWS_REGION_NAMES } from './aws-regions';
import { DataScienceEnvironmentSettingsSchema } from './data-science-environment-settings';
import { closed, Enum, MapOf, type Messages } from './schema-parts';

/** Every AWS region the pinned aws-cdk-lib knows, so editors can complete them (written by .projenrc.ts, without loading aws-cdk-lib here). */
export const AWS_REGIONS: readonly string[] = AWS_REGION_NAMES;

const Id = (what: string) =>
  Type.String({
    pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
    maxLength: 40,
    description: `${what}: lowercase letters, digits and single hyphens, starting with a letter.`,
    errorMessage: { pattern: 'must be a lowercase id such as \'ml-hosting\' (letters, digits, single hyphens)' },
  } as Messages);

const Text = (description: string, maxLength: number) => Type.String({ minLength: 1, maxLength, description });

const Email = Type.String({
  format: 'email',
  maxLength: 254,
  errorMessage: { format: 'must be an e-mail address such as team@example.com' },
} as Messages);

const Url = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2083,
  errorMessage: { format: 'must be an http(s) URL', pattern: 'must be an http(s) URL' },
} as Messages);

const Region = Enum(AWS_REGIONS, {
  description: 'An AWS region name, e.g. eu-west-1.',
  errorMessage: { enum: 'must be an AWS region name such as eu-west-1' },
});

const AccountId = Type.String({
  pattern: '^[0-9]{12}$',
  description: 'The 12-digit AWS account id, quoted so YAML keeps leading zeros.',
  errorMessage: {
    pattern: 'must be a 12-digit AWS account id',
    type: 'must be a quoted 12-digit AWS account id, e.g. "123456789012" (unquoted, YAML reads a number)',
  },
} as Messages);

/** An IAM role name, optionally with a path (`service-role/MyRole`). */
const RoleName = Type.String({
  pattern: '^([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,64}$',
  maxLength: 512,
  errorMessage: { pattern: "must be an IAM role name such as 'DataScientist' or 'service-role/MyRole' (not an ARN)" },
} as Messages);

/** A launch role is referenced by its name only, so one name works in every account. */
const LaunchRoleName = Type.String({
  pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$',
  description:
    'Name (no path, no ARN) of an IAM role, existing in each account, that Service Catalog assumes to launch the product. ' +
    'Default: the least-privilege launch role the factory makes for the product in each account and region.',
  errorMessage: { pattern: "must be an IAM role name without path or ARN, e.g. 'SCLaunch-SageMakerEndpoint'" },
} as Messages);

const RolePattern = Type.String({
  pattern: '^arn:aws(-[a-z]+)*:iam:::(role|user|group)/\\S+$',
  description:
    "IAM_PATTERN principal (no account id; '*' and '?' wildcards), e.g. " +
    "'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_DataScientist_*'.",
  errorMessage: { pattern: "must be an IAM pattern ARN without account id, e.g. 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_DataScientist_*'" },
} as Messages);

const TagKey = Type.String({
  pattern: '^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,127}$',
  errorMessage: { pattern: "must be a tag key of 1-127 characters that does not start with 'aws:'" },
} as Messages);

const TagValue = Type.String({ maxLength: 255, pattern: '^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$' });

const VersionName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$',
  description: "Version name shown in Service Catalog, e.g. '1.2.0'.",
  errorMessage: { pattern: "must be a version name such as '1.2.0' (letters, digits, '.', '_', '-')" },
} as Messages);

/** The lifecycle of a version, in order; `removed` keeps a withdrawn version's name reserved (see versions.ts). */
export const VERSION_STATUSES = ['active', 'deprecated', 'inactive', 'removed'] as const;

const ProductVersion = Type.Object(
  {
    name: VersionName,
    description: Text('What changed in this version (shown to end users).', 8000),
    status: Enum(VERSION_STATUSES, {
      description:
        'active: launchable; deprecated: still usable by existing provisioned products, shown as DEPRECATED; ' +
        'inactive: hidden from new launches; removed: withdrawn from Service Catalog at the next publish ' +
        '(the entry stays, so the name is never reused; required before a released version may go).',
    }),
  },
  { ...closed, description: 'One version of a product, oldest first; the newest is built from the current code.' },
);

/** The stages an account can serve, in publishing order (dev first, prod last). */
export const STAGES = ['dev', 'staging', 'prod'] as const;

export type Stage = (typeof STAGES)[number];

export const PRODUCT_KINDS = ['standard', 'sagemaker-project'] as const;

export const ProductSchema = Type.Object(
  {
    path: Type.String({
      pattern: '^[a-z][a-z0-9-]*$',
      description: 'Folder under products/ holding the product code (index.ts exporting one product stack class).',
      errorMessage: { pattern: "must be a folder name under products/, e.g. 'sagemaker-endpoint'" },
    } as Messages),
    displayName: Text('Product name shown in the Service Catalog console.', 8191),
    owner: Text('Owner shown to end users.', 8191),
    distributor: Type.Optional(Text('Distributor (vendor) shown to end users.', 8191)),
    description: Text('What the product provisions.', 8191),
    supportEmail: Type.Optional(Email),
    supportUrl: Type.Optional(Url),
    supportDescription: Type.Optional(Text('How to get support.', 8191)),
    kind: Type.Optional(
      Enum(PRODUCT_KINDS, {
        description: "'sagemaker-project' makes the product a SageMaker project template visible in Studio.",
      }),
    ),
    versions: Type.Array(ProductVersion, { minItems: 1, description: 'Versions, oldest first.' }),
  },
  closed,
);

const SageMakerProjects = Type.Object(
  {
    studioExecutionRoles: Type.Optional(
      Type.Array(RoleName, {
        minItems: 1,
        uniqueItems: true,
        description:
          'Names (a path is allowed) of the SageMaker Studio execution roles in each account: added to the principals of ' +
          'every portfolio offering a sagemaker-project product, so Studio users see the project templates.',
      }),
    ),
    studioExecutionRolePatterns: Type.Optional(
      Type.Array(RolePattern, {
        minItems: 1,
        uniqueItems: true,
        description: 'IAM_PATTERN principals matching Studio execution roles (e.g. one role per user profile).',
      }),
    ),
    launchRole: Type.Optional(Type.Unsafe<string>({
      ...JSON.parse(JSON.stringify(RoleName)),
      description:
        'Role Service Catalog launches SageMaker project templates with, unless the portfolio names one, e.g. ' +
        "'service-role/AmazonSageMakerServiceCatalogProductsLaunchRole' (the one SageMaker Studio sets up). " +
        'Default: the launch role the factory makes for each product in each account and region.',
    })),
  },
  { ...closed, description: 'Settings of the products of kind sagemaker-project (SageMaker Studio project templates).' },
);

const Account = Type.Object(
  {
    id: AccountId,
    regions: Type.Array(Region, { minItems: 1, uniqueItems: true, description: 'Regions the catalog is published to.' }),
    stage: Type.Optional(
      Enum(STAGES, {
        description: 'The environment type this account hosts.',
      }),
    ),
    description: Type.Optional(Text('What this account is for.', 1024)),
  },
  closed,
);

const Defaults = Type.Object(
  {
    environmentName: Type.String({
      pattern: '^[a-z][a-z0-9-]{1,30}$',
      description:
        'Name of the data science environment whose SSM parameters products read by default ' +
        '(/<ssmPrefix>/<environmentName>/...).',
      errorMessage: { pattern: 'must be 2-31 lowercase letters, digits or hyphens, starting with a letter' },
    } as Messages),
    ssmPrefix: Type.Optional(
      Type.String({
        pattern: '^[a-zA-Z0-9_.-]{1,64}$',
        description: 'First segment of the SSM parameter names shared between products. Default: mlops.',
      }),
    ),
    tags: Type.Optional(MapOf(TagKey, TagValue, { description: 'Tags applied to every product and portfolio.' })),
    dataScienceEnvironment: Type.Optional(DataScienceEnvironmentSettingsSchema),
  },
  { ...closed, description: 'Shared secure-by-default settings every product inherits.' },
);

/**
 * Organisation scale: portfolios that target organizational units are published
 * as one service-managed StackSet from the management (or delegated
 * administrator) account (src/generator/organization-stackset.ts).
 */
const OrganizationalUnitId = Type.String({
  pattern: '^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$',
  description: "An organizational unit id ('ou-ab12-cd34ef56') or the organization's root id ('r-ab12').",
  errorMessage: { pattern: "must be an organizational unit id such as 'ou-ab12-cd34ef56' or a root id such as 'r-ab12'" },
} as Messages);

const Organization = Type.Object(
  {
    id: Type.String({
      pattern: '^o-[a-z0-9]{10,32}$',
      description: 'The AWS Organizations id: only principals of this organization may read the published templates (aws:PrincipalOrgID).',
      errorMessage: { pattern: "must be an AWS Organizations id such as 'o-a1b2c3d4e5'" },
    } as Messages),
    account: Id('Account name (from accounts) of the management account, or of the StackSets delegated administrator'),
    delegatedAdmin: Type.Optional(
      Type.Boolean({
        description: "true when 'account' is a delegated administrator for StackSets (CallAs DELEGATED_ADMIN). Default: false (the management account).",
      }),
    ),
    regions: Type.Array(Region, {
      minItems: 1,
      uniqueItems: true,
      description: 'Regions the catalog is published to in every account of the organizational units; the StackSet lives in the first.',
    }),
    maxConcurrentPercentage: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'Share of accounts a StackSet operation updates at once, per region. Default: 25.' }),
    ),
    failureTolerancePercentage: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100, description: 'Share of accounts that may fail, per region, before an operation stops. Default: 0.' }),
    ),
  },
  { ...closed, description: 'Where and how portfolios that target organizational units are published.' },
);

const PipelineSource = Type.Object(
  {
    connectionArn: Type.Optional(
      Type.String({
        pattern: '^arn:aws(-[a-z]+)*:(codestar-connections|codeconnections):[a-z0-9-]+:[0-9]{12}:connection/[0-9a-f-]{36}$',
        description: 'A CodeConnections (CodeStar) connection to GitHub, GitLab or Bitbucket, in the tooling account.',
        errorMessage: {
          pattern: "must be a connection ARN such as 'arn:aws:codeconnections:eu-west-1:123456789012:connection/<uuid>'",
        },
      } as Messages),
    ),
    repository: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$',
        description: "The repository the connection reads, as 'owner/name'.",
        errorMessage: { pattern: "must be 'owner/name', e.g. 'example-org/sc-product-factory'" },
      } as Messages),
    ),
    codeCommitRepository: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.-]{1,100}$',
        description: 'Name of a CodeCommit repository in the tooling account (instead of a connection).',
        errorMessage: { pattern: 'must be a CodeCommit repository name (letters, digits, ., _, -)' },
      } as Messages),
    ),
    branch: Type.Optional(
      Type.String({ pattern: '^[^\\s~^:?*\\[\\\\]{1,255}$', description: 'The branch that publishes. Default: main.' }),
    ),
  },
  { ...closed, description: "Where the pipeline reads the catalog: 'connectionArn' + 'repository', or 'codeCommitRepository'." },
);

const Publishing = Type.Object(
  {
    pipeline: Type.Optional(
      Type.Object(
        {
          account: Id('Account name (from accounts) of the tooling account the pipeline runs in, in its first region'),
          source: PipelineSource,
        },
        {
          ...closed,
          description: 'A CDK Pipelines pipeline that publishes the catalog: one wave per stage, a manual approval before prod.',
        },
      ),
    ),
  },
  { ...closed, description: 'How the catalog is published besides `sc-factory publish`.' },
);

export const CatalogSchema = Type.Object(
  {
    catalog: Type.Object(
      {
        name: Type.String({
          pattern: '^[a-z][a-z0-9-]{1,30}$',
          description: 'Short name used in stack and bucket names; changing it renames every stack.',
          errorMessage: { pattern: 'must be 2-31 lowercase letters, digits or hyphens, starting with a letter' },
        } as Messages),
        displayName: Type.Optional(Text('Human-readable catalog name.', 256)),
        owner: Text('The team that owns the catalog.', 256),
        supportEmail: Email,
        supportUrl: Type.Optional(Url),
      },
      closed,
    ),
    accounts: MapOf(Id('Account name'), Account, {
      minProperties: 1,
      description: 'Target accounts by name (dev, staging, prod, ...).',
    }),
    defaults: Defaults,
    organization: Type.Optional(Organization),
    publishing: Type.Optional(Publishing),
    products: MapOf(Id('Product id'), ProductSchema, { minProperties: 1, description: 'Products by id.' }),
    sagemakerProjects: Type.Optional(SageMakerProjects),
  },
  {
    ...closed,
    $id: 'catalog.schema.json',
    title: 'Service Catalog product factory: catalog.yaml',
  },
);

const PortfolioProduct = Type.Object(
  {
    id: Id('Product id from catalog.yaml'),
    // Optional: without it, the factory's launch role of the product (src/generator/launch-roles.ts).
    launchRole: Type.Optional(LaunchRoleName),
  },
  closed,
);

export const PortfolioSchema = Type.Object(
  {
    id: Id('Portfolio id'),
    displayName: Text('Portfolio name shown in the console.', 100),
    providerName: Text('Provider shown in the console.', 50),
    description: Type.Optional(Text('What the portfolio offers.', 2000)),
    accounts: Type.Optional(
      Type.Array(Id('Account name from catalog.yaml'), {
        minItems: 1,
        uniqueItems: true,
        description: 'Accounts (names from catalog.yaml) the portfolio is published to, in every region of each.',
      }),
    ),
    organizationalUnits: Type.Optional(
      Type.Array(OrganizationalUnitId, {
        minItems: 1,
        uniqueItems: true,
        description:
          "Organizational units (or the root) whose accounts get the portfolio, in every region of catalog.yaml's " +
          "'organization', through one StackSet; accounts that join later get it too.",
      }),
    ),
    principals: Type.Object(
      {
        roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true, description: 'IAM role names in each target account.' })),
        rolePatterns: Type.Optional(Type.Array(RolePattern, { uniqueItems: true })),
      },
      { ...closed, description: 'Who may launch products from this portfolio.' },
    ),
    products: Type.Array(PortfolioProduct, { minItems: 1 }),
    tagOptions: Type.Optional(
      MapOf(TagKey, Type.Array(TagValue, { minItems: 1, uniqueItems: true }), {
        description: 'TagOptions: the values end users may choose for each tag key.',
      }),
    ),
  },
  {
    ...closed,
    $id: 'portfolio.schema.json',
    title: 'Service Catalog product factory: portfolios/*.yaml',
  },
);

const { $id: _portfolioSchemaId, ...portfolioLoaderSchema } = PortfolioSchema;

/**
 * The portfolio schema the loader validates with: the editor schema without its
 * `$id` (ajv registers schemas by id). It is the same for every catalog: each
 * product's `launchRole` is optional (without one, the product is launched with
 * the factory's launch role), so nothing in it depends on catalog.yaml.
 */
export const PortfolioLoaderSchema: TSchema = portfolioLoaderSchema;

export type CatalogManifest = Static<typeof CatalogSchema>;

export type PortfolioManifest = Static<typeof PortfolioSchema>;

export type ProductManifest = CatalogManifest['products'][string];

export type ProductVersionManifest = ProductManifest['versions'][number];

export type AccountManifest = CatalogManifest['accounts'][string];

export type VersionStatus = (typeof VERSION_STATUSES)[number];

export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** The schema as written for editors: plain JSON, draft-07. */
export function schemaDocument(schema: TSchema): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(schema)) };
}
