/**
 * catalog.lock.json's one definition, like the manifest's (schema.ts): the
 * TypeScript types of the published state come from these TypeBox objects, and
 * the lock file is validated with them when it is read.
 *
 * The attributes Service Catalog shows for a product or portfolio are listed
 * once, here (PRODUCT_ATTRIBUTES, PORTFOLIO_ATTRIBUTES), and picked from the
 * manifest schema: the published shape (published-shape.ts) copies them, the
 * catalog stack renders them, the plan compares them. A manifest key that
 * reaches Service Catalog is one key in the manifest schema plus its name here.
 */
import { type Static, Type } from '@sinclair/typebox';
import { PortfolioSchema, ProductSchema, VERSION_STATUSES } from './schema';
import { closed, Enum, MapOf } from './schema-parts';

export const PUBLISHED_STATE_FILE = 'catalog.lock.json';
export const PUBLISHED_STATE_FORMAT = 1;

/**
 * A product's attributes as Service Catalog shows them, in record order. Each is
 * the CloudFormationProduct property of the same name, except `displayName`
 * (its `productName`).
 */
export const PRODUCT_ATTRIBUTES = ['displayName', 'owner', 'distributor', 'description', 'supportEmail', 'supportUrl', 'supportDescription'] as const;

/** A portfolio's attributes, each the Portfolio property of the same name. */
export const PORTFOLIO_ATTRIBUTES = ['displayName', 'providerName', 'description'] as const;

/** The statuses a published version can have: `removed` versions are simply absent. */
export const PUBLISHED_VERSION_STATUSES = VERSION_STATUSES.filter((s): s is Exclude<typeof s, 'removed'> => s !== 'removed');

/** A version as Service Catalog shows it. */
export const VersionStateSchema = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    status: Enum(PUBLISHED_VERSION_STATUSES),
    /** sha256 of the template's bytes: a different hash under the same name is a replaced artifact. */
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    /** Whether the template was frozen by `release` (false: built from the code of the day). */
    released: Type.Boolean(),
  },
  closed,
);

export const ProductStateSchema = Type.Object(
  {
    ...Type.Pick(ProductSchema, PRODUCT_ATTRIBUTES).properties,
    versions: Type.Array(VersionStateSchema),
  },
  closed,
);

export const PortfolioStateSchema = Type.Object(
  {
    ...Type.Pick(PortfolioSchema, PORTFOLIO_ATTRIBUTES).properties,
    /** Organizational units it reaches (the organisation's StackSet only). */
    organizationalUnits: Type.Optional(Type.Array(Type.String())),
    principals: Type.Object({ roles: Type.Array(Type.String()), rolePatterns: Type.Array(Type.String()) }, closed),
    /** Product id -> its launch constraint. */
    products: MapOf(Type.String(), Type.Object({ launchRole: Type.String() }, closed)),
    tagOptions: MapOf(Type.String(), Type.Array(Type.String())),
  },
  closed,
);

const targetProperties = {
  /** The stack's id in the cloud assembly: `<account name>-<region>`, or `Organization-StackSet`. */
  id: Type.String(),
  /** The account the stack is deployed to (for the StackSet: the management or delegated administrator account). */
  account: Type.String(),
  accountId: Type.String(),
  /** Its region (for the StackSet: the regions of its stack instances, comma-separated). */
  region: Type.String(),
  stackName: Type.String(),
  products: MapOf(Type.String(), ProductStateSchema),
  portfolios: MapOf(Type.String(), PortfolioStateSchema),
};

/** One catalog stack's content (or the organisation StackSet's). */
export const TargetStateSchema = Type.Object(targetProperties, closed);

export const PublishedTargetStateSchema = Type.Object(
  {
    ...targetProperties,
    /** ISO 8601 UTC time the target was published. */
    publishedAt: Type.String({ format: 'date-time' }),
  },
  closed,
);

/** The content of catalog.lock.json. */
export const PublishedStateSchema = Type.Object(
  {
    format: Type.Literal(PUBLISHED_STATE_FORMAT),
    /** Target id -> its state when last published. */
    targets: MapOf(Type.String(), PublishedTargetStateSchema),
  },
  closed,
);

export type VersionState = Static<typeof VersionStateSchema>;
export type ProductState = Static<typeof ProductStateSchema>;
export type PortfolioState = Static<typeof PortfolioStateSchema>;
export type TargetState = Static<typeof TargetStateSchema>;
export type PublishedTargetState = Static<typeof PublishedTargetStateSchema>;
export type PublishedState = Static<typeof PublishedStateSchema>;
