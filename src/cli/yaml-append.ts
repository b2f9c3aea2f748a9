/**
 * Appends an entry to a block mapping or sequence of a YAML file without
 * touching any other byte: comments, quoting, folded scalars and blank lines
 * stay as the maintainer wrote them. The `yaml` package's Document API finds
 * where the collection ends and its indentation; the new entry is rendered by
 * the same package and spliced in after the collection's last line. (Re-
 * stringifying the whole Document would re-fold and re-quote the file.)
 * Every edit is checked by parsing the result: the data must be the old data
 * plus the new entry, and nothing else.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';

export class YamlAppendError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the text the problem is at. */
    public readonly offset: number,
  ) {
    super(message);
    this.name = 'YamlAppendError';
  }
}

/** `text` with `key: value` added as the last entry of the block mapping at `path` (created at the end of the file when a top-level key is missing). */
export function appendToMap(text: string, path: readonly string[], key: string, value: unknown): string {
  const doc = parseDocument(text);
  const node = doc.getIn(path, true);
  let result: string;
  if (node === undefined && path.length === 1) {
    const entry = indent(render({ [key]: value }), '  ', '  ');
    result = `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${path[0]}:\n${entry}\n`;
  } else {
    if (!isMap(node) || node.flow || node.items.length === 0 || !node.range) {
      throw new YamlAppendError(`'${path.join('.')}' is not a block mapping with entries; add '${key}' by hand`, (node as any)?.range?.[0] ?? 0);
    }
    const firstKey = node.items[0].key as { range?: [number, number, number] };
    const keyIndent = ' '.repeat(columnOf(text, firstKey.range![0]));
    const separator = blankLineBetween(text, node.items.map((i) => (i.key as { range: [number, number, number] }).range[0])) ? '\n' : '';
    result = insertAfterLine(text, node.range[1], separator + indent(render({ [key]: value }), keyIndent, keyIndent));
  }
  const expected = parseDocument(text).toJS() ?? {};
  setIn(expected, path, key, value);
  check(text, result, expected);
  return result;
}

/** `text` with `item` added as the last item of the block sequence at `path`. */
export function appendToSeq(text: string, path: readonly string[], item: unknown): string {
  const doc = parseDocument(text);
  const node = doc.getIn(path, true);
  if (!isSeq(node) || node.flow || node.items.length === 0 || !node.range) {
    throw new YamlAppendError(`'${path.join('.')}' is not a block sequence with items; add the entry by hand`, (node as any)?.range?.[0] ?? 0);
  }
  // The first item's line up to its content: its indentation and dash ("  - ").
  const first = node.items[0] as { range: [number, number, number] };
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const dash = text.slice(lineStart, first.range[0]);
  if (!/^\s*-\s+$/.test(dash)) throw new YamlAppendError(`'${path.join('.')}' has an item layout this tool does not know; add the entry by hand`, first.range[0]);
  const result = insertAfterLine(text, node.range[1], indent(render(item), dash, ' '.repeat(dash.length)));
  const expected = parseDocument(text).toJS();
  (getIn(expected, path) as unknown[]).push(item);
  check(text, result, expected);
  return result;
}

function render(value: unknown): string {
  // lineWidth 0: never fold a long description over several lines.
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
}

function indent(block: string, first: string, rest: string): string {
  return block
    .split('\n')
    .map((line, i) => (line === '' ? line : `${i === 0 ? first : rest}${line}`))
    .join('\n');
}

/** Inserts `block` as new lines after the line holding offset `end - 1` (the collection's last character). */
function insertAfterLine(text: string, end: number, block: string): string {
  let at = end;
  // The collection's range ends after its trailing line break(s); step back to its last character.
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  const lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) return `${text}\n${block}\n`;
  return `${text.slice(0, lineEnd + 1)}${block}\n${text.slice(lineEnd + 1)}`;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Whether the existing entries are separated by blank lines (then the new one is too). */
function blankLineBetween(text: string, starts: readonly number[]): boolean {
  return starts.length > 1 && /\n[ \t]*\n/.test(text.slice(starts[0], starts[1]));
}

function getIn(data: any, path: readonly string[]): unknown {
  return path.reduce((node, key) => node?.[key], data);
}

function setIn(data: any, path: readonly string[], key: string, value: unknown): void {
  let node = data;
  for (const part of path) node = node[part] ??= {};
  node[key] = value;
}

function check(before: string, after: string, expected: unknown): void {
  const doc = parseDocument(after);
  if (doc.errors.length > 0 || !isDeepStrictEqual(doc.toJS(), expected) || !keepsEveryLine(before, after)) {
    throw new Error('appending to the YAML file would change more than the new entry (a bug in sc-factory)');
  }
}

/** Every line of `before`, in order, is still in `after`: only lines were added. */
function keepsEveryLine(before: string, after: string): boolean {
  const lines = after.split('\n');
  let i = 0;
  for (const line of before.split('\n')) {
    while (i < lines.length && lines[i] !== line) i++;
    if (i === lines.length) return false;
    i++;
  }
  return true;
}
