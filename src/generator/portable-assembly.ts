/**
 * The assemblies keep construct stack traces (rule-pack findings point at the
 * product's or generator's source line through them), and aws-cdk-lib records a trace
 * with every acknowledgement whatever the context says. Those traces hold
 * absolute paths of this checkout, so the same catalog synthesized in another
 * folder (a CI workspace, a colleague's clone) gave other bytes.
 *
 * Once the findings have been read, the traces in the diagnostic files
 * (`*.metadata.json`, `validation-report.json`) of the assembly and of the
 * assemblies nested in it (pipeline stages, product and organisation apps) end
 * at the generator (the frames above it only say who called: `sc-factory synth`,
 * `cdk synth`, a test), and their paths are made relative to the catalog root
 * and to this tool's folder. Templates and asset files are never touched: they
 * hold no paths.
 *
 * The assembly's manifest.json lists each stack's tags for the CDK CLI to set on
 * the CloudFormation stack. A tag whose value is a template parameter (a
 * SageMaker project's name, say) is there as an unresolved token, numbered in
 * the order the process happened to create tokens: it can never be a stack tag
 * (product templates are launched by Service Catalog, not deployed by CDK), and
 * the resources carry it in the template, so it is dropped from the manifest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
/** A stack frame of a function that builds an app's stacks (product-chunk.ts, catalog-app.ts): traces are cut after it. */
const GENERATOR_FRAME = /^\s*(at )?(synthesizeProductChunk|buildCatalogApp) \(/;

/** The folder this tool is installed in (holding src/ and node_modules/). */
export const TOOL_ROOT = path.resolve(__dirname, '..', '..');

/** Rewrites the diagnostic files and manifest of the assembly in `dir` (see the file comment). */
export function makeAssemblyPortable(dir: string, roots: readonly string[]): void {
  // Longest first, so a catalog inside the tool folder is cut at the catalog root.
  const prefixes = [...new Set(roots.flatMap((root) => [root, realpath(root)]))]
    .map((root) => root.replace(/[/\\]+$/, '') + path.sep)
    .sort((a, b) => b.length - a.length);
  for (const file of diagnosticFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    let portable = JSON.stringify(withoutCallers(JSON.parse(text)), undefined, 2);
    for (const prefix of prefixes) portable = portable.split(jsonEscaped(prefix)).join('');
    if (portable !== text) fs.writeFileSync(file, portable);
  }
  for (const assembly of assemblyDirs(dir)) withoutTokenStackTags(assembly);
}

/** `dir` and the assembly folders nested in it (each holding a manifest.json). */
function assemblyDirs(dir: string): string[] {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) return [];
  const nested = fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return [dir, ...nested.flatMap((entry) => assemblyDirs(path.join(dir, entry.name)))];
}

/** The products' manifest without stack tags whose value is an unresolved token (see the file comment). */
function withoutTokenStackTags(dir: string): void {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const manifest = JSON.parse(text) as { artifacts?: Record<string, { properties?: { tags?: Record<string, string> } }> };
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    const tags = artifact.properties?.tags;
    if (!tags) continue;
    artifact.properties!.tags = Object.fromEntries(Object.entries(tags).filter(([, value]) => !value.includes('${Token[')));
  }
  const portable = JSON.stringify(manifest, undefined, 2);
  if (portable !== text) fs.writeFileSync(file, portable);
}

/** Every trace in `value` (a list of frames, or frames in one string) cut after the generator's frame. */
function withoutCallers(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.includes('\n')) return value;
    const lines = value.split('\n');
    const at = lines.findIndex((line) => GENERATOR_FRAME.test(line));
    return at < 0 ? value : lines.slice(0, at + 1).join('\n');
  }
  if (Array.isArray(value)) {
    const at = value.findIndex((item) => typeof item === 'string' && GENERATOR_FRAME.test(item));
    return (at < 0 ? value : value.slice(0, at + 1)).map(withoutCallers);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutCallers(item)]));
  }
  return value;
}

/** Diagnostic files of the assembly in `dir` and of the assemblies nested in it. */
function diagnosticFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return assemblyDirs(dir)
    .flatMap((assembly) =>
      fs
        .readdirSync(assembly, { withFileTypes: true })
        .filter((entry) => entry.isFile() && (entry.name.endsWith('.metadata.json') || entry.name === 'validation-report.json'))
        .map((entry) => path.join(assembly, entry.name)),
    )
    .sort();
}

/** How the prefix appears inside a JSON string (backslashes doubled on Windows). */
function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function realpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
