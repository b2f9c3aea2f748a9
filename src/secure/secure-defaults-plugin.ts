/**
 * Runs the secure-defaults rules (src/secure/rules) over every synthesized
 * product template, as a validation plugin next to the cdk-nag packs. Findings
 * land in the same validation report, so they reach the maintainer as
 * `file:line:col` diagnostics at the product line that created the resource,
 * and can be acknowledged the same way (`SecureDefaults::<rule>`).
 */
import * as fs from 'node:fs';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { type RuleTemplate, SECURE_RULES, type SecureRule } from './rules';

export const SECURE_DEFAULTS_PLUGIN_NAME = 'SecureDefaults';

export class SecureDefaultsChecks implements IPolicyValidationPlugin {
  public readonly name = SECURE_DEFAULTS_PLUGIN_NAME;
  public readonly version = '1.0.0';
  public readonly ruleIds: string[];

  constructor(private readonly rules: readonly SecureRule[] = SECURE_RULES) {
    this.ruleIds = rules.map((rule) => rule.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations = context.templatePaths.flatMap((templatePath) =>
      checkTemplate(JSON.parse(fs.readFileSync(templatePath, 'utf8')) as RuleTemplate, this.rules).map((finding) => ({
        ruleName: finding.rule.id,
        description: finding.message,
        fix: finding.rule.fix,
        severity: 'error',
        violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath, locations: [...finding.locations] }],
      })),
    );
    return { success: violations.length === 0, violations: violations satisfies PolicyViolation[] };
  }
}

export interface RuleViolation {
  readonly rule: SecureRule;
  readonly logicalId: string;
  /** What is wrong, then how to fix it. */
  readonly message: string;
  readonly locations: readonly string[];
}

/** Every rule over every resource of one template. */
export function checkTemplate(template: RuleTemplate, rules: readonly SecureRule[] = SECURE_RULES): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    for (const rule of rules) {
      const result = rule.check(resource, { logicalId, template });
      if (result.status !== 'non-compliant') continue;
      const problem = result.problem.charAt(0).toUpperCase() + result.problem.slice(1);
      violations.push({ rule, logicalId, message: `${problem} ${rule.fix}`, locations: result.locations });
    }
  }
  return violations;
}
