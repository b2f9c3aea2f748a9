/**
 * One catalog stack per (account, region): the portfolios published there, their
 * products (every version pointing at the shared product templates), principal
 * associations, launch constraints and TagOptions.
 *
 * Construct ids come from manifest ids only (never display names or list
 * positions), so adding a product, portfolio or account never renames what exists.
 */
import * as crypto from 'node:crypto';
import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { ProductAssetBucket } from './asset-bucket';
import { addVersionLifecycle } from './version-lifecycle';
import { VersionTemplateAsset } from './version-template-asset';
import type { VersionTemplates } from './versions';
import type { Catalog, CatalogTarget, Portfolio, Product } from '../model/catalog';

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
    return `${target.account.name}-${target.region}`;
  }

  /** The CloudFormation stack name: `<catalog name>-<account name>-<region>`. */
  public static stackNameOf(catalog: Pick<Catalog, 'name'>, target: Pick<CatalogTarget, 'account' | 'region'>): string {
    return `${catalog.name}-${CatalogStack.idOf(target)}`;
  }

  public readonly target: CatalogTarget;
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
    for (const [key, value] of Object.entries(catalog.defaults.tags)) Tags.of(this).add(key, value);
    Tags.of(this).add('sc-factory:catalog', catalog.name);

    const productsScope = new Construct(this, 'Products');
    for (const product of target.products) {
      this.products.set(product.id, this.addProduct(productsScope, product, props.versions));
    }

    const tagOptions = this.addTagOptions(target.portfolios);
    const portfoliosScope = new Construct(this, 'Portfolios');
    for (const portfolio of target.portfolios) {
      this.portfolios.set(portfolio.id, this.addPortfolio(portfoliosScope, portfolio, tagOptions));
    }

    // Seed code and other file assets of the products published here (see asset-bucket.ts).
    ProductAssetBucket.addTo(this, props);
  }

  private addProduct(scope: Construct, product: Product, versions: VersionTemplates) {
    const created = new servicecatalog.CloudFormationProduct(scope, product.id, {
      productName: product.displayName,
      owner: product.owner,
      distributor: product.distributor,
      description: product.description,
      supportEmail: product.supportEmail,
      supportUrl: product.supportUrl,
      supportDescription: product.supportDescription,
      // A published version is never replaced: new versions are added beside it.
      replaceProductVersionIds: false,
      productVersions: versions.get(product.id)!.map((v) => ({
        productVersionName: v.version.name,
        description: v.version.description,
        cloudFormationTemplate: new VersionTemplateAsset(v),
        validateTemplate: true,
      })),
    });
    // Deprecated / inactive flags are not CloudFormation properties: custom resources set them.
    addVersionLifecycle(created, versions.get(product.id)!);
    // SageMaker Studio lists a product as a project template only with this tag.
    if (product.kind === 'sagemaker-project') Tags.of(created.node.defaultChild!).add('sagemaker:studio-visibility', 'true');
    return created;
  }

  /**
   * TagOptions are unique per (key, value) in an account and region, so each is
   * created once here and associated with every portfolio that offers it.
   */
  private addTagOptions(portfolios: readonly Portfolio[]): Map<string, servicecatalog.CfnTagOption> {
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

  private addPortfolio(scope: Construct, portfolio: Portfolio, tagOptions: Map<string, servicecatalog.CfnTagOption>) {
    const created = new servicecatalog.Portfolio(scope, portfolio.id, {
      displayName: portfolio.displayName,
      providerName: portfolio.providerName,
      description: portfolio.description,
    });

    for (const entry of portfolio.products) {
      const product = this.products.get(entry.id)!;
      created.addProduct(product);
      const description = `Launch '${entry.id}' with the local role ${entry.launchRole}`;
      if (entry.launchRole.includes('/')) {
        // A role with a path (service-role/AmazonSageMakerServiceCatalogProductsLaunchRole) is named by its
        // ARN in this account: a local role name cannot carry a path.
        const arn = `arn:${this.partition}:iam::${this.account}:role/${entry.launchRole}`;
        const launchRole = iam.Role.fromRoleArn(created, `LaunchRole-${entry.id}`, arn, { mutable: false });
        created.setLaunchRole(product, launchRole, { description });
        continue;
      }
      // By name: the same launch role name resolves to the local role in every account.
      const launchRole = iam.Role.fromRoleName(created, `LaunchRole-${entry.id}`, entry.launchRole);
      created.setLocalLaunchRole(product, launchRole, { description });
    }

    const principals = new Construct(created, 'Principals');
    for (const roleName of portfolio.principals.roles) {
      const arn = `arn:${this.partition}:iam::${this.account}:role/${roleName}`;
      created.giveAccessToRole(iam.Role.fromRoleArn(principals, roleName.replace(/\//g, '-'), arn, { mutable: false }));
    }
    for (const pattern of portfolio.principals.rolePatterns) {
      // The L2 Portfolio has no method for IAM_PATTERN principals (e.g. SSO permission-set roles).
      new servicecatalog.CfnPortfolioPrincipalAssociation(principals, `Pattern${shortHash(pattern)}`, {
        portfolioId: created.portfolioId,
        principalArn: pattern,
        principalType: 'IAM_PATTERN',
      });
    }

    for (const [key, values] of Object.entries(portfolio.tagOptions)) {
      for (const value of values) {
        const id = tagOptionId(key, value);
        new servicecatalog.CfnTagOptionAssociation(created, `TagOptionAssociation-${id}`, {
          resourceId: created.portfolioId,
          tagOptionId: tagOptions.get(id)!.ref,
        });
      }
    }
    return created;
  }
}

/** Tag keys may contain '/', which construct ids may not: hash the pair. */
function tagOptionId(key: string, value: string): string {
  return `TagOption${shortHash(`${key}\u0000${value}`)}`;
}

function shortHash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
}
