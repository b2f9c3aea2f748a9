/**
 * The stack every product in products/ extends. It makes the template
 * environment-agnostic, adds the shared secure-by-default parameters (defaulting
 * to the SSM parameters the data science environment publishes), lays out the
 * console (AWS::CloudFormation::Interface) and tags everything it creates.
 */
import { AspectPriority, Aspects, CfnParameter, type CfnParameterProps, Lazy, Stack, Tags, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { CatalogFactParameters } from './catalog-fact-parameters';
import { ProductTemplateSynthesizer } from './product-template-synthesizer';
import { SecureDefaults, type SecureDefaultValues } from './secure-defaults';
import type { Defaults, ProductKind } from '../model/catalog';
import { isProductStackClass, PRODUCT_STACK_MARK } from '../model/product-contract';
import { SSM_CONTRACT, type SsmContractKey, ssmParameterName } from '../model/ssm-contract';

/**
 * What a product template may depend on. Only catalog-wide settings: a product
 * template is synthesized once and serves every account, so nothing here is per
 * account, and the accounts are not here at all: a product reads them from the
 * catalog stack's SSM parameters (`catalogFacts`), so adding an account changes
 * no product template. Changing any of it changes the template, which a released version
 * refuses (add a new version instead).
 */
export interface ProductContext {
  /** The product's id in catalog.yaml. */
  readonly productId: string;
  readonly kind: ProductKind;
  /** The catalog's `name`. */
  readonly catalogName: string;
  readonly defaults: Defaults;
}

export interface SecureProductStackProps {
  readonly context: ProductContext;
}

/** A parameter the end user sees: with a label, in a console group. */
export interface ProductParameterProps extends CfnParameterProps {
  /** Console label. */
  readonly label: string;
  /** Console group; groups appear in the order first used. */
  readonly group: string;
}

/** An acknowledged rule-pack finding: the rule id as the pack reports it, and why it is acceptable. */
export interface RuleAcknowledgement {
  /** e.g. `AwsSolutions::AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  /** A reason a security reviewer would accept. */
  readonly reason: string;
}

// A global symbol rather than instanceof (src/model/product-contract.ts).
const SECURE_PRODUCT_STACK = PRODUCT_STACK_MARK;

/** Console group names shared by every product. */
export const SHARED_GROUPS = {
  environment: 'Environment',
  network: 'Network (from the data science environment)',
  encryption: 'Encryption (from the data science environment)',
  storage: 'Storage (from the data science environment)',
} as const;

export abstract class SecureProductStack extends Stack {
  /** Marks this class and, through static inheritance, every subclass. */
  public static readonly [SECURE_PRODUCT_STACK] = true;

  /** Whether `x` is a product stack class (its prototype chain reaches this class). */
  public static isProductStackClass(x: unknown): x is new (
    scope: Construct,
    id: string,
    props: SecureProductStackProps,
  ) => SecureProductStack {
    return isProductStackClass(x);
  }

  public static isSecureProductStack(x: unknown): x is SecureProductStack {
    return Stack.isStack(x) && SecureProductStack.isProductStackClass(x.constructor);
  }


  public readonly context: ProductContext;
  /** Shared parameters; each is added to the template the first time it is read. */
  public readonly shared: SharedParameters;
  /** What the product reads of catalog.yaml (accounts by stage), each added the first time it is read: never baked in. */
  public readonly catalogFacts: CatalogFactParameters;
  private readonly groups = new Map<string, CfnParameter[]>();
  private readonly labels = new Map<CfnParameter, string>();
  private secureDefaultValues: SecureDefaultValues;

  protected constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, {
      synthesizer: new ProductTemplateSynthesizer(),
      analyticsReporting: false,
      description: `Service Catalog product '${props.context.productId}' (${props.context.catalogName})`,
    });
    this.context = props.context;
    this.shared = new SharedParameters(this);
    this.catalogFacts = new CatalogFactParameters(this);

    this.templateOptions.metadata = {
      'AWS::CloudFormation::Interface': Lazy.any({ produce: () => this.renderInterface() }),
    };
    for (const [key, value] of Object.entries(props.context.defaults.tags)) Tags.of(this).add(key, value);
    Tags.of(this).add('sc-factory:product', props.context.productId);

    // Secure defaults come from the data science environment's published values
    // unless the product provides its own (the environment itself does).
    this.secureDefaultValues = {
      dataKeyArn: () => this.shared.dataKeyArn,
      volumeKeyArn: () => this.shared.volumeKeyArn,
      logsKeyArn: () => this.shared.logsKeyArn,
      subnetIds: () => this.shared.privateSubnetIds,
      securityGroupIds: () => this.shared.securityGroupIds,
      accessLogsBucketName: () => this.shared.value('accessLogsBucketName', SHARED_GROUPS.storage).valueAsString,
      logRetentionDays: RetentionDays.TWO_YEARS,
    };
    Aspects.of(this).add(new SecureDefaults(() => this.secureDefaultValues), { priority: AspectPriority.MUTATING });
  }

  /**
   * Replaces where the secure defaults come from, e.g. a product that creates
   * its own keys or network. Values not given keep their default source.
   */
  protected useSecureDefaults(values: Partial<SecureDefaultValues>): void {
    this.secureDefaultValues = { ...this.secureDefaultValues, ...values };
  }

  /** Adds a parameter with a console label and group. */
  public addParameter(id: string, props: ProductParameterProps): CfnParameter {
    const { label, group, ...parameterProps } = props;
    const parameter = new CfnParameter(this, id, parameterProps);
    this.labels.set(parameter, label);
    const members = this.groups.get(group) ?? [];
    members.push(parameter);
    this.groups.set(group, members);
    return parameter;
  }

  /**
   * Acknowledges rule-pack findings on `scope` (and below). Keep them few; each
   * is listed with its reason by `sc-factory security-report`.
   */
  public acknowledge(scope: IConstruct, ...acknowledgements: RuleAcknowledgement[]): void {
    Validations.of(scope).acknowledge(...acknowledgements);
  }

  private renderInterface() {
    if (this.groups.size === 0) return undefined;
    return {
      ParameterGroups: [...this.groups].map(([group, parameters]) => ({
        Label: { default: group },
        Parameters: parameters.map((p) => p.logicalId),
      })),
      ParameterLabels: Object.fromEntries([...this.labels].map(([p, label]) => [p.logicalId, { default: label }])),
    };
  }
}

/**
 * The shared parameters, each an SSM parameter type whose default is the name
 * the data science environment publishes, so an end user fills in nothing and
 * can only point at another environment's published values.
 */
export class SharedParameters {
  private readonly created = new Map<SsmContractKey, CfnParameter>();

  constructor(private readonly stack: SecureProductStack) {}

  public get environmentName(): string {
    return this.parameter('environmentName', SHARED_GROUPS.environment).valueAsString;
  }

  public get environmentType(): string {
    return this.parameter('environmentType', SHARED_GROUPS.environment).valueAsString;
  }

  public get vpcId(): string {
    return this.parameter('vpcId', SHARED_GROUPS.network).valueAsString;
  }

  public get privateSubnetIds(): string[] {
    return this.parameter('privateSubnetIds', SHARED_GROUPS.network).valueAsList;
  }

  public get securityGroupIds(): string[] {
    return this.parameter('securityGroupIds', SHARED_GROUPS.network).valueAsList;
  }

  public get dataKeyArn(): string {
    return this.parameter('dataKeyArn', SHARED_GROUPS.encryption).valueAsString;
  }

  public get volumeKeyArn(): string {
    return this.parameter('volumeKeyArn', SHARED_GROUPS.encryption).valueAsString;
  }

  public get logsKeyArn(): string {
    return this.parameter('logsKeyArn', SHARED_GROUPS.encryption).valueAsString;
  }

  /** Any other published value, e.g. a bucket name or role ARN, in the group given. */
  public value(key: SsmContractKey, group: string): CfnParameter {
    return this.parameter(key, group);
  }

  private parameter(key: SsmContractKey, group: string): CfnParameter {
    let parameter = this.created.get(key);
    if (!parameter) {
      const entry = SSM_CONTRACT[key];
      const logicalId = key.charAt(0).toUpperCase() + key.slice(1) + 'Parameter';
      parameter = this.stack.addParameter(logicalId, {
        type: `AWS::SSM::Parameter::Value<${entry.valueType}>`,
        default: ssmParameterName(this.stack.context.defaults, key),
        description: `SSM parameter holding the ${entry.label.toLowerCase()}; published by the data science environment.`,
        label: `${entry.label} (SSM parameter name)`,
        group,
      });
      this.created.set(key, parameter);
    }
    return parameter;
  }
}
