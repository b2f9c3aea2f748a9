/**
 * cfn-lint (AWS's CloudFormation linter: resource schemas per region, intrinsic
 * functions, references) as a validation plugin next to the cdk-nag packs. It
 * runs ONCE over every template of an assembly (starting cfn-lint costs about a
 * second), for the regions each template is deployed to, and reports each
 * finding at the construct behind the template element it names, so findings
 * reach the maintainer as `file:line:col` diagnostics, are acknowledged like any
 * other (`Validations.of(construct).acknowledge({ id: 'cfn-lint::W1030', reason })`)
 * and appear in `security-report`.
 *
 * Severities, by design:
 * - cfn-lint errors are `fatal`: aws-cdk-lib refuses to acknowledge fatal
 *   findings, so a template CloudFormation would reject cannot be waved through
 *   at a construct. The one exception is ACKNOWLEDGEABLE_ERRORS: error messages
 *   that are known not to be deployment errors, acknowledged one by one.
 * - warnings are `warning` and fail synth until fixed or acknowledged.
 * - DISABLED_RULES are not run at all; security-report lists them with why.
 */
import * as path from 'node:path';
import { CfnElement, CfnResource, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, type PolicyViolation, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { runPythonToolOnFiles } from './python-tool-runs';
import { pinnedVersion, pythonToolCache } from './python-tools';
import { findingsPerTemplate, type LintedTemplate, type TemplateForm } from './template-forms';
import { sha256 } from '../model/sha256';

export const CFN_LINT_PLUGIN_NAME = 'cfn-lint';

/** Rules not run on any template, each with the reason security-report prints. */
export const CFN_LINT_DISABLED_RULES: Readonly<Record<string, string>> = {
  W3005:
    'Style only: a DependsOn that a Ref or GetAtt already implies. CloudFormation orders the resources the same either ' +
    'way; aws-cdk-lib writes such entries when a construct depends on a role together with its default policy ' +
    '(CodeBuild projects, pipelines, the BucketDeployment function), and removing them from released product ' +
    'templates would need new versions that change nothing deployed.',
};

/** cfn-lint errors that are not deployment errors, and may therefore be acknowledged at their construct. */
export const ACKNOWLEDGEABLE_ERRORS: readonly { readonly rule: string; readonly message: RegExp; readonly why: string }[] = [
  {
    rule: 'E3703',
    message: /^Prefer using Fn::Sub over Fn::Join with an empty delimiter$/,
    why:
      "E3703 checks a pipeline action's RoleArn against the IAM role ARN format; a RoleArn written with Fn::Join " +
      '(as aws-cdk-lib writes ARNs with the partition) cannot be checked, and cfn-lint reports a style preference instead.',
  },
];

export interface CfnLintChecksProps {
  /**
   * Regions to lint templates whose stack has no region of its own
   * (environment-agnostic product and organisation member templates).
   */
  readonly regions: readonly string[];
}

/** One cfn-lint finding, as its JSON output has it. */
interface LintMatch {
  readonly Rule: { readonly Id: string; readonly Description: string; readonly Source: string };
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Path: readonly (string | number)[]; readonly Start?: { readonly LineNumber: number } };
}

export class CfnLintChecks implements IPolicyValidationPlugin {
  public readonly name = CFN_LINT_PLUGIN_NAME;
  public readonly version = pinnedVersion('cfn-lint');

  constructor(private readonly props: CfnLintChecksProps) {
    if (props.regions.length === 0) throw new Error('CfnLintChecks: regions must name at least one region, got none');
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = stacksByTemplate(context);
    // One cfn-lint run per set of regions (one in practice: a catalog's stacks share its regions).
    const byRegions = new Map<string, LintedTemplate[]>();
    for (const { templatePath, region, accountId } of context.stackTemplates) {
      const key = (region ? [region] : [...new Set(this.props.regions)].sort()).join(' ');
      byRegions.set(key, [...(byRegions.get(key) ?? []), { file: templatePath, accountId }]);
    }
    const matches = [...byRegions].flatMap(([regions, templates]) => lint(templates, regions.split(' '), this.version));

    const violations = new Map<string, PolicyViolation & { violatingResources: PolicyViolation['violatingResources'][number][] }>();
    for (const match of matches) {
      const stack = stacks.get(path.resolve(match.Filename));
      const [section, logicalId, ...rest] = match.Location.Path.map(String);
      const element = logicalId === undefined ? undefined : stack?.elements.get(`${section}/${logicalId}`);
      const key = `${match.Rule.Id}\u0000${match.Message}`;
      const violation =
        violations.get(key) ??
        violations
          .set(key, {
            ruleName: match.Rule.Id,
            description: `${match.Message} (${match.Rule.Description})`,
            fix: match.Rule.Source,
            severity: severityOf(match),
            violatingResources: [],
          })
          .get(key)!;
      violation.violatingResources.push({
        templatePath: match.Filename,
        resourceLogicalId: section === 'Resources' ? logicalId : undefined,
        // The element's construct; a finding on the template as a whole belongs to the stack.
        constructPath: (element ?? stack?.stack)?.node.path,
        locations: [(element ? rest : match.Location.Path.map(String)).join('.')],
      });
    }
    return { success: violations.size === 0, violations: [...violations.values()] };
  }
}

function severityOf(match: LintMatch): string {
  if (match.Level === 'Warning') return 'warning';
  if (match.Level === 'Informational') return 'info';
  const acknowledgeable = ACKNOWLEDGEABLE_ERRORS.some((e) => e.rule === match.Rule.Id && e.message.test(match.Message));
  return acknowledgeable ? 'error' : 'fatal';
}

interface TemplateStack {
  readonly stack: Stack;
  /** `Resources/<logicalId>`, `Parameters/<logicalId>`, ... -> the element. */
  readonly elements: Map<string, IConstruct>;
}

const SECTION_OF: readonly [string, (e: CfnElement) => boolean][] = [
  ['Resources', (e) => CfnResource.isCfnResource(e)],
  ['Parameters', (e) => e.constructor.name === 'CfnParameter'],
  ['Outputs', (e) => e.constructor.name === 'CfnOutput'],
  ['Conditions', (e) => e.constructor.name === 'CfnCondition'],
  ['Mappings', (e) => e.constructor.name === 'CfnMapping'],
  ['Rules', (e) => e.constructor.name === 'CfnRule'],
];

/** Template path -> its stack and the constructs of its elements. */
function stacksByTemplate(context: IPolicyValidationContext): Map<string, TemplateStack> {
  const byPath = new Map<string, Stack>();
  for (const construct of context.appConstruct.node.findAll()) if (Stack.isStack(construct)) byPath.set(construct.node.path, construct);
  const result = new Map<string, TemplateStack>();
  for (const { stackConstructPath, templatePath } of context.stackTemplates) {
    const stack = byPath.get(stackConstructPath);
    if (!stack) continue;
    const elements = new Map<string, IConstruct>();
    for (const construct of stack.node.findAll()) {
      if (!CfnElement.isCfnElement(construct) || construct.stack !== stack) continue;
      const section = SECTION_OF.find(([, test]) => test(construct))?.[0];
      if (section) elements.set(`${section}/${stack.resolve(construct.logicalId)}`, construct);
    }
    result.set(path.resolve(templatePath), { stack, elements });
  }
  return result;
}

/**
 * cfn-lint's findings for `templates`, one run per core for all of them. A template's
 * findings are a pure function of its bytes, the regions and cfn-lint's version,
 * so they are kept in the virtualenv's cache (file-results.ts): synthesizing the
 * same templates again (tests do, many times) starts no process; the catalog
 * stacks of many accounts are linted once (template-forms.ts).
 */
function lint(templates: readonly LintedTemplate[], regions: readonly string[], version: string): LintMatch[] {
  const settings = JSON.stringify({ version, regions, disabled: Object.keys(CFN_LINT_DISABLED_RULES) });
  const keyOf = (form: TemplateForm) => sha256(settings + form.text);
  const found = findingsPerTemplate<LintMatch>(pythonToolCache('cfn-lint'), templates, keyOf, (toRun) => {
    // One run per core, side by side (cfn-lint uses one).
    const runs = runPythonToolOnFiles(
      'cfn-lint',
      toRun,
      (group) => ['--format', 'json', '--regions', ...regions, '--ignore-checks', ...Object.keys(CFN_LINT_DISABLED_RULES), '--', ...group],
      process.cwd(),
    );
    const matches = runs.flatMap((result) => {
      // Exit codes 2/4/8 (and sums) flag errors/warnings/informational findings; anything else is a failure.
      if (result.error || result.status === null || result.status % 2 === 1) {
        throw new Error(`cfn-lint failed (${result.error?.message ?? `exit code ${result.status}`}): ${result.stderr?.trim()}`);
      }
      return JSON.parse(result.stdout) as LintMatch[];
    });
    // Kept without the file's name (the key is its content), nor the ids of the match and its parent (hashes of the file's name and the finding).
    const kept = (m: LintMatch & { Id?: string; ParentId?: string | null }): LintMatch => {
      const { Id: _id, ParentId: _parent, ...rest } = m;
      return { ...rest, Filename: '' };
    };
    return new Map(toRun.map((file) => [file, matches.filter((m) => path.resolve(m.Filename) === path.resolve(file)).map(kept)]));
    // cfn-lint's own order (by line, then rule), for a template in canonical form.
  }, (m) => [m.Location.Start?.LineNumber ?? 0, m.Rule.Id]);
  return templates.flatMap(({ file }) => found.get(file)!.map((m) => ({ ...m, Filename: file })));
}
