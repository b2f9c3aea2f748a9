/**
 * A product file that does not compile, as a diagnostic at the error's
 * file:line:col. Whatever compiles product code hands its error here: ts-node's
 * TSError (it carries the TypeScript diagnostics), a TypeScript diagnostic
 * itself, an esbuild BuildFailure or message (the bundled CLI), or an error
 * whose text names the place (ts-jest, plain Node). Structural types only: this
 * layer imports neither compiler.
 */
import * as path from 'node:path';
import { type Diagnostic, echo } from './diagnostics';

/** What a TypeScript `Diagnostic` has that matters here. */
export interface TypeScriptDiagnosticLike {
  readonly file?: { readonly fileName: string; getLineAndCharacterOfPosition(position: number): { line: number; character: number } };
  readonly start?: number;
  readonly code: number;
  readonly messageText: string | { readonly messageText: string };
}

/** What an esbuild `Message` has that matters here: line 1-based, column 0-based. */
export interface EsbuildMessageLike {
  readonly text: string;
  readonly location: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/**
 * The diagnostic for a compile error of product code, or undefined when
 * `error` names no place in a file (a runtime error while loading, ...).
 * `root` is the catalog root the file is reported relative to; `cwd` is where
 * relative paths in an error's text start.
 */
export function compileErrorDiagnostic(error: unknown, root: string, cwd: string = process.cwd()): Diagnostic | undefined {
  const at = (file: string, line: number, col: number, text: string): Diagnostic => ({
    file: path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/'),
    line,
    col,
    code: 'PRODUCT_CODE_INVALID',
    message: `does not compile: ${echo(text, 160)}`,
  });
  const candidates = [
    error,
    ...listOf((error as { diagnostics?: unknown } | null)?.diagnostics), // ts-node's TSError
    ...listOf((error as { errors?: unknown } | null)?.errors), // esbuild's BuildFailure
  ];
  for (const candidate of candidates) {
    if (isTypeScriptDiagnostic(candidate) && candidate.file && candidate.start !== undefined) {
      const { line, character } = candidate.file.getLineAndCharacterOfPosition(candidate.start);
      const text = typeof candidate.messageText === 'string' ? candidate.messageText : candidate.messageText.messageText;
      return at(candidate.file.fileName, line + 1, character + 1, `${text} (TS${candidate.code})`);
    }
    if (isEsbuildMessage(candidate) && candidate.location) {
      return at(candidate.location.file, candidate.location.line, candidate.location.column + 1, candidate.text);
    }
  }
  return fromText(error, at);
}

/** `file.ts(3,15): error TS1109: ...` (ts-node), `file.ts:3:15 - error TS1109: ...` (tsc --pretty, ts-jest), colours stripped. */
function fromText(error: unknown, at: (file: string, line: number, col: number, text: string) => Diagnostic): Diagnostic | undefined {
  // Duck-typed: a compiler running in another realm (jest's module registry) throws another realm's Error.
  const { diagnosticText, message } = (error ?? {}) as { diagnosticText?: unknown; message?: unknown };
  const raw = typeof diagnosticText === 'string' ? diagnosticText : message;
  if (typeof raw !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/\u001b\[[0-9;]*m/g, '');
  const match = /([^\s()]+\.[cm]?[jt]sx?)(?:\((\d+),(\d+)\)|:(\d+):(\d+))\s*[:-]?\s*(?:error\s+)?(.*)/.exec(text);
  if (!match) return undefined;
  return at(match[1], Number(match[2] ?? match[4]), Number(match[3] ?? match[5]), match[6].trim() || text.trim());
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isTypeScriptDiagnostic(value: unknown): value is TypeScriptDiagnosticLike {
  return typeof value === 'object' && value !== null && 'messageText' in value && typeof (value as { code?: unknown }).code === 'number';
}

function isEsbuildMessage(value: unknown): value is EsbuildMessageLike {
  return typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string' && 'location' in value;
}
