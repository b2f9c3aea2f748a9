/**
 * The catalog facts a product reads (src/model/ssm-contract.ts, CATALOG_FACTS): SSM-typed
 * parameters whose default is the name the catalog stack publishes (src/generator/catalog-facts.ts).
 *
 * Unlike the shared parameters, the name is pinned (AllowedValues): which accounts a product trusts
 * or deploys to is the catalog's decision, never the launching user's. CloudFormation validates the
 * constraints of an SSM parameter type against the parameter key, not its value ("CloudFormation can
 * perform validation on Systems Manager parameter keys, but not on their corresponding values",
 * AWS CloudFormation User Guide, "Systems Manager parameter types"), so the one allowed value is the
 * catalog's parameter name and the values are whatever the catalog stack of the account publishes.
 */
import { CfnCondition, type CfnParameter, Fn } from 'aws-cdk-lib';
import type { SecureProductStack } from './secure-product-stack';
import { CATALOG_FACTS, type CatalogFactKey, catalogFactName, NO_CATALOG_VALUE } from '../model/ssm-contract';

/** Console group of the catalog fact parameters. */
export const CATALOG_GROUP = 'Catalog (published by the catalog in this account)';

export class CatalogFactParameters {
  private readonly created = new Map<CatalogFactKey, CfnParameter>();
  private readonly nonEmpty = new Map<CatalogFactKey, CfnCondition>();

  constructor(private readonly stack: SecureProductStack) {}

  /** The account ids of a list fact (a list token; `none` when the catalog has no such account). */
  public accounts(key: Exclude<CatalogFactKey, 'accountStage'>): string[] {
    return this.parameter(key).valueAsList;
  }

  /** This account's stage in the catalog (`dev`, `staging`, `prod` or `none`). */
  public get accountStage(): string {
    return this.parameter('accountStage').valueAsString;
  }

  /** True when a list fact names at least one account (its value is not `none`). */
  public hasAccounts(key: Exclude<CatalogFactKey, 'accountStage'>): CfnCondition {
    let condition = this.nonEmpty.get(key);
    if (!condition) {
      const id = `Catalog${pascal(key)}Given`;
      condition = new CfnCondition(this.stack, id, {
        expression: Fn.conditionNot(Fn.conditionEquals(Fn.join(',', this.accounts(key)), NO_CATALOG_VALUE)),
      });
      this.nonEmpty.set(key, condition);
    }
    return condition;
  }

  private parameter(key: CatalogFactKey): CfnParameter {
    let parameter = this.created.get(key);
    if (!parameter) {
      const fact = CATALOG_FACTS[key];
      const name = catalogFactName(this.stack.context.catalogName, key);
      parameter = this.stack.addParameter(`Catalog${pascal(key)}Parameter`, {
        type: `AWS::SSM::Parameter::Value<${fact.valueType}>`,
        default: name,
        allowedValues: [name],
        description: `SSM parameter holding the ${fact.label.toLowerCase()}; published by the catalog, not to be changed.`,
        label: `${fact.label} (SSM parameter name)`,
        group: CATALOG_GROUP,
      });
      this.created.set(key, parameter);
    }
    return parameter;
  }
}

function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}
