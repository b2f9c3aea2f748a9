/**
 * The whole cloud assembly of an unchanged catalog, kept next to the product
 * cache (product-cache.ts) so that synthesizing a catalog nobody changed costs
 * reading files, not building apps. Keyed by the sha256 of everything the
 * assembly depends on: the tool (toolKey: its sources, locked dependencies,
 * runtime), catalog.yaml and portfolios/, every product folder with its
 * released versions, the files outside them that product code imports, and the
 * CDK context the CDK CLI passes. The assembly is portable (it names no folder
 * of this machine, portable-assembly.ts), so the same entry serves any output
 * folder and any copy of the catalog.
 *
 * An entry lists every file with its sha256; a read checks them all, and an
 * entry that fails the check is deleted and the catalog synthesized again.
 * Only the newest MAX_ENTRIES entries are kept (an assembly is tens of MB).
 * Nothing here loads aws-cdk-lib or product code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKey, importsOutside, listFiles, toolKey } from './product-cache';
import type { Catalog } from '../model/catalog';
import { sha256 } from '../model/sha256';

const MAX_ENTRIES = 4;

/** What synthesizeCatalog returns besides the files: paths relative to the output folder (`out`) or the catalog root. */
export interface AssemblySummary {
  readonly versions: readonly {
    readonly productId: string;
    readonly version: string;
    readonly templateFile: RelativeFile;
    readonly sha256: string;
    readonly assets: readonly { readonly objectKey: string; readonly sha256: string; readonly source: string; readonly file: RelativeFile }[];
    readonly origin: 'current' | 'released';
  }[];
  readonly stacks: readonly { readonly id: string; readonly stackName: string; readonly templateFile: string }[];
}

export interface RelativeFile {
  readonly under: 'out' | 'root';
  readonly path: string;
}

interface EntryRecord {
  readonly summary: AssemblySummary;
  /** Relative path (with '/') -> sha256 of every file of the assembly. */
  readonly files: Readonly<Record<string, string>>;
}

/** The key of the catalog's assembly (see the file comment). */
export function assemblyKey(catalog: Catalog, env: NodeJS.ProcessEnv = process.env): string {
  const parts = [toolKey(), 'assembly', env.CDK_CONTEXT_JSON ?? '-'];
  const hashFile = (label: string, file: string) => parts.push(label, sha256(fs.readFileSync(file)));
  hashFile('catalog.yaml', path.join(catalog.root, 'catalog.yaml'));
  const portfolios = path.join(catalog.root, 'portfolios');
  if (fs.existsSync(portfolios)) for (const file of listFiles(portfolios)) hashFile(`portfolios/${file}`, path.join(portfolios, file));
  for (const product of catalog.products) {
    const folder = fs.realpathSync(path.join(catalog.root, product.directory));
    parts.push(`product ${product.id} ${product.directory}`);
    for (const file of listFiles(folder)) parts.push(...fileKey(folder, file));
    for (const file of importsOutside(folder)) hashFile(file, file);
  }
  return sha256(parts.join('\n'));
}

/** Copies the intact entry for `key` into `dir` (created) and returns its summary; undefined when there is none. */
export function restoreAssembly(cacheDir: string, key: string, dir: string): AssemblySummary | undefined {
  const entry = path.join(cacheDir, 'assemblies', key);
  if (!fs.existsSync(entry)) return undefined;
  try {
    const record = JSON.parse(fs.readFileSync(path.join(entry, 'entry.json'), 'utf8')) as EntryRecord;
    const files = path.join(entry, 'files');
    const listed = Object.keys(record.files).sort();
    const present = listFiles(files, undefined, true).sort();
    const intact = (file: string, i: number) => file === present[i] && sha256(fs.readFileSync(path.join(files, file))) === record.files[file];
    if (listed.length === present.length && listed.every(intact)) {
      fs.cpSync(files, dir, { recursive: true });
      const now = new Date();
      fs.utimesSync(entry, now, now);
      return record.summary;
    }
  } catch {
    // Unreadable: damaged, dropped below.
  }
  fs.rmSync(entry, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  return undefined;
}

/** Stores the assembly in `dir` under `key`, then drops the oldest entries beyond MAX_ENTRIES. Never fails synth. */
export function storeAssembly(cacheDir: string, key: string, dir: string, summary: AssemblySummary): void {
  const entries = path.join(cacheDir, 'assemblies');
  const temporary = path.join(entries, `${key}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    fs.mkdirSync(entries, { recursive: true });
    fs.cpSync(dir, path.join(temporary, 'files'), { recursive: true });
    const files = Object.fromEntries(listFiles(path.join(temporary, 'files'), undefined, true).map((file) => [file, sha256(fs.readFileSync(path.join(temporary, 'files', file)))]));
    fs.writeFileSync(path.join(temporary, 'entry.json'), JSON.stringify({ summary, files } satisfies EntryRecord));
    fs.rmSync(path.join(entries, key), { recursive: true, force: true });
    fs.renameSync(temporary, path.join(entries, key));
    prune(entries);
  } catch {
    // A cache that cannot be written costs time, not correctness.
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

function prune(entries: string): void {
  const byAge = fs
    .readdirSync(entries)
    .filter((name) => /^[0-9a-f]{64}$/.test(name))
    .map((name) => ({ name, mtime: fs.statSync(path.join(entries, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of byAge.slice(MAX_ENTRIES)) fs.rmSync(path.join(entries, name), { recursive: true, force: true });
}
