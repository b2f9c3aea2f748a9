/**
 * Which role Service Catalog launches a portfolio's product with: the role the
 * portfolio names (or, for SageMaker project templates, catalog.yaml's
 * `sagemakerProjects.launchRole`), or else the launch role the factory makes
 * for the product in each account and region (src/generator/launch-roles.ts).
 */
import { sha256 } from './sha256';

/** IAM role names: at most 64 characters. */
const ROLE_NAME_LENGTH = 64;
/** The longest region name (`us-isof-south-1`), so a name fits in every region. */
const LONGEST_REGION_LENGTH = 15;

/** What the role name of the factory's launch role starts with: `<catalog>-<product>`, hashed when too long. */
export function factoryLaunchRolePrefix(catalogName: string, productId: string): string {
  const full = `${catalogName}-${productId}`;
  const room = ROLE_NAME_LENGTH - 1 - LONGEST_REGION_LENGTH;
  return full.length <= room ? full : `${full.slice(0, room - 9)}-${sha256(full).slice(0, 8)}`;
}

/**
 * The factory's launch role of a product in one region, `<catalog>-<product>-<region>`: IAM is global,
 * so the catalog stacks of one account in two regions each make their own.
 */
export function factoryLaunchRoleName(catalogName: string, productId: string, region: string): string {
  return `${factoryLaunchRolePrefix(catalogName, productId)}-${region}`;
}

/** What a portfolio's product entry says about its launch role (catalog.ts's PortfolioProduct). */
export interface LaunchRoleEntry {
  readonly id: string;
  /** The role the manifest names; undefined: the factory's. */
  readonly launchRole?: string;
  /** factoryLaunchRolePrefix of the catalog and product. */
  readonly factoryLaunchRolePrefix: string;
}

/** The region of a target that has none of its own (the organisation's StackSet): resolved in each stack instance. */
export const EVERY_REGION = '${AWS::Region}';

/** The launch role of a portfolio's product in a region: the one the manifest names, or the factory's. */
export function launchRoleNameIn(entry: LaunchRoleEntry, region: string): string {
  return entry.launchRole ?? `${entry.factoryLaunchRolePrefix}-${region}`;
}

/** True when the product is launched with the factory's launch role. */
export function usesFactoryLaunchRole(entry: LaunchRoleEntry): boolean {
  return entry.launchRole === undefined;
}
