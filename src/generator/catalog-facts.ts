/**
 * The catalog facts (src/model/ssm-contract.ts, CATALOG_FACTS) as SSM parameters of a catalog
 * stack: which accounts of catalog.yaml are of which stage, and this account's stage. Products read
 * them through SSM-typed parameters, so an account added, removed or renamed in catalog.yaml changes
 * these values (in every catalog stack) and no product template: released versions stay valid, and
 * a launched product sees the new accounts on its next update.
 *
 * The organisation's member template is a catalog stack too (organization-member-template.ts): its
 * stack instances publish the same lists, and 'none' as the stage of an account reached through an
 * organizational unit.
 */
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { Account } from '../model/catalog';
import { CATALOG_FACTS, type CatalogFactKey, catalogFactName, catalogFactValues } from '../model/ssm-contract';

export interface CatalogFactsProps {
  readonly catalogName: string;
  /** Every account of catalog.yaml. */
  readonly accounts: readonly Account[];
  /** The stage of the account this stack is deployed to (undefined: none, or an account of an organizational unit). */
  readonly stage: string | undefined;
}

export class CatalogFacts extends Construct {
  /** Construct id under a catalog stack (a public contract: renaming it replaces the parameters). */
  public static readonly ID = 'CatalogFacts';

  public static addTo(scope: Construct, props: CatalogFactsProps): CatalogFacts {
    return new CatalogFacts(scope, CatalogFacts.ID, props);
  }

  public readonly parameters = new Map<CatalogFactKey, ssm.CfnParameter>();

  constructor(scope: Construct, id: string, props: CatalogFactsProps) {
    super(scope, id);
    const values = catalogFactValues(props.accounts, props.stage);
    for (const key of Object.keys(CATALOG_FACTS) as CatalogFactKey[]) {
      const fact = CATALOG_FACTS[key];
      // Construct ids from the contract's keys (DevAccounts, ...): a logical id is a contract of the deployed stacks.
      this.parameters.set(key, new ssm.CfnParameter(this, key.charAt(0).toUpperCase() + key.slice(1), {
        name: catalogFactName(props.catalogName, key),
        type: fact.valueType === 'List<String>' ? 'StringList' : 'String',
        value: values[key],
        description: `${fact.label} (catalog.yaml); read by the catalog's products`,
      }));
    }
  }
}
