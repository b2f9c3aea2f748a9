/**
 * Role tables, proved by IAM policy simulation over a synthesized template.
 *
 * A role is done when it can do its job AND cannot do what it must not, both
 * evaluated the way AWS combines the policies of a request: the role's
 * identity policies (every managed and inline policy the template attaches to
 * it), an optional resource policy (bucket, key, trust policy), the VPC
 * endpoint policies the request passes through, and a permissions boundary.
 * The evaluator is @cloud-copilot/iam-simulate (AGPL, a test-only devDependency),
 * not this project's own reading of its policies.
 *
 *   const launch = new ResolvedTemplate(template, { accountId, region });
 *   describeRoleTable('SageMaker execution role', () => roleUnderTest(launch, 'StudioExecutionRole1234'), {
 *     can: [{ name: 'start a VPC training job', action: 'sagemaker:CreateTrainingJob', resource: ..., context: {...} }],
 *     cannot: [{ name: 'start a job outside the VPC', action: ..., resource: ..., deniedBy: ['identity:DenyWithoutVpcSubnets'] }],
 *   });
 *
 * `can` cases must come out `Allowed`; `cannot` cases must not. A `cannot` case
 * that names `deniedBy` must be explicitly denied by exactly those statements
 * (`<policy type>:<Sid>`, e.g. `identity:DenyWithoutVpcSubnets`,
 * `resource:DenyOutsideVpcEndpoint`, `vpce:NoBucketListingOrCreation`); one that
 * names `implicitly: true` must be denied for want of an Allow (no statement
 * grants it), which proves a permission was left out rather than blocked.
 */
import { getDenialReasons, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { ResolvedTemplate } from './cfn-resolver';

export type ContextValues = Record<string, string | string[]>;

export interface NamedPolicy {
  readonly name: string;
  readonly policy: unknown;
}

/** One request, as a real call would carry it. */
export interface RoleCase {
  /** What the case shows, as a phrase read after "can" / "cannot". */
  readonly name: string;
  readonly action: string;
  /** The resource ARN (or `*` for calls that take none). */
  readonly resource: string;
  /** Account owning the resource; default the launch account. */
  readonly resourceAccount?: string;
  /** Request context keys (condition keys the call carries); merged over the subject's defaults. */
  readonly context?: ContextValues;
  /** The resource's own policy (bucket policy, key policy, trust policy, topic policy, ...). */
  readonly resourcePolicy?: unknown;
  /** VPC endpoint policies the request passes through. */
  readonly vpcEndpointPolicies?: readonly NamedPolicy[];
}

export interface CannotCase extends RoleCase {
  /** Explicit denies expected, exactly (`<policy type>:<Sid>`). */
  readonly deniedBy?: readonly string[];
  /** True: no statement allows it (implicit deny), and nothing denies it explicitly. */
  readonly implicitly?: boolean;
}

/** The principal under test and what every one of its requests carries. */
export interface Subject {
  /** Principal ARN: a role ARN, or an assumed-role session ARN. */
  readonly principal: string;
  readonly account: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  /** Context keys every request carries (e.g. aws:SecureTransport); cases override them. */
  readonly context?: ContextValues;
}

export interface SimulationOutcome {
  readonly result: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
  /** Explicit denies, `<policy type>:<Sid>`. */
  readonly deniedBy: readonly string[];
  /** Context keys the simulator ignored because AWS never sends them with this action. */
  readonly ignoredContextKeys: readonly string[];
}

/** Context keys every authenticated request over HTTPS carries. */
export function baseContext(account: string): ContextValues {
  return { 'aws:SecureTransport': 'true', 'aws:PrincipalAccount': account };
}

/** Evaluates one request by `subject`. */
export async function simulate(subject: Subject, request: RoleCase): Promise<SimulationOutcome> {
  const simulation: Simulation = {
    request: {
      principal: subject.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? subject.account },
      // aws:ResourceAccount, as AWS sets it, when the case names the resource's account (a case may still override it).
      contextVariables: {
        ...baseContext(subject.account),
        ...(request.resourceAccount ? { 'aws:ResourceAccount': request.resourceAccount } : {}),
        ...subject.context,
        ...request.context,
      },
    },
    identityPolicies: subject.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
    permissionBoundaryPolicies: subject.permissionsBoundary ? [{ ...subject.permissionsBoundary }] : undefined,
    vpcEndpointPolicies: request.vpcEndpointPolicies?.map((p) => ({ name: p.name, policy: p.policy })),
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType !== 'single') throw new Error(`simulation failed: ${JSON.stringify(response).slice(0, 2000)}`);
  return {
    result: response.overallResult as SimulationOutcome['result'],
    deniedBy: getDenialReasons(response.result.analysis)
      .filter((d) => d.denialType === 'Explicit')
      .map((d) => `${d.policyType}:${d.statementId}`),
    ignoredContextKeys: response.result.ignoredContextKeys ?? [],
  };
}

/**
 * Registers one jest test per case: `can <name>` and `cannot <name>`. `subject`
 * is called once, by the first case to run (after `beforeAll` hooks ran, so it
 * may read a template synthesized there): resolving a template's policies for
 * every one of thousands of cases cost a quarter of the launch-role tests' time.
 */
export function describeRoleTable(
  title: string,
  subjectOnce: () => Subject,
  table: { readonly can: readonly RoleCase[]; readonly cannot: readonly CannotCase[] },
): void {
  let resolved: Subject | undefined;
  const subject = () => (resolved ??= subjectOnce());
  describe(title, () => {
    for (const c of table.can) {
      test(`can ${c.name}`, async () => {
        const outcome = await simulate(subject(), c);
        expect({ case: c.name, action: c.action, result: outcome.result, deniedBy: outcome.deniedBy }).toEqual({
          case: c.name,
          action: c.action,
          result: 'Allowed',
          deniedBy: [],
        });
      });
    }
    for (const c of table.cannot) {
      test(`cannot ${c.name}`, async () => {
        const outcome = await simulate(subject(), c);
        expect({ case: c.name, action: c.action, allowed: outcome.result === 'Allowed' }).toEqual({ case: c.name, action: c.action, allowed: false });
        if (c.deniedBy) {
          expect({ case: c.name, result: outcome.result, deniedBy: [...outcome.deniedBy].sort() }).toEqual({
            case: c.name,
            result: 'ExplicitlyDenied',
            deniedBy: [...c.deniedBy].sort(),
          });
        }
        if (c.implicitly) {
          expect({ case: c.name, result: outcome.result }).toEqual({ case: c.name, result: 'ImplicitlyDenied' });
        }
      });
    }
  });
}

/**
 * Every identity policy the template attaches to the role with this logical id,
 * resolved for the launch: inline `Policies`, AWS::IAM::Policy and
 * AWS::IAM::ManagedPolicy resources naming it in `Roles`, and managed policies
 * of the same template referenced from `ManagedPolicyArns`. AWS-managed policy
 * ARNs cannot be resolved offline and fail the lookup, so a table never
 * silently evaluates less than the role has.
 */
export function identityPoliciesOf(launch: ResolvedTemplate, roleLogicalId: string): NamedPolicy[] {
  const role = launch.properties(roleLogicalId);
  const roleName = launch.ref(roleLogicalId);
  const policies: NamedPolicy[] = (role.Policies ?? []).map((p: { PolicyName: string; PolicyDocument: unknown }) => ({
    name: `${roleLogicalId}/${p.PolicyName}`,
    policy: p.PolicyDocument,
  }));
  const managedInTemplate = new Map<string, string>();
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const id of launch.logicalIdsOf(type)) {
      const properties = launch.properties(id);
      if (type === 'AWS::IAM::ManagedPolicy') managedInTemplate.set(launch.ref(id), id);
      if ((properties.Roles ?? []).includes(roleName)) policies.push({ name: id, policy: properties.PolicyDocument });
    }
  }
  for (const arn of role.ManagedPolicyArns ?? []) {
    const id = managedInTemplate.get(arn);
    if (!id) throw new Error(`role ${roleLogicalId}: managed policy ${arn} is not in the template; give its document to the table explicitly`);
    if (!policies.some((p) => p.name === id)) policies.push({ name: id, policy: launch.properties(id).PolicyDocument });
  }
  return policies;
}

/** The permissions boundary of a role, when the template sets one from a policy of its own. */
export function permissionsBoundaryOf(launch: ResolvedTemplate, roleLogicalId: string): NamedPolicy | undefined {
  const arn = launch.properties(roleLogicalId).PermissionsBoundary;
  if (!arn) return undefined;
  const id = launch.logicalIdsOf('AWS::IAM::ManagedPolicy').find((p) => launch.ref(p) === arn);
  if (!id) throw new Error(`role ${roleLogicalId}: permissions boundary ${arn} is not in the template`);
  return { name: id, policy: launch.properties(id).PolicyDocument };
}

/** A role of the template as the subject of a table: its ARN, every policy attached to it, its boundary. */
export function roleUnderTest(launch: ResolvedTemplate, roleLogicalId: string, context?: ContextValues): Subject {
  const account = launch.launchAccount;
  return {
    principal: launch.getAtt(roleLogicalId, 'Arn'),
    account,
    identityPolicies: identityPoliciesOf(launch, roleLogicalId),
    permissionsBoundary: permissionsBoundaryOf(launch, roleLogicalId),
    context,
  };
}

/**
 * A caller outside the template trying to assume one of its roles: the caller's
 * own policy allows `sts:AssumeRole` on anything, so the role's trust policy
 * alone decides (pass it as the case's `resourcePolicy` via `trustPolicyOf`).
 */
export function assumingCaller(principal: string, account: string, context?: ContextValues): Subject {
  return {
    principal,
    account,
    identityPolicies: [
      {
        name: 'CallerMayAssumeAnyRole',
        policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }] },
      },
    ],
    context,
  };
}

/** The trust policy of a role of the template, resolved. */
export function trustPolicyOf(launch: ResolvedTemplate, roleLogicalId: string): unknown {
  return launch.properties(roleLogicalId).AssumeRolePolicyDocument;
}
