/**
 * Runs the quota checks over every template of the app as a validation plugin,
 * next to the cdk-nag packs. Findings land in the same validation report, so a
 * breach reaches the maintainer as a `file:line:col` diagnostic at the product
 * line that created the resource, can be acknowledged the same way
 * (`Quotas::<check>`; breaches should be fixed), and shows in security-report.
 * A finding about the template as a whole is reported on its stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CfnElement,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type PolicyViolation,
  Stack,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { QUOTA_CHECKS } from './checks';
import type { QuotaTemplate } from './longest-values';
import type { QuotaCheck } from './quota-check';

export const QUOTAS_PLUGIN_NAME = 'Quotas';

export interface QuotaViolation {
  readonly check: QuotaCheck;
  /** The resource; undefined for the template as a whole. */
  readonly logicalId?: string;
  /** What is wrong, then how to fix it. */
  readonly message: string;
  readonly locations: readonly string[];
}

/** Every quota check over one template (its text, as CloudFormation receives it). */
export function checkTemplateQuotas(templateText: string, checks: readonly QuotaCheck[] = QUOTA_CHECKS): QuotaViolation[] {
  const template = JSON.parse(templateText) as QuotaTemplate;
  const context = { template, templateBytes: Buffer.byteLength(templateText, 'utf8') };
  return checks.flatMap((check) =>
    check.check(context).map((finding) => ({
      check,
      logicalId: finding.logicalId,
      message: `${finding.problem} ${check.fix}`,
      locations: finding.locations,
    })),
  );
}

export class QuotaChecks implements IPolicyValidationPlugin {
  public readonly name = QUOTAS_PLUGIN_NAME;
  public readonly version = '1.0.0';
  public readonly ruleIds: string[];

  /**
   * @param scope the app (or stage) whose stacks are checked: used to report
   *   template-wide findings on the stack that wrote the template.
   */
  constructor(
    private readonly scope?: IConstruct,
    private readonly checks: readonly QuotaCheck[] = QUOTA_CHECKS,
  ) {
    this.ruleIds = checks.map((check) => check.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations = context.templatePaths.flatMap((templatePath) => {
      const text = fs.readFileSync(templatePath, 'utf8');
      const resources = (JSON.parse(text) as QuotaTemplate).Resources ?? {};
      return checkTemplateQuotas(text, this.checks).map(
        (violation): PolicyViolation => ({
          ruleName: violation.check.id,
          description: violation.message,
          fix: violation.check.fix,
          severity: 'error',
          violatingResources: [
            // CDK maps a resource's logical id to its construct (and creation trace); other
            // elements (outputs, parameters) and the template as a whole are mapped here.
            violation.logicalId !== undefined && violation.logicalId in resources
              ? { resourceLogicalId: violation.logicalId, templatePath, locations: [...violation.locations] }
              : { constructPath: this.constructPathOf(templatePath, violation.logicalId), templatePath, locations: [...violation.locations] },
          ],
        }),
      );
    });
    return { success: violations.length === 0, violations };
  }

  /**
   * The construct of template element `logicalId` (an output, a parameter), or
   * the stack that wrote `templatePath` (matched by file name, as CDK does).
   */
  private constructPathOf(templatePath: string, logicalId: string | undefined): string | undefined {
    const file = path.basename(templatePath);
    const stack = this.scope?.node.findAll().find((c): c is Stack => Stack.isStack(c) && c.templateFile === file);
    if (!stack) return undefined;
    const element =
      logicalId === undefined
        ? undefined
        : stack.node.findAll().find((c) => CfnElement.isCfnElement(c) && Stack.of(c) === stack && stack.resolve(c.logicalId) === logicalId);
    return (element ?? stack).node.path;
  }
}
