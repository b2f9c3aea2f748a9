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
import { transpileTypeScript, useTranspileCache } from '../manifest/typescript-transpile';

/** Repository-relative path of a bundled module -> its exports, initialized on first use. */
export type BundledModules = Readonly<Record<string, () => unknown>>;

/** Transpiled sources, by content (src/manifest/typescript-transpile.ts). */
const CACHE_DIR = '.sc-factory/typescript';

let registered = false;

/** Installs the .ts loader and the bundled-module redirect for the rest of the process. */
export function registerTypeScript(root: string, bundled: BundledModules): void {
  if (registered) return;
  registered = true;
  // Product synthesis worker threads load TypeScript the same way (src/generator/product-worker.ts).
  process.env.SC_FACTORY_TS_LOADER = 'esbuild';
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

  useTranspileCache(path.join(root, CACHE_DIR));
  type Loader = (module: { _compile(code: string, filename: string): void }, filename: string) => void;
  (require.extensions as unknown as Record<string, Loader>)['.ts'] = (module, filename) => {
    module._compile(transpileTypeScript(fs.readFileSync(filename, 'utf8'), filename), filename);
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
