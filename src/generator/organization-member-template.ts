/**
 * The ONE catalog template every account of the targeted organizational units
 * gets through the StackSet: the same CatalogStack as a named account's, but
 * environment-agnostic (principals and launch roles by name, resolved with
 * `${AWS::AccountId}` in each member account), with no CDK bootstrap parameter or
 * rule, and with its files in the organisation bucket (organization-synthesizers.ts).
 *
 * Portfolios may target different organizational units, yet a StackSet deploys
 * one template: each portfolio is published under a condition on a parameter
 * `Publish<PortfolioId>` ('true' / 'false', default 'false'), which the StackSet
 * sets per group of organizational units. A product or TagOption exists when
 * any portfolio that uses it is published.
 *
 * Synthesized in an app of its own (like the product templates) into
 * `<cdk.out>/organization.out`; the StackSet stack publishes the result.
 */
import * as fs from 'node:fs';
import { Aws, CfnCondition, CfnParameter, CfnResource, Fn, type ICfnConditionExpression } from 'aws-cdk-lib';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import type { IConstruct } from 'constructs';
import { CatalogStack } from './catalog-stack';
import { FactoryLaunchRole } from './launch-roles';
import { type OrganizationAsset, OrganizationMemberSynthesizer } from './organization-synthesizers';
import { type AppRuleCheck, checkRulePacks } from './rule-pack-check';
import type { VersionTemplates } from './versions';
import { PRODUCT_CHECKS } from '../manifest/checks';
import { type Catalog, type CatalogTarget, type Portfolio, productsOf } from '../model/catalog';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import type { PortfolioState } from '../model/published-state-schema';
import { accountNamed, organizationPortfolios } from '../model/publishing';
import { sha256 } from '../model/sha256';
import { productSsmUses, NO_SSM_PARAMETERS, ssmParameterUseOfTemplate } from '../model/ssm-parameter-use';
import { productAssetBucketNameSub } from '../secure/product-assets';
import { checkedApp } from '../secure/rule-packs';

/** Sub-folder of the cloud assembly holding the member template's own assembly. */
export const ORGANIZATION_ASSEMBLY_DIR = 'organization.out';

/** Construct id (and artifact id in organization.out) of the member template. */
export const MEMBER_STACK_ID = 'organization-member';

export interface OrganizationMemberTemplate {
  /** Absolute path of the synthesized template. */
  readonly templateFile: string;
  /** Files it refers to (product templates, custom resource code), each to publish to every organisation bucket. */
  readonly assets: readonly OrganizationAsset[];
  /** Portfolio id -> the template parameter that publishes it in a stack instance ('true'). */
  readonly portfolioParameters: ReadonlyMap<string, string>;
  /** What the StackSet must acknowledge, e.g. CAPABILITY_IAM for a custom resource's role. */
  readonly capabilities: readonly string[];
}

/**
 * Synthesizes the member template into `outdir`, or returns undefined when no
 * portfolio targets organizational units. Throws a ManifestError for products
 * that cannot be published to organizational units.
 */
export function synthesizeOrganizationMemberTemplate(
  catalog: Catalog,
  versions: VersionTemplates,
  outdir: string,
  collect?: AppRuleCheck[],
): OrganizationMemberTemplate | undefined {
  const organization = catalog.organization;
  const portfolios = organizationPortfolios(catalog);
  if (!organization || portfolios.length === 0) return undefined;
  rejectProductsWithFileAssets(catalog, portfolios, versions);
  checkTemplatesSsmUse(catalog, versions);

  const admin = accountNamed(catalog, organization.account);
  // Deployed in every member account of the organisation's regions.
  const app = checkedApp({ outdir, regions: organization.regions });
  const synthesizer = new OrganizationMemberSynthesizer({ catalogName: catalog.name, adminAccountId: admin.id, outdir });
  const target: CatalogTarget = {
    // Every member account and region: pseudo parameters, never a concrete id.
    account: { name: 'organization', id: Aws.ACCOUNT_ID, regions: organization.regions, source: organization.location },
    region: Aws.REGION,
    portfolios,
    products: productsOf(catalog, portfolios),
  };
  const stack = new CatalogStack(app, {
    catalog,
    target,
    versions,
    stackId: MEMBER_STACK_ID,
    stackProps: {
      env: undefined,
      stackName: undefined,
      synthesizer,
      description:
        `${catalog.displayName}: Service Catalog portfolios for the accounts of organization ${organization.id} ` +
        `(${portfolios.map((p) => p.id).join(', ')})`,
    },
  });
  const portfolioParameters = publishPortfoliosConditionally(stack, portfolios);

  const assembly = app.synth();
  checkRulePacks(catalog, 'organization-member', app, assembly.directory, collect);
  const templateFile = assembly.getStackArtifact(MEMBER_STACK_ID).templateFullPath;
  return {
    templateFile,
    assets: synthesizer.assets,
    portfolioParameters,
    capabilities: capabilitiesOf(JSON.parse(fs.readFileSync(templateFile, 'utf8'))),
  };
}

/** `ml-hosting` -> `MlHosting`: logical ids from manifest ids (lowercase, single hyphens, so unique). */
export function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The parameter that publishes a portfolio in a stack instance. */
export function portfolioParameterName(portfolioId: string): string {
  return `Publish${pascalCase(portfolioId)}`;
}

function publishPortfoliosConditionally(stack: CatalogStack, portfolios: readonly Portfolio[]): Map<string, string> {
  const parameters = new Map<string, string>();
  const published = new Map<string, CfnCondition>();
  for (const portfolio of portfolios) {
    const name = portfolioParameterName(portfolio.id);
    const parameter = new CfnParameter(stack, name, {
      type: 'String',
      allowedValues: ['true', 'false'],
      default: 'false',
      description: `'true' publishes portfolio '${portfolio.id}' in this account (set by the StackSet per organizational unit).`,
    });
    const condition = new CfnCondition(stack, `Portfolio${pascalCase(portfolio.id)}Published`, {
      expression: Fn.conditionEquals(parameter.valueAsString, 'true'),
    });
    parameters.set(portfolio.id, name);
    published.set(portfolio.id, condition);
    applyCondition(stack.portfolios.get(portfolio.id)!, condition);
  }

  // One condition per set of portfolios, shared by the products and TagOptions they use.
  const anyPublished = (users: readonly Portfolio[]): CfnCondition => {
    if (users.length === 1) return published.get(users[0].id)!;
    const names = users.map((p) => pascalCase(p.id)).join('Or');
    const id = names.length <= 200 ? `${names}Published` : `PortfoliosPublished${shortHash(names)}`;
    return (stack.node.tryFindChild(id) as CfnCondition | undefined) ??
      new CfnCondition(stack, id, { expression: anyOf(users.map((p) => published.get(p.id)!)) });
  };

  // Who uses what, from what the stack was rendered from (its published shape).
  const usersOf = (uses: (portfolio: PortfolioState) => boolean) => portfolios.filter((p) => uses(stack.shape.portfolios[p.id]));
  for (const [productId, product] of stack.products) {
    const condition = anyPublished(usersOf((p) => Object.hasOwn(p.products, productId)));
    applyCondition(product, condition);
    // The factory's launch role of the product (launch-roles.ts): in the accounts that get the product.
    const launchRole = FactoryLaunchRole.of(stack, productId);
    if (launchRole) applyCondition(launchRole, condition);
  }

  const tagOptions = stack.node.tryFindChild('TagOptions');
  for (const tagOption of tagOptions?.node.children ?? []) {
    if (!(tagOption instanceof servicecatalog.CfnTagOption)) continue;
    const users = usersOf((p) => Object.hasOwn(p.tagOptions, tagOption.key) && p.tagOptions[tagOption.key].includes(tagOption.value));
    applyCondition(tagOption, anyPublished(users));
  }
  return parameters;
}

/** Every CloudFormation resource under `scope` exists only under `condition`. */
function applyCondition(scope: IConstruct, condition: CfnCondition): void {
  for (const construct of scope.node.findAll()) {
    if (CfnResource.isCfnResource(construct)) construct.cfnOptions.condition = condition;
  }
}

/** Fn::Or takes 2 to 10 conditions: nest groups of ten. */
function anyOf(conditions: readonly ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) return conditions[0];
  if (conditions.length <= 10) return Fn.conditionOr(...conditions);
  const groups: ICfnConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += 10) groups.push(anyOf(conditions.slice(i, i + 10)));
  return anyOf(groups);
}

/**
 * Product file assets (seed code, ...) are read from the per-account asset
 * bucket `<catalog>-assets-<account>-<region>` that a named account's catalog
 * stack creates. Accounts reached through organizational units have none (and
 * creating and filling one per member account would turn one StackSet operation
 * back into one copy per account), so such products are refused for them.
 */
function rejectProductsWithFileAssets(catalog: Catalog, portfolios: readonly Portfolio[], versions: VersionTemplates): void {
  const diagnostics: Diagnostic[] = [];
  for (const portfolio of portfolios) {
    for (const entry of portfolio.products) {
      const withAssets = (versions.get(entry.id) ?? []).filter(
        (v) => v.assets.length > 0,
      );
      if (withAssets.length === 0) continue;
      diagnostics.push({
        ...entry.source,
        code: 'ORGANIZATION_UNSUPPORTED_PRODUCT',
        message:
          `product '${entry.id}' (version ${withAssets.map((v) => `'${v.version.name}'`).join(', ')}) ships file assets, ` +
          `read from the per-account bucket ${productAssetBucketNameSub(catalog.name)}, which accounts reached through ` +
          "organizational units do not have; offer it in a portfolio published to named 'accounts' instead of " +
          `'organizationalUnits' (${portfolio.organizationalUnits.join(', ')})`,
      });
    }
  }
  throwIfAny(diagnostics);
}

/**
 * The product checks again, on what the templates really read and publish
 * (validate judged by the products' declarations): a stale declaration cannot
 * let a unit get a product whose launches fail.
 */
function checkTemplatesSsmUse(catalog: Catalog, versions: VersionTemplates): void {
  const ssm = productSsmUses(catalog, (product, version) => {
    const template = versions.get(product.id)?.find((v) => v.version.name === version.name);
    return template ? ssmParameterUseOfTemplate(template.template, catalog.defaults) : NO_SSM_PARAMETERS;
  });
  throwIfAny(PRODUCT_CHECKS.flatMap((check) => check(catalog, ssm)));
}

function shortHash(text: string): string {
  return sha256(text).slice(0, 12);
}

/** CAPABILITY_IAM when the template creates IAM resources, CAPABILITY_NAMED_IAM when it names them. */
function capabilitiesOf(template: { readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> }): string[] {
  const resources = Object.values(template.Resources ?? {});
  const iam = resources.filter((r) => r.Type.startsWith('AWS::IAM::'));
  if (iam.length === 0) return [];
  const nameKeys = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];
  const named = iam.some((r) => nameKeys.some((key) => r.Properties?.[key] !== undefined));
  return named ? ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] : ['CAPABILITY_IAM'];
}
