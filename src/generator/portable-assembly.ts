/**
 * The products' assembly keeps construct stack traces (rule-pack findings point
 * at the product's source line through them), and aws-cdk-lib records a trace
 * with every acknowledgement whatever the context says. Those traces hold
 * absolute paths of this checkout, so the same catalog synthesized in another
 * folder (a CI workspace, a colleague's clone) gave other bytes.
 *
 * Once the findings have been read, the paths in the assembly's diagnostic files
 * (`*.metadata.json`, `validation-report.json`) are made relative to the
 * catalog root and to this tool's folder. Templates and asset files are never
 * touched: they hold no paths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder this tool is installed in (holding src/ and node_modules/). */
export const TOOL_ROOT = path.resolve(__dirname, '..', '..');

/** Rewrites the diagnostic files of the assembly in `dir` so they name no absolute path under `roots`. */
export function makeAssemblyPortable(dir: string, roots: readonly string[]): void {
  // Longest first, so a catalog inside the tool folder is cut at the catalog root.
  const prefixes = [...new Set(roots.flatMap((root) => [root, realpath(root)]))]
    .map((root) => root.replace(/[/\\]+$/, '') + path.sep)
    .sort((a, b) => b.length - a.length);
  for (const file of diagnosticFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    let portable = text;
    for (const prefix of prefixes) portable = portable.split(jsonEscaped(prefix)).join('');
    if (portable !== text) fs.writeFileSync(file, portable);
  }
}

function diagnosticFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith('.metadata.json') || entry.name === 'validation-report.json'))
    .map((entry) => path.join(dir, entry.name))
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
