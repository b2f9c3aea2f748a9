/**
 * Grants to roles of other accounts of the catalog, named by role name and a list of accounts read
 * at launch (a catalog fact, src/secure/catalog-fact-parameters.ts): the principal is the list of
 * accounts (`"AWS": {"Ref": <list parameter>}`, an account id is a valid principal, IAM User Guide,
 * "AWS account principals"), the role name a condition on `aws:PrincipalArn` (any account in the ARN:
 * the principal already admits only the listed ones). A list parameter cannot become one role ARN per
 * account in CloudFormation.
 *
 * A principal must be an account, so the grant exists only when the list names one (the catalog
 * publishes 'none' for an empty list): the statement is wrapped in Fn::If on that condition.
 */
import { Aws, type CfnCondition, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** Roles named `roleName` in each account of `accounts` (a list token). */
export interface CatalogAccountRoles {
  readonly accounts: string[];
  readonly roleName: string;
  /** True when `accounts` names at least one account (CatalogFactParameters.hasAccounts). */
  readonly given: CfnCondition;
}

/** `arn:<partition>:iam::*:role/<name>`: the role of that name in any account (with the account list as principal). */
export function roleInAnyAccount(roleName: string): string {
  return `arn:${Aws.PARTITION}:iam::*:role/${roleName}`;
}

/** A policy statement that exists only when `condition` holds: `Fn::If [condition, statement, AWS::NoValue]`. */
export class ConditionalPolicyStatement extends iam.PolicyStatement {
  constructor(
    private readonly condition: CfnCondition,
    props: iam.PolicyStatementProps,
  ) {
    super(props);
  }

  public toStatementJson(): any {
    return Fn.conditionIf(this.condition.logicalId, super.toStatementJson(), Aws.NO_VALUE);
  }
}

/** An Allow for `roles` (principal: their accounts; condition: their name), existing only when there are accounts. */
export function statementForCatalogRoles(roles: CatalogAccountRoles, props: Omit<iam.PolicyStatementProps, 'principals'>): ConditionalPolicyStatement {
  return new ConditionalPolicyStatement(roles.given, {
    ...props,
    principals: [new AccountListPrincipal(roles.accounts)],
    conditions: { ...props.conditions, ArnLike: { 'aws:PrincipalArn': roleInAnyAccount(roles.roleName) } },
  });
}

/**
 * The accounts of a list parameter as a principal: `"AWS": {"Ref": <parameter>}`, which CloudFormation
 * replaces with the list of account ids. AccountPrincipal takes one account, CompositePrincipal a list
 * known at synthesis.
 */
export class AccountListPrincipal extends iam.PrincipalBase {
  constructor(private readonly accounts: string[]) {
    super();
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.PrincipalPolicyFragment({ AWS: this.accounts });
  }

  public toString(): string {
    return 'AccountListPrincipal';
  }

  public dedupeString(): string | undefined {
    return undefined;
  }
}
