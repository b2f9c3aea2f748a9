/**
 * aws-cdk-lib's own CloudFormation validation (the "CloudFormation Validate"
 * plugin: resource schemas and AWS's rego rules, run in a WebAssembly engine),
 * with its findings kept per template. Building the engine costs seconds of CPU
 * in every process (about 8 s on the 2-core machine), and the tool synthesizes
 * the same templates again and again (every synth rebuilds the newest released
 * versions to compare them, tests synthesize the same fixtures in every suite),
 * so a template whose findings are known starts no engine at all.
 *
 * A template's findings are a pure function of its bytes, the account and
 * region the engine resolves pseudo parameters with, and the versions of
 * aws-cdk-lib (which rules it loads and excludes) and of the engine: that is the
 * key. The cache lives in node_modules/.cache/ (where tools keep what a fresh
 * install may drop) and is kept as the linters' are (file-results.ts: written
 * atomically, a damaged entry recomputed, one process computing a template).
 *
 * The report is the same whether or not entries were cached: each template's
 * findings are kept on their own, in the engine's order (a stack with an
 * account, in canonical form: sorted, template-forms.ts), and merged into the
 * plugin's violations (one per rule, severity and description, as aws-cdk-lib
 * merges them) in the order of the stacks the context lists. The catalog
 * stacks of many accounts are validated once (template-forms.ts).
 */
import * as path from 'node:path';
import {
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  type PolicyValidationPluginReport,
  type PolicyViolatingResource,
  type PolicyViolation,
} from 'aws-cdk-lib';
import { findingsCacheDir } from './file-results';
import { findingsPerTemplate, type TemplateForm } from './template-forms';
import { sha256 } from '../model/sha256';

const FORMAT = 'sc-factory-cloudformation-validate/1';
/** node_modules/.cache/, or where SC_FACTORY_PYTHON_TOOL_CACHE moves the linters' findings (the benchmark's cold runs). */
function defaultCacheDir(): string {
  return findingsCacheDir('cloudformation-validate', path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'sc-factory-cloudformation-validate'));
}

/** One finding on one template, without the template's path (the key's) or stack. */
interface TemplateFinding {
  readonly ruleName: string;
  readonly description: string;
  readonly severity?: string;
  readonly fix?: string;
  readonly ruleMetadata?: PolicyViolation['ruleMetadata'];
  readonly resourceLogicalId?: string;
  readonly locations?: string[];
}

type Stack = IPolicyValidationContext['stackTemplates'][number];

let shared: CachedCloudFormationValidate | undefined;

export class CachedCloudFormationValidate extends CloudFormationValidatePlugin {
  /** One per process, as aws-cdk-lib's own default: the engine, once built, serves every app. */
  public static instance(): CachedCloudFormationValidate {
    return (shared ??= new CachedCloudFormationValidate());
  }

  /** A plugin with its own cache folder (tests); the tool uses instance(). */
  public constructor(private readonly cacheDir: string = defaultCacheDir()) {
    super();
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const byPath = new Map(context.stackTemplates.map((stack) => [stack.templatePath, stack]));
    const templates = context.stackTemplates.map((stack) => ({ file: stack.templatePath, accountId: stack.accountId }));
    // One engine run for all of them (the engine is built for the resource types of the templates it is given).
    const found = findingsPerTemplate<TemplateFinding>(this.cacheDir, templates, (form, file) => this.keyOf(form, byPath.get(file)!), (files) => {
      const missing = files.map((file) => byPath.get(file)!);
      const report = super.validate({ ...context, stackTemplates: missing, templatePaths: [...files] });
      return new Map(missing.map((stack) => [stack.templatePath, findingsOf(report, stack)]));
    });
    const violations = merge(context.stackTemplates.map((stack) => [stack, found.get(stack.templatePath)!] as const));
    return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
  }

  /** The engine resolves pseudo parameters with the stack's account: in canonical form, the account's stand-in. */
  private keyOf(form: TemplateForm, stack: Stack): string {
    const { accountId = null, region = null } = stack;
    const account = form.canonical ? 'stood in' : accountId;
    const header = JSON.stringify({ format: FORMAT, engine: this.version, cdk: libVersion(), accountId: account, region });
    return sha256(`${header}\n${form.text}`);
  }
}

let cdkVersion: string | undefined;
function libVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (cdkVersion ??= (require('aws-cdk-lib/package.json') as { version: string }).version);
}

/** The findings the engine reported on one template, in its order. */
function findingsOf(report: PolicyValidationPluginReport, stack: Stack): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      if (resource.templatePath !== stack.templatePath) continue;
      findings.push(
        defined({
          ruleName: violation.ruleName,
          description: violation.description,
          severity: violation.severity,
          fix: violation.fix,
          ruleMetadata: violation.ruleMetadata,
          resourceLogicalId: resource.resourceLogicalId,
          locations: resource.locations,
        }),
      );
    }
  }
  return findings;
}

/** `value` without its undefined properties (the report is written as JSON, and compared as objects). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Violations as aws-cdk-lib's plugin builds them: one per rule, severity and description, its resources in stack order. */
function merge(perStack: readonly (readonly [Stack, readonly TemplateFinding[]])[]): PolicyViolation[] {
  const violations = new Map<string, PolicyViolation & { violatingResources: PolicyViolatingResource[] }>();
  for (const [stack, findings] of perStack) {
    for (const finding of findings) {
      const key = JSON.stringify([finding.ruleName, finding.severity ?? null, finding.description]);
      const violation =
        violations.get(key) ??
        violations
          .set(key, {
            ...defined({
              ruleName: finding.ruleName,
              description: finding.description,
              severity: finding.severity,
              fix: finding.fix,
              ruleMetadata: finding.ruleMetadata,
            }),
            violatingResources: [],
          })
          .get(key)!;
      // A finding on the template as a whole belongs to its stack (as in aws-cdk-lib's plugin).
      const at = finding.resourceLogicalId ? { resourceLogicalId: finding.resourceLogicalId } : { constructPath: stack.stackConstructPath };
      violation.violatingResources.push({ ...at, templatePath: stack.templatePath, locations: finding.locations ?? [] });
    }
  }
  return [...violations.values()];
}
