/**
 * The preventive controls and what proves each, as the security design states
 * them: every table of docs/security.md with a "proven by" column (control,
 * how, where, proven by), under its section heading. The site shows them next
 * to the rule-pack results instead of keeping a second list.
 */
import * as fs from 'node:fs';

/** A cell's text: plain runs and `code` runs (markdown emphasis and link targets dropped). */
export type RichText = readonly { readonly text: string; readonly code: boolean }[];

export interface ControlTable {
  /** The `##` heading the table is under. */
  readonly section: string;
  /** Markdown anchor of that heading (GitHub's rule). */
  readonly anchor: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly RichText[])[];
}

export const PROOF_COLUMN = 'proven by';

/** The control tables of a markdown file (none when it does not exist). */
export function controlTables(markdownFile: string): ControlTable[] {
  if (!fs.existsSync(markdownFile)) return [];
  const lines = fs.readFileSync(markdownFile, 'utf8').split('\n');
  const tables: ControlTable[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{2,3} (.*)$/.exec(lines[i]);
    if (heading) section = heading[1].trim();
    if (!lines[i].startsWith('|') || !/^\|[\s-|:]+\|$/.test(lines[i + 1] ?? '')) continue;
    const columns = cells(lines[i]);
    const rows: RichText[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) rows.push(cells(lines[j]).map(richText));
    if (columns.map((c) => c.toLowerCase()).includes(PROOF_COLUMN)) tables.push({ section, anchor: anchorOf(section), columns, rows });
    i = j - 1;
  }
  return tables;
}

function cells(line: string): string[] {
  // Split on pipes outside code spans.
  const result: string[] = [];
  let current = '';
  let inCode = false;
  for (const char of line.trim().slice(1, -1)) {
    if (char === '`') inCode = !inCode;
    if (char === '|' && !inCode) {
      result.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  result.push(current.trim());
  return result;
}

function richText(cell: string): RichText {
  const plain = (text: string) => text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
  return cell
    .split(/(`[^`]*`)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? { text: part.slice(1, -1), code: true } : { text: plain(part), code: false }));
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}
