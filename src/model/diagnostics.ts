/**
 * Diagnostics are data: every stage collects them, the loader throws once with
 * all of them, and only the CLI formats and prints.
 */


export type DiagnosticCode =
  // reading files
  | 'FILE_MISSING'
  | 'FILE_UNREADABLE'
  | 'INVALID_UTF8'
  | 'NON_PRINTABLE_CHARACTER'
  | 'YAML_SYNTAX'
  | 'YAML_ALIAS_UNDEFINED'
  | 'YAML_ALIAS_EXPANSION'
  | 'DUPLICATE_KEY'
  // schema
  | 'UNKNOWN_KEY'
  | 'MISSING_KEY'
  | 'WRONG_TYPE'
  | 'INVALID_VALUE'
  // semantics
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_ACCOUNT'
  | 'DUPLICATE_PORTFOLIO_ID'
  | 'DUPLICATE_PRODUCT_IN_PORTFOLIO'
  | 'DUPLICATE_VERSION'
  | 'DUPLICATE_ACCOUNT_ID'
  | 'PRODUCT_FOLDER_MISSING'
  | 'PRODUCT_EXPORT_MISSING'
  | 'PRODUCT_CODE_INVALID'
  | 'PRODUCT_CATALOG_REQUIREMENT'
  | 'SAGEMAKER_PROJECT_INVALID'
  | 'PRODUCT_ASSET_INVALID'
  // product versions
  | 'RELEASED_VERSION_CHANGED'
  | 'RELEASED_VERSION_REMOVED'
  | 'RELEASED_VERSION_COPIED'
  | 'RELEASED_VERSION_OF_OTHER_PRODUCT'
  | 'PRODUCT_PATH_SHARED'
  | 'UNRELEASED_OLD_VERSION'
  | 'FROZEN_TEMPLATE_TAMPERED'
  | 'NEWEST_VERSION_REMOVED'
  // published state (catalog.lock.json)
  | 'PUBLISHED_STATE_INVALID'
  // product templates
  | 'RULE_PACK_FINDING'
  | 'INSECURE_RESOURCE'
  // publishing: targets, the pipeline, the organisation
  | 'MISSING_TARGET'
  | 'ACCOUNT_STAGE_MISSING'
  | 'PIPELINE_SOURCE_INVALID'
  | 'ORGANIZATION_MISSING'
  | 'ORGANIZATION_UNSUPPORTED_PRODUCT'
  | 'ORGANIZATION_UNITS_OVERLAP'
  | 'ORGANIZATION_SSM_INPUTS_MISSING';

/** A place in a file; line and column are 1-based. */
export interface SourceLocation {
  /** Path relative to the catalog root, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface Diagnostic extends SourceLocation {
  readonly code: DiagnosticCode;
  readonly message: string;
}

/**
 * How much of a value a message shows: enough to recognise it, never a flood
 * (a 2 MB scalar, a file of binary garbage).
 */
export const ECHO_LIMIT = 80;

/**
 * `value` as a message echoes it: control characters escaped (\x07), cut to
 * `limit` characters with the total length said. Every value a message quotes
 * from the input goes through here.
 */
export function echo(value: unknown, limit = ECHO_LIMIT): string {
  const text = typeof value === 'string' ? value : String(value);
  // Only the part shown is escaped: the rest may be megabytes.
  const escape = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (text.length <= limit) {
    const shown = escape(text);
    if (shown.length <= limit) return shown;
  }
  const shown = escape(text.slice(0, limit)).slice(0, limit - 1);
  return `${shown}… (${text.length} characters)`;
}

/** `file:line:col: message`, the form editors and CI logs link to. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}`;
}

/** Diagnostics in file, then position order, without exact repeats. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diagnostics]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col)
    .filter((d) => {
      const key = `${formatDiagnostic(d)}|${d.code}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Thrown once with every problem found; the CLI prints them and exits 1. Any
 * other error escaping to the CLI is a bug in this tool, not in the manifest.
 */
export class ManifestError extends Error {
  public static is(x: unknown): x is ManifestError {
    return x instanceof Error && x.name === 'ManifestError' && Array.isArray((x as ManifestError).diagnostics);
  }

  public readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    super(`${sorted.length} problem${sorted.length === 1 ? '' : 's'} found:\n${sorted.map(formatDiagnostic).join('\n')}`);
    this.name = 'ManifestError';
    this.diagnostics = sorted;
  }
}

/** Throws a ManifestError when anything was collected. */
export function throwIfAny(diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length > 0) throw new ManifestError(diagnostics);
}

/** Levenshtein distance, small and allocation-light: names here are short. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // Names here are short: a long word is no typo of one (and its distance would cost megabytes x names).
  if (word.length > 2 * ECHO_LIMIT) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const budget = Math.max(2, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance <= budget) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `, did you mean 'x'?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : `, did you mean '${match}'?`;
}
