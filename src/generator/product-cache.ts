/**
 * The product cache: each product's piece of the products' assembly (template,
 * metadata, assets, rule-pack result; product-pieces.ts), kept between runs and
 * keyed by the sha256 of everything that can change it:
 *
 * - this tool: every file under src/ (the kits products import and the
 *   generator that synthesizes them), package-lock.json (aws-cdk-lib, cdk-nag,
 *   ... versions), requirements.txt (cfn-lint), requirements-checkov.txt,
 *   tsconfig.json, the Node.js
 *   version and how TypeScript is loaded (ts-node or jest's transform: the
 *   construct traces in the metadata carry their line and column numbers);
 * - the product: every file of its folder (name, real path, content), released
 *   versions/ excepted, and every file outside it and outside src/ that its
 *   code imports, transitively;
 * - what the catalog gives it: its product context (productContext, without
 *   manifest source positions) and the regions cfn-lint checks it for.
 *
 * It lives outside the cloud assembly (`.sc-factory-cache/` in the tool's
 * folder, or SC_FACTORY_CACHE; `SC_FACTORY_CACHE=off` disables it) and is safe
 * to delete. An entry records the sha256 of its own contents and is checked on
 * every read: an entry that is incomplete, altered or unreadable is deleted and
 * the product rebuilt, never served. Entries are written to a temporary folder
 * and renamed into place, so concurrent runs never see half an entry. A piece
 * with open findings is never stored: a failing product is rebuilt (and its
 * findings reported) every time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProductPiece } from './product-pieces';
import { productContext } from './product-templates';
import type { Catalog, Product } from '../model/catalog';
import { publishedRegions } from '../model/publishing';
import { sha256 } from '../model/sha256';

/** Bumped when the layout of an entry or of the key changes. */
const FORMAT = 'sc-factory-product-cache/2';

/** The folder this tool is installed in (holding src/ and package-lock.json). */
const TOOL_ROOT = path.resolve(__dirname, '..', '..');
const TOOL_FILES = ['package-lock.json', 'requirements.txt', 'requirements-checkov.txt', 'tsconfig.json'];
const SKIPPED = new Set(['__pycache__', 'node_modules', '.pytest_cache', '.mypy_cache', 'cdk.out']);

/** The cache folder, or undefined when the cache is off. */
export function productCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.SC_FACTORY_CACHE;
  if (setting === 'off' || setting === '0') return undefined;
  return setting ? path.resolve(setting) : path.join(TOOL_ROOT, '.sc-factory-cache');
}

let toolFingerprint: string | undefined;

/** sha256 of this tool's sources, locked dependencies and runtime (computed once per process). */
export function toolKey(): string {
  if (toolFingerprint) return toolFingerprint;
  // Its own folder too: traces in the metadata name files under it (cut to relative paths only later).
  const hash = [FORMAT, process.version, loader(), TOOL_ROOT];
  for (const file of listFiles(path.join(TOOL_ROOT, 'src'))) hash.push(`src/${file}`, sha256(fs.readFileSync(path.join(TOOL_ROOT, 'src', file))));
  for (const file of TOOL_FILES) {
    const full = path.join(TOOL_ROOT, file);
    hash.push(file, fs.existsSync(full) ? sha256(fs.readFileSync(full)) : '-');
  }
  toolFingerprint = sha256(hash.join('\n'));
  return toolFingerprint;
}

/** How .ts files are compiled in this process: traces (line:col) in the metadata depend on it. */
function loader(): string {
  return process.env.SC_FACTORY_TS_LOADER ?? (process.env.JEST_WORKER_ID !== undefined ? 'jest' : 'ts-node');
}

/** The cache key of each product (see the file comment). */
export function productKey(catalog: Catalog, product: Product): string {
  const folder = fs.realpathSync(path.join(catalog.root, product.directory));
  const parts = [toolKey(), product.id, JSON.stringify(withoutSources(productContext(catalog, product))), publishedRegions(catalog).join(',')];
  for (const file of listFiles(folder, (relative) => relative !== 'versions')) parts.push(...fileKey(folder, file));
  for (const file of importsOutside(folder)) parts.push(file, sha256(fs.readFileSync(file)));
  return sha256(parts.join('\n'));
}

/**
 * A product file's name, real path and content hash. Its real path, not the
 * catalog's: construct traces name the modules' real paths (a catalog whose
 * product files link to the same files shares their entries).
 */
export function fileKey(folder: string, file: string): string[] {
  const full = path.join(folder, file);
  return [file, fs.realpathSync(full), sha256(fs.readFileSync(full))];
}

/** A cached piece and the folder holding its files. */
export interface CachedPiece {
  readonly piece: ProductPiece;
  readonly folder: string;
}

/** The intact entry for `key`, or undefined (a damaged entry is deleted). */
export function readCachedPiece(cacheDir: string, key: string): CachedPiece | undefined {
  const entry = path.join(cacheDir, 'products', key);
  if (!fs.existsSync(entry)) return undefined;
  try {
    const text = fs.readFileSync(path.join(entry, 'piece.json'), 'utf8');
    const piece = JSON.parse(text) as ProductPiece;
    const folder = path.join(entry, 'files');
    if (digest(text, piece, folder) === fs.readFileSync(path.join(entry, 'sha256'), 'utf8')) return { piece, folder };
  } catch {
    // Unreadable: treated as damaged below.
  }
  fs.rmSync(entry, { recursive: true, force: true });
  return undefined;
}

/** Stores `piece` (its files read from `sourceDir`) under `key`; a concurrent writer of the same key wins harmlessly. */
export function writeCachedPiece(cacheDir: string, key: string, piece: ProductPiece, sourceDir: string): void {
  const entry = path.join(cacheDir, 'products', key);
  const temporary = `${entry}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    const text = JSON.stringify(piece);
    for (const file of piece.files) {
      fs.mkdirSync(path.dirname(path.join(temporary, 'files', file)), { recursive: true });
      fs.copyFileSync(path.join(sourceDir, file), path.join(temporary, 'files', file));
    }
    fs.writeFileSync(path.join(temporary, 'piece.json'), text);
    fs.writeFileSync(path.join(temporary, 'sha256'), digest(text, piece, path.join(temporary, 'files')));
    fs.rmSync(entry, { recursive: true, force: true });
    fs.renameSync(temporary, entry);
  } catch {
    // A cache that cannot be written (read-only folder, a race) costs time, not correctness.
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** sha256 of an entry: its piece.json text and every file it lists, by name and bytes. */
function digest(text: string, piece: ProductPiece, folder: string): string {
  return sha256([text, ...piece.files.map((file) => `${file}\n${sha256(fs.readFileSync(path.join(folder, file)))}`)].join('\n'));
}

/**
 * Files under `dir`, relative (with '/'), sorted; `keep` filters top-level
 * entries; SKIPPED names (caches, build output) are left out unless `all`.
 */
export function listFiles(dir: string, keep: (relative: string) => boolean = () => true, all = false): string[] {
  const result: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = relative ? `${relative}/${entry.name}` : entry.name;
      if ((!all && SKIPPED.has(entry.name)) || (!relative && !keep(file))) continue;
      const stat = fs.statSync(path.join(dir, file));
      if (stat.isDirectory()) walk(file);
      else if (stat.isFile()) result.push(file);
    }
  };
  walk('');
  return result;
}

const IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * Files outside `folder` and outside this tool's src/ that the TypeScript code
 * in `folder` imports by relative path, transitively, sorted (absolute paths).
 */
export function importsOutside(folder: string): string[] {
  const src = path.join(TOOL_ROOT, 'src') + path.sep;
  const inside = (file: string) => file.startsWith(folder + path.sep) || file.startsWith(src);
  const found = new Set<string>();
  const queue = listFiles(folder, (relative) => relative !== 'versions')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f));
  const seen = new Set(queue);
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const resolved = resolveModule(path.resolve(path.dirname(file), match[1]));
      if (!resolved || seen.has(resolved)) continue;
      seen.add(resolved);
      if (inside(resolved)) continue;
      found.add(resolved);
      if (resolved.endsWith('.ts')) queue.push(resolved);
    }
  }
  return [...found].sort();
}

function resolveModule(base: string): string | undefined {
  for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}.json`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return fs.realpathSync(candidate);
  }
  return undefined;
}

/** `value` without manifest source positions (`source` fields): where a setting is written does not change a template. */
function withoutSources(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSources);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'source').map(([key, item]) => [key, withoutSources(item)]));
  }
  return value;
}
