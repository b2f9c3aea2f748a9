/**
 * What the rule packs found in one synthesized app (product templates, catalog
 * and publishing stacks, the organisation's member template), per top-level
 * stack: the open findings and every acknowledgement with what it covers.
 * `synth` throws the open findings as `file:line:col` diagnostics;
 * `security-report` collects the results of the very same synthesis instead.
 */
import { type App, Stack, Stage } from 'aws-cdk-lib';
import { catalogRelativePath } from './catalog-paths';
import type { Catalog } from '../model/catalog';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import { type Acknowledgement, acknowledgementsIn, withCoverage } from '../secure/acknowledgements';
import { readRuleFindings, type RuleFinding } from '../secure/rule-packs';
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
  throwIfPluginFailed(findings);
  if (!collect) {
    throwOpenFindings(catalog, kind, findings);
    return;
  }
  collect.push({ app: kind, stacks: stackRuleChecks(app, assemblyDir, findings) });
}

/** A plugin that failed (cfn-lint not installed, ...) checked nothing: an error, whatever else was found. */
export function throwIfPluginFailed(findings: readonly RuleFinding[]): void {
  const failures = findings.filter((f) => f.acknowledgeId.endsWith('::PluginFailed'));
  if (failures.length > 0) throw new Error(failures.map((f) => f.description).join('\n'));
}

/** Throws a ManifestError listing `findings`, each at the source line that created its construct. */
export function throwOpenFindings(catalog: Catalog, kind: CheckedAppKind, findings: readonly RuleFinding[]): void {
  throwIfAny(findings.map((finding) => findingDiagnostic(catalog, kind, finding)));
}

/** The rule-pack result of each top-level stack (or stage) of `app`, synthesized into `assemblyDir`. */
export function stackRuleChecks(app: App, assemblyDir: string, findings: readonly RuleFinding[]): StackRuleCheck[] {
  return app.node.children
    .filter((child) => Stack.isStack(child) || Stage.isStage(child))
    .map((child) => ({
      id: child.node.id,
      openFindings: findings.filter((f) => isInside(child.node.path, f.constructPath)),
      acknowledgements: withCoverage(acknowledgementsIn(child), assemblyDir),
    }));
}

/** Whether `constructPath` is `scope` or below it. */
export function isInside(scope: string, constructPath: string): boolean {
  return constructPath === scope || constructPath.startsWith(`${scope}/`);
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
