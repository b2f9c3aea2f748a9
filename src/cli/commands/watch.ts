/**
 * `watch`: re-validates the catalog on every save and prints what `validate`
 * prints. It never synthesizes into cdk.out and never deploys (projen's CDK
 * `watch` ran `cdk deploy --hotswap` against real accounts; see issue 11).
 *
 * Node's own fs.watch, not a watcher package: catalog.yaml and portfolios/ are
 * watched as directories (editors save by writing a new file and renaming it,
 * which ends a watch on the file itself), products/ recursively (Node >= 20 on
 * Linux, macOS and Windows). Never the whole root: it holds node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateCommand } from './validate';
import { formatDiagnostic, ManifestError } from '../../model/diagnostics';
import { parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../io';

export const watchCommand: Command = {
  name: 'watch',
  usage: 'watch [--root DIR]',
  summary: 'Re-validate on every save of catalog.yaml, portfolios/*.yaml or products/**; never deploys (Ctrl-C stops)',
  async run(argv, io) {
    const args = parseArgs(argv, { options: ['root'] });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
    if (!fs.existsSync(path.join(root, 'catalog.yaml'))) throw new UsageError(`no catalog.yaml in ${root}`);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await watchCatalog(root, io, stop.signal);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return 0;
  },
};

export interface WatchOptions {
  /** Quiet period after the last change before validating (a save often fires several events). */
  readonly debounceMs?: number;
}

/** Validates now and after every relevant change until `signal` aborts. */
export async function watchCatalog(root: string, io: CliIo, signal: AbortSignal, options: WatchOptions = {}): Promise<void> {
  const debounceMs = options.debounceMs ?? 200;
  io.out(`watching catalog.yaml, portfolios/ and products/ in ${root}: validating on every save (never deploys; Ctrl-C stops)`);
  // One validation at a time, in the order of the saves.
  let running = validateOnce(root, io, 'start');

  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const onChange = (file: string) => {
    if (!isCatalogSource(file)) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed].sort();
      changed = new Set();
      running = running.then(() => {
        forgetProductModules(root);
        return validateOnce(root, io, files.join(', '));
      });
    }, debounceMs);
  };

  const watchers: fs.FSWatcher[] = [];
  const watch = (dir: string, recursive: boolean) => {
    if (!fs.existsSync(path.join(root, dir))) return;
    const watcher = fs.watch(path.join(root, dir), { recursive, signal }, (_event, name) => {
      if (name) onChange(path.posix.join(dir, name.toString().split(path.sep).join('/')));
    });
    // A watched folder that disappears ends its watcher; validation says what is missing.
    watcher.on('error', () => watcher.close());
    watchers.push(watcher);
  };
  watch('.', false);
  watch('portfolios', false);
  watch('products', true);

  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await running;
}

/** catalog.yaml, portfolios/*.yaml and anything under products/ (but no editor's swap or backup file). */
export function isCatalogSource(file: string): boolean {
  const normalized = path.posix.normalize(file);
  const base = path.posix.basename(normalized);
  if (base.startsWith('.') || base.endsWith('~') || base.endsWith('.swp')) return false;
  if (normalized.split('/').includes('node_modules')) return false;
  return normalized === 'catalog.yaml' || /^portfolios\/[^/]+\.ya?ml$/.test(normalized) || normalized.startsWith('products/');
}

/** Product code is loaded with require: drop the cached modules so a save is seen. */
function forgetProductModules(root: string): void {
  const products = path.join(root, 'products') + path.sep;
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(products)) delete require.cache[key];
  }
}

/** Exactly what `validate` checks and prints; its diagnostics go to stderr, as validate's do. */
async function validateOnce(root: string, io: CliIo, reason: string): Promise<void> {
  io.out(`\n[${new Date().toISOString().slice(11, 19)}] ${reason === 'start' ? 'validating' : `changed: ${reason}`}`);
  try {
    await validateCommand.run(['--root', root], io);
  } catch (error) {
    if (ManifestError.is(error)) {
      for (const d of error.diagnostics) io.err(formatDiagnostic(d));
      const n = error.diagnostics.length;
      io.err(`${n} problem${n === 1 ? '' : 's'} found; waiting for the next save.`);
    } else {
      // Not the catalog's fault, but watching goes on: the next save may fix or explain it.
      io.err(`watch: internal error: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}
