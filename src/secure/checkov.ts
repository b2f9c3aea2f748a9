/**
 * checkov (Prisma Cloud's static analyser, `--framework cloudformation`), the
 * second security scanner next to the cdk-nag packs and cfn-lint: a plain step
 * over template FILES, not a CDK validation plugin, because it also reads
 * released version templates, which no construct builds any more (their
 * acknowledgements live outside the template: src/model/checkov-acknowledgement.ts).
 *
 * One checkov run per core for all templates that need scanning, side by side
 * (checkov itself uses one core): starting checkov and building its resource
 * graph is slow (seconds per template), so a
 * template's findings, a pure function of its bytes and checkov's version, are
 * kept per sha256 in the virtualenv's cache; synthesizing the same templates
 * again (tests do, released templates never change) starts no process, and the
 * catalog stacks of many accounts are scanned once (template-forms.ts).
 *
 * Offline: `--skip-download` (no policies, guidelines or severities from the
 * Prisma Cloud platform) and CKV_SKIP_PACKAGE_UPDATE_CHECK (no PyPI version
 * check when checkov starts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPythonToolOnFiles } from './python-tool-runs';
import { pinnedVersion, pythonToolCache } from './python-tools';
import { findingsPerTemplate, type LintedTemplate, type TemplateForm } from './template-forms';
import { sha256 } from '../model/sha256';

export const CHECKOV_NAME = 'checkov';

/** One failed checkov check on one template resource. */
export interface CheckovFinding {
  /** Absolute path of the template, as given to scanTemplates. */
  readonly templateFile: string;
  /** e.g. `CKV_AWS_18`. */
  readonly checkId: string;
  /** e.g. `Ensure the S3 bucket has access logging enabled`. */
  readonly checkName: string;
  /** e.g. `AWS::S3::Bucket`. */
  readonly resourceType: string;
  readonly logicalId: string;
  /** First and last line of the resource in the template file (1-based). */
  readonly lines: readonly [number, number];
  /** The template properties the check read, e.g. `Properties/LoggingConfiguration`. */
  readonly evaluatedKeys: readonly string[];
}

/** checkov's version, as pinned in requirements-checkov.txt. */
export function checkovVersion(): string {
  return pinnedVersion('checkov', 'checkov');
}

/** What a finding is cached as: without the file, which is the cache key's. */
type CachedFinding = Omit<CheckovFinding, 'templateFile'>;

interface CheckovReport {
  readonly results?: {
    readonly failed_checks?: readonly {
      readonly check_id: string;
      readonly check_name: string;
      readonly file_abs_path: string;
      readonly resource: string;
      readonly file_line_range: readonly [number, number];
      readonly check_result?: { readonly evaluated_keys?: readonly string[] };
    }[];
    readonly parsing_errors?: readonly string[];
  };
  readonly summary?: { readonly parsing_errors?: number };
}

/**
 * checkov's findings for `templates` (CloudFormation JSON templates, each with
 * the account of its stack if it has one), running checkov at most once per
 * core. Throws when checkov cannot run or cannot parse a template: then nothing
 * was checked. Findings name each template by its absolute path.
 */
export function scanTemplates(templates: readonly LintedTemplate[]): CheckovFinding[] {
  const version = checkovVersion();
  const byFile = new Map(templates.map((t) => [path.resolve(t.file), t.accountId] as const));
  const files = [...byFile].map(([file, accountId]) => ({ file, accountId }));
  const keyOf = (form: TemplateForm) => sha256(`checkov ${version} cloudformation\n${form.text}`);
  // Templates with the same content (or canonical form: template-forms.ts) are scanned once, as one checkov run per core.
  const found = findingsPerTemplate<CachedFinding>(pythonToolCache(CHECKOV_NAME, 'checkov'), files, keyOf, (toRun) => {
    const scanned = runCheckov(toRun);
    return new Map(toRun.map((file) => [file, scanned.get(file) ?? []]));
  }, (finding) => [finding.lines[0], finding.checkId]);
  return files.flatMap(({ file }) => found.get(file)!.map((finding) => ({ templateFile: file, ...finding })));
}

/** checkov over `files`: one run per core, side by side (checkov itself uses one), each template in one of them. */
function runCheckov(files: readonly string[]): Map<string, CachedFinding[]> {
  const runs = runPythonToolOnFiles(
    'checkov',
    files,
    (group) => ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download', ...group.flatMap((f) => ['--file', f])],
    // A neutral working folder: checkov reads a .checkov.yaml config from the current folder.
    os.tmpdir(),
  );
  const reports = runs.flatMap((result) => {
    // Exit code 1: failed checks; anything else but 0 is a failure to run.
    if (result.error || (result.status !== 0 && result.status !== 1)) {
      throw new Error(`checkov failed (${result.error?.message ?? `exit code ${result.status}`}): ${result.stderr?.trim()}`);
    }
    let parsed: CheckovReport | readonly CheckovReport[];
    try {
      parsed = JSON.parse(result.stdout) as CheckovReport | readonly CheckovReport[];
    } catch {
      throw new Error(`checkov printed no JSON report: ${result.stdout.slice(0, 500)} ${result.stderr?.trim()}`);
    }
    return Array.isArray(parsed) ? parsed : [parsed as CheckovReport];
  });
  const parsingErrors = reports.flatMap((r) => r.results?.parsing_errors ?? []);
  if (parsingErrors.length > 0) throw new Error(`checkov could not parse ${parsingErrors.join(', ')}`);
  // checkov may report a template by its real path (product folders can be links).
  const given = new Map(files.map((f) => [fs.realpathSync(f), f]));
  const found = new Map<string, CachedFinding[]>();
  for (const check of reports.flatMap((r) => r.results?.failed_checks ?? [])) {
    const dot = check.resource.lastIndexOf('.');
    const reported = path.resolve(check.file_abs_path);
    const file = given.get(fs.existsSync(reported) ? fs.realpathSync(reported) : reported);
    if (!file) throw new Error(`checkov reported a finding in ${reported}, which it was not asked to scan`);
    found.set(file, [
      ...(found.get(file) ?? []),
      {
        checkId: check.check_id,
        checkName: check.check_name,
        resourceType: check.resource.slice(0, dot),
        logicalId: check.resource.slice(dot + 1),
        lines: [check.file_line_range[0], check.file_line_range[1]],
        evaluatedKeys: check.check_result?.evaluated_keys ?? [],
      },
    ]);
  }
  return found;
}
