/**
 * One catalog stack per (account, region): the portfolios published there, their
 * products (every version pointing at the shared product templates), principal
 * associations, launch constraints and TagOptions.
 *
 * Construct ids come from manifest ids only (never display names or list
 * positions), so adding a product, portfolio or account never renames what exists.
 */
import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { ProductAssetBucket } from './asset-bucket';
import { CatalogFacts } from './catalog-facts';
import { tagWithCatalog } from './catalog-tags';
import { FactoryLaunchRole } from './launch-roles';
import { addVersionLifecycle } from './version-lifecycle';
import { VersionTemplateAsset } from './version-template-asset';
import type { VersionTemplates } from './versions';
import type { Catalog, CatalogTarget } from '../model/catalog';
import { catalogStackId, catalogStackName, targetContent, type TargetContent } from '../model/published-shape';
import type { PORTFOLIO_ATTRIBUTES, PortfolioState, PRODUCT_ATTRIBUTES, ProductState } from '../model/published-state-schema';
import { sha256 } from '../model/sha256';

export interface CatalogStackProps {
  readonly catalog: Catalog;
  readonly target: CatalogTarget;
  readonly versions: VersionTemplates;
  /**
   * Construct id, for a catalog template that is not one account x region (the
   * organisation's StackSet template).
   * @default - `<account name>-<region>` (see idOf)
   */
  readonly stackId?: string;
  /**
   * Stack properties replacing the target's (env, stack name, description), e.g.
   * no env and an own synthesizer for the organisation's StackSet template.
   * @default - the target's account and region, stack name `<catalog>-<account>-<region>`
   */
  readonly stackProps?: StackProps;
}

export class CatalogStack extends Stack {
  /** The construct id (and cloud assembly artifact id): `<account name>-<region>`. */
  public static idOf(target: Pick<CatalogTarget, 'account' | 'region'>): string {
    return catalogStackId(target);
  }

  /** The CloudFormation stack name: `<catalog name>-<account name>-<region>`. */
  public static stackNameOf(catalog: Pick<Catalog, 'name'>, target: Pick<CatalogTarget, 'account' | 'region'>): string {
    return catalogStackName(catalog, target);
  }

  public readonly target: CatalogTarget;
  /** What this stack publishes (the published shape): every Service Catalog resource below is rendered from it. */
  public readonly shape: TargetContent;
  public readonly products = new Map<string, servicecatalog.CloudFormationProduct>();
  public readonly portfolios = new Map<string, servicecatalog.Portfolio>();

  constructor(scope: Construct, props: CatalogStackProps) {
    const { catalog, target } = props;
    super(scope, props.stackId ?? CatalogStack.idOf(target), {
      env: { account: target.account.id, region: target.region },
      stackName: CatalogStack.stackNameOf(catalog, target),
      description: `${catalog.displayName}: Service Catalog portfolios for account '${target.account.name}' in ${target.region}`,
      analyticsReporting: false,
      ...props.stackProps,
    });
    this.target = target;
    this.shape = targetContent(target, props.versions);
    tagWithCatalog(this, catalog);

    const productsScope = new Construct(this, 'Products');
    for (const [id, product] of Object.entries(this.shape.products)) {
      this.products.set(id, this.addProduct(productsScope, id, product, props.versions));
    }

    const tagOptions = this.addTagOptions(Object.values(this.shape.portfolios));
    const portfoliosScope = new Construct(this, 'Portfolios');
    for (const [id, portfolio] of Object.entries(this.shape.portfolios)) {
      this.portfolios.set(id, this.addPortfolio(portfoliosScope, id, portfolio, tagOptions));
    }

    // Seed code and other file assets of the products published here (see asset-bucket.ts).
    ProductAssetBucket.addTo(this, props);
    // What products read of catalog.yaml (accounts by stage), as SSM parameters: see catalog-facts.ts.
    CatalogFacts.addTo(this, { catalogName: catalog.name, accounts: catalog.accounts, stage: target.account.stage });
    FactoryLaunchRole.addTo(this, props);
  }

  private addProduct(scope: Construct, id: string, product: ProductState, templates: VersionTemplates) {
    const { displayName, versions, ...rest } = product;
    const attributes: ProductAttributeProps = rest;
    const templateOf = (name: string) => templates.get(id)!.find((t) => t.version.name === name)!;
    const created = new servicecatalog.CloudFormationProduct(scope, id, {
      ...attributes,
      productName: displayName,
      // A published version is never replaced: new versions are added beside it.
      replaceProductVersionIds: false,
      productVersions: versions.map((v) => ({
        productVersionName: v.name,
        description: v.description,
        cloudFormationTemplate: new VersionTemplateAsset(templateOf(v.name)),
        validateTemplate: true,
      })),
    });
    // Deprecated / inactive flags are not CloudFormation properties: custom resources set them.
    addVersionLifecycle(created, id, versions);
    // SageMaker Studio lists a product as a project template only with this tag. (Tags are not part of the published
    // shape: catalog.lock.json records what Service Catalog shows, and a change of kind is a change of the product's code.)
    const kind = this.target.products.find((p) => p.id === id)?.kind;
    if (kind === 'sagemaker-project') Tags.of(created.node.defaultChild!).add('sagemaker:studio-visibility', 'true');
    return created;
  }

  /**
   * TagOptions are unique per (key, value) in an account and region, so each is
   * created once here and associated with every portfolio that offers it.
   */
  private addTagOptions(portfolios: readonly PortfolioState[]): Map<string, servicecatalog.CfnTagOption> {
    const scope = new Construct(this, 'TagOptions');
    const options = new Map<string, servicecatalog.CfnTagOption>();
    for (const portfolio of portfolios) {
      for (const [key, values] of Object.entries(portfolio.tagOptions)) {
        for (const value of values) {
          const id = tagOptionId(key, value);
          if (!options.has(id)) options.set(id, new servicecatalog.CfnTagOption(scope, id, { key, value, active: true }));
        }
      }
    }
    return options;
  }

  private addPortfolio(scope: Construct, id: string, portfolio: PortfolioState, tagOptions: Map<string, servicecatalog.CfnTagOption>) {
    const { organizationalUnits: _units, principals, products, tagOptions: offered, ...rest } = portfolio;
    const attributes: PortfolioAttributeProps = rest;
    const created = new servicecatalog.Portfolio(scope, id, attributes);

    for (const [productId, { launchRole: roleName }] of Object.entries(products)) {
      const product = this.products.get(productId)!;
      created.addProduct(product);
      const description = `Launch '${productId}' with the local role ${roleName}`;
      if (roleName.includes('/')) {
        // A role with a path (service-role/AmazonSageMakerServiceCatalogProductsLaunchRole) is named by its
        // ARN in this account: a local role name cannot carry a path.
        const arn = `arn:${this.partition}:iam::${this.account}:role/${roleName}`;
        const launchRole = iam.Role.fromRoleArn(created, `LaunchRole-${productId}`, arn, { mutable: false });
        created.setLaunchRole(product, launchRole, { description });
        continue;
      }
      // By name: the same launch role name resolves to the local role in every account.
      const launchRole = iam.Role.fromRoleName(created, `LaunchRole-${productId}`, roleName);
      created.setLocalLaunchRole(product, launchRole, { description });
    }

    const principalsScope = new Construct(created, 'Principals');
    for (const roleName of principals.roles) {
      const arn = `arn:${this.partition}:iam::${this.account}:role/${roleName}`;
      created.giveAccessToRole(iam.Role.fromRoleArn(principalsScope, roleName.replace(/\//g, '-'), arn, { mutable: false }));
    }
    for (const pattern of principals.rolePatterns) {
      // The L2 Portfolio has no method for IAM_PATTERN principals (e.g. SSO permission-set roles).
      new servicecatalog.CfnPortfolioPrincipalAssociation(principalsScope, `Pattern${shortHash(pattern)}`, {
        portfolioId: created.portfolioId,
        principalArn: pattern,
        principalType: 'IAM_PATTERN',
      });
    }

    for (const [key, values] of Object.entries(offered)) {
      for (const value of values) {
        const optionId = tagOptionId(key, value);
        new servicecatalog.CfnTagOptionAssociation(created, `TagOptionAssociation-${optionId}`, {
          resourceId: created.portfolioId,
          tagOptionId: tagOptions.get(optionId)!.ref,
        });
      }
    }
    return created;
  }
}

/**
 * The published attributes are the L2 properties of the same name (but a product's
 * displayName, its productName): an attribute added to PRODUCT_ATTRIBUTES or
 * PORTFOLIO_ATTRIBUTES that is not one fails to compile here instead of being
 * recorded in catalog.lock.json and never published.
 */
type ProductAttributeProps = Pick<servicecatalog.CloudFormationProductProps, Exclude<(typeof PRODUCT_ATTRIBUTES)[number], 'displayName'>>;
type PortfolioAttributeProps = Pick<servicecatalog.PortfolioProps, (typeof PORTFOLIO_ATTRIBUTES)[number]>;

/** Tag keys may contain '/', which construct ids may not: hash the pair. */
function tagOptionId(key: string, value: string): string {
  return `TagOption${shortHash(`${key}\u0000${value}`)}`;
}

function shortHash(text: string): string {
  return sha256(text).slice(0, 12);
}
