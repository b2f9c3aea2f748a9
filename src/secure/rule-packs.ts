/**
 * The rule packs every product template must pass: cdk-nag's AwsSolutions,
 * NIST 800-53 R5 and HIPAA Security, this project's secure-defaults rules, plus
 * aws-cdk-lib's CloudFormation validation and cfn-lint (checkov runs after them). Findings are read back from the
 * cloud assembly's validation report, so the CLI can show them as
 * `file:line:col` diagnostics.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { CFN_LINT_PLUGIN_NAME, CfnLintChecks } from './cfn-lint-plugin';
import { CHECKOV_NAME } from './checkov';
import { CachedCloudFormationValidate } from './cloudformation-validate';
import { QuotaChecks, QUOTAS_PLUGIN_NAME } from './quotas';
import { SECURE_DEFAULTS_PLUGIN_NAME, SecureDefaultsChecks } from './secure-defaults-plugin';
import { CDK_CONTEXT, FIXED_CONTEXT } from '../cdk/context';


export const RULE_PACK_NAMES = [
  'AwsSolutions',
  'NIST.800.53.R5',
  'HIPAA.Security',
  SECURE_DEFAULTS_PLUGIN_NAME,
  QUOTAS_PLUGIN_NAME,
  'CloudFormation Validate',
  CFN_LINT_PLUGIN_NAME,
  // Not a CDK plugin: a step over the template files after synthesis (src/generator/checkov-check.ts).
  CHECKOV_NAME,
] as const;

/**
 * Context for an app checked by the rule packs: CloudFormation validation
 * findings are errors, and the app does not print or throw on findings itself:
 * the caller reads the report.
 */
export const RULE_PACK_CONTEXT = {
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  '@aws-cdk/core:failSynthOnValidationErrors': false,
} as const;

export interface RulePackOptions {
  /**
   * Regions cfn-lint checks templates without a region of their own against
   * (resource schemas differ by region): every region the catalog publishes to.
   * @default ['us-east-1']
   */
  readonly regions?: readonly string[];
}

export function addRulePacks(app: App, options: RulePackOptions = {}): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new NIST80053R5Checks(app),
    new HIPAASecurityChecks(app),
    new SecureDefaultsChecks(),
    new QuotaChecks(app),
    new CfnLintChecks({ regions: options.regions ?? ['us-east-1'] }),
    // aws-cdk-lib's own validation, which it would otherwise add itself, with its findings cached per template.
    // Last, where aws-cdk-lib reports its own (product-pieces.ts merges reports in that order).
    CachedCloudFormationValidate.instance(),
  );
}

/**
 * The one set-up of every app the tool synthesizes (products, catalog and
 * publishing stacks, the organisation member template): the project's CDK
 * context, fixed context so templates are byte-identical however they are
 * synthesized, and the rule packs.
 */
export function checkedApp(options: RulePackOptions & { readonly outdir?: string } = {}): App {
  const app = new App({
    outdir: options.outdir,
    context: { ...CDK_CONTEXT },
    // Whatever the CDK CLI passes, a template depends only on the code and the catalog.
    postCliContext: { ...FIXED_CONTEXT, ...RULE_PACK_CONTEXT },
  });
  addRulePacks(app, { regions: options.regions });
  return app;
}

export interface RuleFinding {
  /** The plugin (pack) that reported it. */
  readonly pack: string;
  /** The id to acknowledge it with, e.g. `AwsSolutions::AwsSolutions-S1`. */
  readonly acknowledgeId: string;
  readonly severity: string;
  readonly description: string;
  /** Construct path, e.g. `sagemaker-endpoint/Model`. */
  readonly constructPath: string;
  /** Where the construct was created, `/abs/file.ts:line:col`, when known. */
  readonly createdAt?: string;
}

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion?: string;
    readonly metadata?: { readonly error?: string };
    readonly violations: readonly {
      readonly ruleName: string;
      readonly description: string;
      readonly severity?: string;
      readonly violatingConstructs: readonly { readonly constructPath?: string; readonly stackTraces?: readonly string[] }[];
    }[];
  }[];
}

/**
 * Every unacknowledged finding in the assembly at `outdir`. Warnings count too:
 * a product template ships with no open findings.
 */
export function readRuleFindings(outdir: string): RuleFinding[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) => [
    // A plugin that crashed (cfn-lint not installed, ...) checked nothing: that is a finding too.
    ...(plugin.metadata?.error
      ? [{ pack: plugin.pluginName, acknowledgeId: acknowledgeIdOf(plugin.pluginName, 'PluginFailed'), severity: 'fatal', description: plugin.metadata.error, constructPath: '' }]
      : []),
    ...plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((construct) => ({
        pack: plugin.pluginName,
        acknowledgeId: acknowledgeIdOf(plugin.pluginName, violation.ruleName),
        severity: violation.severity ?? 'error',
        description: violation.description,
        constructPath: construct.constructPath ?? '(unknown construct)',
        createdAt: firstUserFrame(construct.stackTraces ?? []),
      })),
    ),
  ]);
}

/** What `Validations.acknowledge` expects: the plugin's namespace (spaces as '-'), then the rule. */
function acknowledgeIdOf(pluginName: string, ruleName: string): string {
  return `${pluginName.replace(/ /g, '-')}::${ruleName}`;
}

/**
 * The first stack frame outside aws-cdk-lib and node internals: where the product
 * author wrote it; past this kit's helpers (addParameter, ...) when a later frame
 * is the author's.
 */
export function firstUserFrame(traces: readonly string[]): string | undefined {
  const kit = `${path.sep}src${path.sep}secure${path.sep}`;
  for (const trace of traces) {
    const frames = trace
      .split('\n')
      .map((line) => /\(?([^()\s]+\.ts):(\d+):(\d+)\)?\s*$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null && !match[1].includes('node_modules'))
      .map((match) => ({ file: match[1], location: `${match[1]}:${match[2]}:${match[3]}` }));
    const frame = frames.find((f) => !f.file.includes(kit)) ?? frames[0];
    if (frame) return frame.location;
  }
  return undefined;
}
