/**
 * How the bundled CLI (scripts/cli-bundle.js) runs the TypeScript it does not
 * hold: the heavy kits (src/generator, src/secure, ...), required only by the
 * commands that need them, and the products, which are user code loaded at run
 * time. Each .ts file is transpiled by esbuild when first required (transpile
 * only, as ts-node's transpileOnly did; `npx projen typecheck` type-checks).
 *
 * A module the bundle holds (src/cli, src/manifest, src/model, src/cdk) is
 * served from the bundle when source code requires it, so each module exists
 * once per process, as it did under ts-node: the kit and the products share the
 * manifest and model code (and their module state) with the CLI.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { sha256 } from '../model/sha256';

/** Repository-relative path of a bundled module -> its exports, initialized on first use. */
export type BundledModules = Readonly<Record<string, () => unknown>>;

interface TransformError {
  readonly text: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/** esbuild's settings for the project's TypeScript (tsconfig.json: target ES2022, so define semantics for class fields). */
const TRANSFORM_OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, experimentalDecorators: true, verbatimModuleSyntax: false } },
} as const;

/** Transpiled sources, by content (cachedTranspile). */
const CACHE_DIR = '.sc-factory/typescript';

let registered = false;

/** Installs the .ts loader and the bundled-module redirect for the rest of the process. */
export function registerTypeScript(root: string, bundled: BundledModules): void {
  if (registered) return;
  registered = true;
  // Stack traces in TypeScript lines when debugging; otherwise Node need not parse every source map.
  if (process.env.SC_FACTORY_DEBUG) process.setSourceMapsEnabled(true);

  const byFile = new Map<string, () => unknown>();
  for (const [file, load] of Object.entries(bundled)) {
    let exports: unknown;
    let loaded = false;
    byFile.set(path.join(root, file), () => {
      if (!loaded) {
        exports = load();
        loaded = true;
      }
      return exports;
    });
  }

  const cache = path.join(root, CACHE_DIR);
  // Changes whenever the transpiler or its settings do.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const version = `${(require('esbuild/package.json') as { version: string }).version}\0${JSON.stringify(TRANSFORM_OPTIONS)}`;
  type Loader = (module: { _compile(code: string, filename: string): void }, filename: string) => void;
  (require.extensions as unknown as Record<string, Loader>)['.ts'] = (module, filename) => {
    module._compile(cachedTranspile(fs.readFileSync(filename, 'utf8'), filename, cache, version), filename);
  };

  const internals = Module as unknown as {
    _load(request: string, parent: unknown, isMain: boolean): unknown;
    _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
  };
  const load = internals._load;
  internals._load = function (request: string, parent: unknown, isMain: boolean) {
    if (parent && (request.startsWith('.') || path.isAbsolute(request))) {
      const bundledModule = byFile.get(internals._resolveFilename(request, parent, isMain));
      if (bundledModule) return bundledModule();
    }
    // eslint-disable-next-line prefer-rest-params
    return load.apply(this, arguments as unknown as [string, unknown, boolean]);
  };
}

/**
 * esbuild's output by the sha256 of the source, its file name (the source map
 * names it) and the settings: never stale, safe to delete. A run whose files are
 * all cached does not start esbuild at all.
 */
function cachedTranspile(source: string, filename: string, cache: string, version: string): string {
  const key = sha256(`${version}\0${filename}\0${source}`);
  const file = path.join(cache, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Not cached yet.
  }
  const code = transpile(source, filename);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, file);
  } catch {
    // A read-only checkout: transpile each run.
  }
  return code;
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
