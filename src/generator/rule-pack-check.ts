/**
 * What the rule packs found in one synthesized app (product templates, catalog
 * and publishing stacks, the organisation's member template), per top-level
 * stack: the open findings and every acknowledgement with what it covers.
 * `synth` throws the open findings as `file:line:col` diagnostics;
 * `security-report` collects the results of the very same synthesis instead.
 */
import { type App, CfnElement, Stack, Stage } from 'aws-cdk-lib';
import { catalogRelativePath } from './catalog-paths';
import type { Catalog } from '../model/catalog';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import { type Acknowledgement, acknowledgementsIn, withCoverage } from '../secure/acknowledgements';
import { firstUserFrame, readRuleFindings, type RuleFinding } from '../secure/rule-packs';
import { SECURE_DEFAULTS_PLUGIN_NAME } from '../secure/secure-defaults-plugin';

/** Which app: each writes templates of its own kind. */
export type CheckedAppKind = 'products' | 'catalog' | 'organization-member';

export interface StackRuleCheck {
  /** Construct id of the top-level stack (or stage): a product id, `dev-eu-west-1`, `Pipeline`, ... */
  readonly id: string;
  readonly openFindings: readonly RuleFinding[];
  readonly acknowledgements: readonly Acknowledgement[];
}

export interface AppRuleCheck {
  readonly app: CheckedAppKind;
  readonly stacks: readonly StackRuleCheck[];
}

/**
 * Reads the rule-pack results of `app`, synthesized into `assemblyDir`. With
 * `collect`, appends them there; otherwise throws a ManifestError listing every
 * open finding at the source line that created the construct. A plugin that
 * failed (cfn-lint not installed, ...) throws either way: nothing was checked.
 */
export function checkRulePacks(catalog: Catalog, kind: CheckedAppKind, app: App, assemblyDir: string, collect?: AppRuleCheck[]): void {
  const findings = readRuleFindings(assemblyDir);
  const failures = findings.filter((f) => f.acknowledgeId.endsWith('::PluginFailed'));
  if (failures.length > 0) throw new Error(failures.map((f) => f.description).join('\n'));
  if (!collect) {
    const located = findings.map((finding) => ({ ...finding, createdAt: elementCreatedAt(app, finding) ?? finding.createdAt }));
    throwIfAny(located.map((finding) => findingDiagnostic(catalog, kind, finding)));
    return;
  }
  const inside = (scope: string, constructPath: string) => constructPath === scope || constructPath.startsWith(`${scope}/`);
  collect.push({
    app: kind,
    stacks: app.node.children
      .filter((child) => Stack.isStack(child) || Stage.isStage(child))
      .map((child) => ({
        id: child.node.id,
        openFindings: findings.filter((f) => inside(child.node.path, f.constructPath)),
        acknowledgements: withCoverage(acknowledgementsIn(child), assemblyDir),
      })),
  });
}

/**
 * Where the template element a finding on a whole stack names was created.
 * aws-cdk-lib's own validation ("CloudFormation Validate") reports e.g. an
 * unused parameter at the stack, as `Parameters/Unused: ...`, so its creation
 * trace would point at the line that created the stack (the generator), not at
 * the product line that added the parameter.
 */
function elementCreatedAt(app: App, finding: RuleFinding): string | undefined {
  const named = /^(?:Resources|Parameters|Outputs|Conditions|Mappings|Rules)\/([A-Za-z0-9]+)\b/.exec(finding.description);
  if (!named) return undefined;
  const stack = app.node.findAll().find((c): c is Stack => Stack.isStack(c) && c.node.path === finding.constructPath);
  const element = stack?.node
    .findAll()
    .find((c): c is CfnElement => CfnElement.isCfnElement(c) && c.stack === stack && stack.resolve(c.logicalId) === named[1]);
  return element ? firstUserFrame([element.creationStack.join('\n')]) : undefined;
}

function findingDiagnostic(catalog: Catalog, kind: CheckedAppKind, finding: RuleFinding): Diagnostic {
  const [file, line, col] = splitLocation(catalog.root, finding.createdAt);
  return {
    file,
    line,
    col,
    // An insecure resource the secure defaults could not fix (an author set an insecure value).
    code: finding.pack === SECURE_DEFAULTS_PLUGIN_NAME ? 'INSECURE_RESOURCE' : 'RULE_PACK_FINDING',
    message:
      `${finding.severity} ${finding.acknowledgeId} on ${finding.constructPath}: ${finding.description} ` +
      (finding.severity === 'fatal'
        ? 'Fix the template: this finding cannot be acknowledged.'
        : `Fix the resource, or acknowledge '${finding.acknowledgeId}' with a reason ${kind === 'products' ? 'in the product' : 'where the construct is created'}.`),
  };
}

function splitLocation(root: string, createdAt: string | undefined): [string, number, number] {
  const match = createdAt ? /^(.*):(\d+):(\d+)$/.exec(createdAt) : null;
  if (!match) return ['(product code)', 1, 1];
  return [catalogRelativePath(root, match[1]), Number(match[2]), Number(match[3])];
}
