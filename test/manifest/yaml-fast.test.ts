/**
 * The fast reader of manifests (src/manifest/yaml-fast.ts) against the
 * reference, `yaml` as the tool used it before: wherever the fast reader gives
 * data, `yaml` reads the same text without an error and gives the same data.
 * On every manifest of the project and its fixtures, on manifests written in
 * many styles by both libraries' writers, on tricky scalars and keys, and on
 * thousands of damaged copies (a character deleted, inserted or doubled, a line
 * indented differently): a damaged manifest the fast reader accepts must be one
 * `yaml` accepts, with the same meaning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dump } from 'js-yaml';
import { parseDocument, stringify } from 'yaml';
import { readFast } from '../../src/manifest/yaml-fast';
import { YamlSource } from '../../src/manifest/yaml-source';
import { catalogRoot, cli, FIXTURES, REPO_ROOT, writeFiles } from '../helpers';

// Every parse with positions is counted (the tool's own included): the real parseDocument, watched.
jest.mock('yaml', () => {
  const actual = jest.requireActual<typeof import('yaml')>('yaml');
  return { ...actual, parseDocument: jest.fn(actual.parseDocument) };
});
const parsesWithPositions = parseDocument as unknown as jest.Mock;

/** What `yaml` reads, as the tool read every manifest before: the data, or undefined when it reports an error. */
function reference(text: string): { data: unknown } | undefined {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  return document.errors.length > 0 ? undefined : { data: document.toJS({ maxAliasCount: -1 }) };
}

/** Checks the fast reader against the reference on `text`; whether the fast reader answered. */
function agrees(text: string): boolean {
  const fast = readFast(text);
  if (fast === undefined) return false;
  const expected = reference(text);
  if (expected === undefined) throw new Error(`the fast reader accepted what yaml rejects:\n${text}`);
  if (process.env.SHOW_TEXT && JSON.stringify(fast.data) !== JSON.stringify(expected.data)) console.log(JSON.stringify(text));
  // Object.is-like equality, NaN and -0 included.
  expect(fast.data).toStrictEqual(expected.data);
  return true;
}

/** A deterministic pseudo-random sequence (Park and Miller's), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = (seed % 2147483646) + 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

function manifests(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'versions') walk(file);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(file);
    }
  };
  walk(FIXTURES);
  found.push(path.join(REPO_ROOT, 'catalog.yaml'), ...fs.readdirSync(path.join(REPO_ROOT, 'portfolios')).map((f) => path.join(REPO_ROOT, 'portfolios', f)));
  return found;
}

/** Scalars that look like something else, or need quoting, or fold. */
const TRICKY_STRINGS = [
  '', ' ', 'a b', ' leading', 'trailing ', 'x: y', 'x:y', 'a #b', '#not a comment', '- item', '-', '--', '---x', 'a\nb', 'a\n\nb\n', 'tab\there',
  "it's", 'say "hi"', 'back\\slash', '\u00e9t\u00e9 \u2603 \ud83d\ude00', '1', '01', '+1', '-1', '0o17', '0o19', '0x1F', '0xG', '1.5', '.5', '1.', '1e3',
  '1E-3', '.inf', '-.Inf', '.nan', '.NaN', 'NaN', 'true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'on', 'off', 'y', 'null', 'Null', 'NULL', '~', 'nil',
  '2026-11-30', '12:30:45', '1_000', '0b101', '[a]', '{a: b}', 'a, b', '@at', '`tick', '%pct', '|', '>', "'", '"', 'arn:aws:iam::123456789012:role/x',
  'https://example.com/a?b=c#d', 'a'.repeat(120), 'word '.repeat(40).trim(), '111111111111', '00', '-0', '+.5', '1.0',
];
const TRICKY_VALUES: unknown[] = [...TRICKY_STRINGS, 0, -0, 1, -1, 1.5, 1e21, 123456789012, Number.MAX_SAFE_INTEGER, true, false, null, [], {}, ['a', 1, null], { a: { b: [1, 'x'] } }];

/** A manifest-shaped value with tricky scalars in it. */
function value(next: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const roll = next();
  if (depth > 3 || roll < 0.45) return pick(TRICKY_VALUES);
  if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const keys = ['id', 'name', 'versions', 'description', 'a b', 'key-with-dash', 'x.y', 'K', 'ünï', 'path/to', 'with:colon', 'with #hash', "quote'd", 'spaces '];
  const object: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(next() * 5); i++) object[pick(keys)] = value(next, depth + 1);
  return object;
}

/** `data` written in one of many styles, by either library. */
function written(data: unknown, next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  if (next() < 0.5) {
    return stringify(data, {
      defaultStringType: pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_FOLDED', 'BLOCK_LITERAL'] as const),
      defaultKeyType: pick([null, 'PLAIN', 'QUOTE_DOUBLE'] as const),
      collectionStyle: pick(['any', 'block', 'flow'] as const),
      lineWidth: pick([0, 20, 80]),
      indent: pick([2, 4]),
      indentSeq: next() < 0.5,
    });
  }
  return dump(data, {
    flowLevel: pick([-1, 0, 1, 2]),
    lineWidth: pick([-1, 20, 80]),
    indent: pick([2, 3]),
    noArrayIndent: next() < 0.5,
    quotingType: pick(["'", '"'] as const),
    forceQuotes: next() < 0.2,
    noCompatMode: next() < 0.5,
  });
}

/** `text` damaged once: a character deleted, inserted or doubled, or a line's indentation changed. */
function damaged(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const roll = next();
  if (roll < 0.3) return text.slice(0, at) + text.slice(at + 1);
  if (roll < 0.7) {
    const characters = ' :-#\'"[]{},\n|>?.0aZ\\\u00e9';
    const inserted = characters[Math.floor(next() * characters.length)];
    return text.slice(0, at) + inserted + text.slice(at);
  }
  if (roll < 0.85) return text.slice(0, at) + text.slice(at, at + 2) + text.slice(at);
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  lines[line] = next() < 0.5 ? ` ${lines[line]}` : lines[line].replace(/^ /, '');
  return lines.join('\n');
}

describe('the fast reader of manifests', () => {
  test('reads every manifest of the project and its fixtures as yaml does (and answers for the shipped ones)', () => {
    const files = manifests();
    expect(files.length).toBeGreaterThan(30);
    const answered = files.filter((file) => agrees(fs.readFileSync(file, 'utf8')));
    // Not an empty comparison: the shipped catalog and most fixtures are read fast.
    expect(answered).toEqual(expect.arrayContaining([path.join(REPO_ROOT, 'catalog.yaml'), path.join(REPO_ROOT, 'portfolios', 'data-science.yaml')]));
    expect(answered.length).toBeGreaterThan(files.length / 2);
    // The shapes of the generated catalogs the benchmarks validate: flow mappings as block sequence items among them.
    for (const text of [
      'products:\n  p0: { path: p0, versions: [{ name: 1.0.0, status: active }] }\n',
      'accounts: [dev, prod]\nprincipals: { roles: [Someone] }\nproducts:\n  - { id: p0, launchRole: Launch }\n  - { id: p1 }\n',
    ]) {
      expect(agrees(text)).toBe(true);
    }
  });

  test('leaves to yaml what the two could read differently', () => {
    for (const text of [
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !!str 1\n', // tags
      '? a\n: b\n', // an explicit key
      '[a, b]: c\n', // a collection as a key
      '1: a\n', 'true: a\n', '~: a\n', '"": a\n', "'1': a\n", // keys that are not plain strings under the core schema
      '%YAML 1.1\n---\na: yes\n', // a directive
      'a: 1\n---\nb: 2\n', // two documents
      'a:\tb\n', 'a: b\r\n', '\uFEFFa: b\n',
      `${'k'.repeat(1025)}: v\n`, // a key yaml refuses
      '__proto__: a\n',
      '',
      'a: "b\nc"\n', // a quoted scalar continued on a line less indented than its key
      'a:\n  b\n  c\n', // a plain scalar over several lines
      'a: b\na: c\n', // a duplicate key
      'a: [b,\nc]\n', // a flow collection less indented than its key
      'a: b: c\n',
      '{ a: 1, {b: 2}, [c] }\n', // collections as keys of a flow mapping
    ]) {
      expect([text, readFast(text)]).toEqual([text, undefined]);
    }
  });

  test('reads tricky scalars and keys as yaml does, in every style both writers use', () => {
    const next = random(20261130);
    let answered = 0;
    for (let i = 0; i < 600; i++) {
      const data = { catalog: { name: 'c' }, products: { [`p${i}`]: value(next) }, list: [value(next), value(next)] };
      if (agrees(written(data, next))) answered++;
    }
    for (const scalar of TRICKY_VALUES) for (const text of [stringify({ k: scalar }), dump({ k: scalar }), `k: ${String(scalar)}\n`, `- ${String(scalar)}\n`]) if (agrees(text)) answered++;
    expect(answered).toBeGreaterThan(400);
  });

  test('a damaged manifest it accepts is one yaml accepts, with the same data', () => {
    const next = random(42);
    const sources = [fs.readFileSync(path.join(REPO_ROOT, 'catalog.yaml'), 'utf8'), fs.readFileSync(path.join(FIXTURES, 'valid', 'catalog.yaml'), 'utf8')];
    for (let i = 0; i < 60; i++) sources.push(written({ products: { p: value(next), q: value(next) }, list: [value(next)] }, next));
    let answered = 0;
    let tried = 0;
    for (const source of sources) {
      for (let i = 0; i < 40; i++) {
        let text = source;
        for (let d = 0, damages = 1 + Math.floor(next() * 3); d < damages; d++) text = damaged(text, next);
        tried++;
        if (agrees(text)) answered++;
      }
    }
    // Both kinds occur: damage the fast reader accepts (then yaml agreed), and damage left to yaml.
    expect(answered).toBeGreaterThan(tried / 10);
    expect(answered).toBeLessThan(tried);
  });

  test('a file read fast is parsed by yaml only when a position is asked for, and then gives yaml\'s positions', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'catalog.yaml'), 'utf8');
    const fast = YamlSource.parse('catalog.yaml', text);
    // The reference: the same file with a comment at its end that sends it to yaml (`&` where an anchor may start).
    const slow = YamlSource.parse('catalog.yaml', `${text}\n# & read by yaml\n`);
    expect(readFast(`${text}\n# & read by yaml\n`)).toBeUndefined();
    expect(fast.data).toStrictEqual(slow.data);
    expect(fast.diagnostics).toEqual([]);
    const accounts = Object.keys((fast.data as { accounts: object }).accounts);
    for (const name of accounts) expect(fast.locateKey(['accounts'], name)).toEqual(slow.locateKey(['accounts'], name));
    expect(fast.locate(['products', 'data-science-environment', 'versions', 1])).toEqual(slow.locate(['products', 'data-science-environment', 'versions', 1]));
    expect(fast.locateMapping(['defaults'])).toEqual(slow.locateMapping(['defaults']));
  });

  test('validate of the shipped catalog parses no manifest with yaml; a problem in one parses that one, for its position', async () => {
    const root = catalogRoot('repo');
    parsesWithPositions.mockClear();
    const valid = await cli(root, 'validate');
    expect(valid.code).toBe(0);
    expect(parsesWithPositions).not.toHaveBeenCalled();

    // A portfolio naming an account the catalog does not have: found on the data, reported at its line.
    const text = fs.readFileSync(path.join(root, 'portfolios', 'ml-hosting.yaml'), 'utf8');
    const line = text.split('\n').findIndex((l) => /^accounts:/.test(l)) + 1;
    expect(line).toBeGreaterThan(0);
    writeFiles(root, { 'portfolios/ml-hosting.yaml': text.replace(/^accounts: \[/m, 'accounts: [nowhere, ') });
    const invalid = await cli(root, 'validate');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(`portfolios/ml-hosting.yaml:${line}:`);
    expect(parsesWithPositions).toHaveBeenCalledTimes(1);
  });
});
