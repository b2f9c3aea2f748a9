/**
 * TypeScript to CommonJS with esbuild, transpile only (as ts-node's
 * transpileOnly: `npx projen typecheck` type-checks): what the CLI's loader
 * runs (src/cli/typescript-loader.ts) and what validate checks product files
 * with (product-code.ts). A file that does not compile throws a SyntaxError
 * whose first line is `file:line:col: message`, with esbuild's messages as
 * `errors` (compileErrorDiagnostic reads them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256 } from '../model/sha256';

interface TransformError {
  readonly text: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/** esbuild's settings for the project's TypeScript (tsconfig.json: target ES2022, so define semantics for class fields). */
export const TRANSFORM_OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, experimentalDecorators: true, verbatimModuleSyntax: false } },
} as const;

let cacheDir: string | undefined;
const memory = new Map<string, string>();

/** Keeps transpiled files in `dir` across runs (by content: never stale, safe to delete). */
export function useTranspileCache(dir: string): void {
  cacheDir = dir;
}

/**
 * esbuild's output by the sha256 of the source, its file name (the source map
 * names it), esbuild's version and the settings. A run whose files are all
 * cached does not start esbuild at all.
 */
export function transpileTypeScript(source: string, filename: string): string {
  const key = sha256(`${esbuildVersion()}\0${JSON.stringify(TRANSFORM_OPTIONS)}\0${filename}\0${source}`);
  const known = memory.get(key);
  if (known !== undefined) return known;
  const file = cacheDir === undefined ? undefined : path.join(cacheDir, key.slice(0, 2), `${key}.js`);
  if (file !== undefined) {
    try {
      const code = fs.readFileSync(file, 'utf8');
      memory.set(key, code);
      return code;
    } catch {
      // Not cached yet.
    }
  }
  const code = transpile(source, filename);
  memory.set(key, code);
  if (file !== undefined) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, file);
    } catch {
      // A read-only checkout: transpile each run.
    }
  }
  return code;
}

let version: string | undefined;

function esbuildVersion(): string {
  // A devDependency: without it bin/sc-factory runs ts-node, and validate loads products instead of checking them here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  version ??= (require('esbuild/package.json') as { version: string }).version;
  return version;
}

function transpile(source: string, filename: string): string {
  // A devDependency: the bundle that runs this was built with it; without it bin/sc-factory runs ts-node instead.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const esbuild = require('esbuild') as typeof import('esbuild');
  try {
    return esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: filename }).code;
  } catch (error) {
    // `file:line:col: message` on the first line (what a load failure reports), esbuild's errors kept as data.
    const first = ((error as { errors?: TransformError[] }).errors ?? [])[0];
    if (!first?.location) throw error;
    const relative = path.relative(process.cwd(), filename);
    const shown = relative.startsWith('..') ? filename : relative.split(path.sep).join('/');
    const where = `${shown}:${first.location.line}:${first.location.column + 1}`;
    throw Object.assign(new SyntaxError(`${where}: ${first.text}`), { errors: (error as { errors: unknown }).errors });
  }
}
