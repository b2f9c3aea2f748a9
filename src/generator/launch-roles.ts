/**
 * The launch roles the factory makes: one per product that a portfolio of the
 * stack offers without naming its own `launchRole`, created by the catalog
 * stack of each account and region (`<catalog>-<product>-<region>`: IAM is
 * global, so each region's catalog stack owns its own), with the policy
 * launch-role-policy.ts derives from the product's published templates, in
 * managed policies under IAM's size quota. The launch constraints and the
 * product asset bucket's policies, which name the role, wait for it.
 *
 * The roles live under `LaunchRoles/<product id>` (not under their product,
 * which waits for the asset bucket, which waits for the roles). In the
 * organisation's member template each carries its product's condition
 * (organization-member-template.ts): it exists in a member account exactly
 * when the product does.
 *
 * A portfolio that names its own launch role keeps it (bring your own): no
 * role is made for a product every portfolio of the stack names one for.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Construct, type IConstruct } from 'constructs';
import { ACCOUNT, launchRolePolicy, type LaunchRolePolicy, PARTITION, type PolicyStatementJson, REGION } from './launch-role-policy';
import type { VersionTemplates } from './versions';
import type { Catalog, CatalogTarget } from '../model/catalog';
import { ManifestError } from '../model/diagnostics';
import { factoryLaunchRoleName, usesFactoryLaunchRole } from '../model/launch-roles';
import { acknowledgeWildcards } from '../secure/acknowledge';

/** What the launch roles need of the catalog stack they join (catalog-stack.ts). */
export interface LaunchRoleHost extends Stack {
  readonly target: CatalogTarget;
  /** The stack's Service Catalog products, by product id. */
  readonly products: ReadonlyMap<string, IConstruct>;
  readonly portfolios: ReadonlyMap<string, IConstruct>;
}

export class FactoryLaunchRole extends Construct {
  /**
   * Adds a launch role for every product of the stack that some portfolio offers without a launch role of
   * its own, and makes the launch constraints and the asset bucket naming it wait for it.
   */
  public static addTo(stack: LaunchRoleHost, props: { readonly catalog: Catalog; readonly versions: VersionTemplates }): FactoryLaunchRole[] {
    const productIds = [...new Set(stack.target.portfolios.flatMap((p) => p.products.filter(usesFactoryLaunchRole).map((e) => e.id)))];
    const diagnostics = [];
    const roles: FactoryLaunchRole[] = [];
    const scope = productIds.length > 0 ? new Construct(stack, 'LaunchRoles') : undefined;
    for (const productId of productIds) {
      const { policy, diagnostics: problems } = launchRolePolicy(props.catalog, productId, props.versions);
      diagnostics.push(...problems);
      if (policy) roles.push(new FactoryLaunchRole(scope!, productId, { catalog: props.catalog, policy }));
    }
    if (diagnostics.length > 0) throw new ManifestError(diagnostics);
    waitForRoles(stack, roles);
    return roles;
  }

  /** The factory's launch role of a product in a catalog stack, if it has one. */
  public static of(stack: Stack, productId: string): FactoryLaunchRole | undefined {
    return stack.node.tryFindChild('LaunchRoles')?.node.tryFindChild(productId) as FactoryLaunchRole | undefined;
  }

  public readonly role: iam.Role;
  public readonly roleName: string;
  public readonly productId: string;

  constructor(scope: Construct, id: string, props: { readonly catalog: Catalog; readonly policy: LaunchRolePolicy }) {
    super(scope, id);
    const stack = Stack.of(this);
    const { policy } = props;
    this.productId = policy.productId;
    this.roleName = factoryLaunchRoleName(props.catalog.name, policy.productId, stack.region);
    const render = renderer(stack.partition, stack.account, stack.region);
    this.role = new iam.Role(this, 'Role', {
      roleName: this.roleName,
      description: `Service Catalog launch role of '${policy.productId}' (catalog ${props.catalog.name}), made by sc-factory`,
      // Only Service Catalog launches with it: no person, no other service.
      assumedBy: new iam.ServicePrincipal('servicecatalog.amazonaws.com'),
    });
    policy.documents.forEach((statements, index) => {
      const managed = new iam.ManagedPolicy(this, `Policy${index + 1}`, {
        description: `Launch role of '${policy.productId}', part ${index + 1} of ${policy.documents.length}`,
        document: iam.PolicyDocument.fromJson(render({ Version: '2012-10-17', Statement: statements })),
      });
      this.role.addManagedPolicy(managed);
    });
    acknowledgeWildcards(
      this,
      'Resource',
      wildcardResources(policy, stack),
      "Names the product's templates leave to CloudFormation (SC-<account>-pp-* from Service Catalog's stack names) or " +
        'to launch parameters, calls that take no resource ARN (EC2, KMS CreateKey, template validation), and the ' +
        'template Service Catalog stages in its own bucket; every service action only through CloudFormation (aws:CalledVia).',
    );
  }
}

/** The launch constraints naming a factory role, and the asset bucket policies, are created after the role. */
function waitForRoles(stack: LaunchRoleHost, roles: readonly FactoryLaunchRole[]): void {
  if (roles.length === 0) return;
  const byName = new Map(roles.map((r) => [r.roleName, r]));
  for (const portfolio of stack.portfolios.values()) {
    for (const construct of portfolio.node.findAll()) {
      if (!(construct instanceof servicecatalog.CfnLaunchRoleConstraint)) continue;
      const role = construct.localRoleName === undefined ? undefined : byName.get(construct.localRoleName);
      if (role) construct.node.addDependency(role);
    }
  }
  // The asset bucket's key and bucket policies name the launch roles as principals, which must exist.
  const assets = stack.node.tryFindChild('ProductAssets');
  if (assets) for (const role of roles) assets.node.addDependency(role);
}

/** Placeholders -> the stack's partition, account and region (tokens where the stack is environment-agnostic). */
function renderer(partition: string, account: string, region: string): (document: unknown) => any {
  return (document) => {
    let json = JSON.stringify(document);
    for (const [placeholder, value] of [[PARTITION, partition], [ACCOUNT, account], [REGION, region]]) json = json.split(placeholder).join(value);
    return JSON.parse(json);
  };
}

/** The wildcard resources of the policy as cdk-nag prints them (`<AWS::Partition>`, `<AWS::AccountId>`). */
function wildcardResources(policy: LaunchRolePolicy, stack: Stack): string[] {
  const printed = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  const render = renderer('<AWS::Partition>', printed(stack.account, 'AWS::AccountId'), printed(stack.region, 'AWS::Region'));
  const statements = policy.documents.flat().map((s) => render(s) as PolicyStatementJson);
  return [...new Set(statements.flatMap((s) => s.Resource).filter((r) => r.includes('*')))];
}

/** The CloudFormation resources of the factory's launch roles under `scope` (tests, reports). */
export function launchRoleResources(scope: IConstruct): CfnResource[] {
  return scope.node.findAll().filter((c) => c instanceof FactoryLaunchRole).flatMap((r) => r.node.findAll().filter(CfnResource.isCfnResource));
}
