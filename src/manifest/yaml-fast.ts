/**
 * A manifest's data, read fast where that is sure to give what `yaml` gives.
 *
 * `yaml` (the reference: it keeps every node's position, and editors' YAML
 * support uses it) costs most of a large manifest's validate: about 0.5 s for a
 * 1,000-product catalog.yaml in a fresh process, where its generator-based
 * parser has not been optimised yet. js-yaml reads the same file in about
 * 0.05 s. So a manifest is read with js-yaml first, with `yaml`'s own core
 * schema (the same patterns and conversions for null, booleans, integers and
 * floats, copied from yaml/dist/schema/core), and `yaml` reads it only when a
 * position is asked for (yaml-source.ts), which a valid manifest's validate
 * never does.
 *
 * Where the two could differ, this does not answer and `yaml` reads the file
 * as before (its diagnostics are the ones a maintainer gets):
 * - js-yaml cannot read it (a syntax error, a duplicate key, nesting too deep);
 * - directives, document markers (`---`, `...`), tabs and carriage returns, a
 *   byte order mark;
 * - an empty block sequence item (a `-` with nothing after it on its line):
 *   js-yaml takes a `-` indented less after it as the sequence's next item;
 * - a comment right after a closing quote or bracket (`"a"#b`);
 * - anything that may be a tag, an anchor or an alias (`!`, `&`, `*` where a
 *   node may start; also inside a scalar, where it is harmless: then `yaml`
 *   reads a valid file, just slower), an explicit key (`?`), a collection used
 *   as a key;
 * - a flow node (a plain or quoted scalar, a `[...]` or `{...}` collection)
 *   written over several lines (js-yaml accepts a continuation line less
 *   indented than its key; `yaml` refuses it);
 * - a collection as a key of a flow mapping;
 * - a key that is not a plain string under the core schema (`1:`, `true:`,
 *   `null:`, an empty key: the two stringify such keys differently), longer
 *   than 1,024 characters (`yaml` refuses it), or `__proto__`;
 * - an empty file (js-yaml reads no document in it).
 * test/manifest/yaml-fast.test.ts compares both readers on every manifest of
 * the project and its fixtures and on generated and damaged ones.
 */
import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

/** `yaml`'s core schema (YAML 1.2), in its order: each type's pattern and conversion as `yaml` has them. */
const CORE_SCALARS: readonly { readonly tag: string; readonly test: RegExp; readonly resolve: (s: string) => unknown }[] = [
  { tag: 'null', test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null },
  { tag: 'bool', test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, resolve: (s) => s[0] === 't' || s[0] === 'T' },
  { tag: 'int', test: /^0o[0-7]+$/, resolve: (s) => parseInt(s.substring(2), 8) },
  { tag: 'int', test: /^[-+]?[0-9]+$/, resolve: (s) => parseInt(s, 10) },
  { tag: 'int', test: /^0x[0-9a-fA-F]+$/, resolve: (s) => parseInt(s.substring(2), 16) },
  {
    tag: 'float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { tag: 'float', test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, resolve: (s) => parseFloat(s) },
  { tag: 'float', test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, resolve: (s) => parseFloat(s) },
];

/** One js-yaml type per tag (js-yaml keeps only the last of several with one tag), trying `yaml`'s patterns in order. */
const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [...new Set(CORE_SCALARS.map(({ tag }) => tag))].map((tag) => {
    const scalars = CORE_SCALARS.filter((scalar) => scalar.tag === tag);
    return new Type(`tag:yaml.org,2002:${tag}`, {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && scalars.some(({ test }) => test.test(data)),
      construct: (data: string) => scalars.find(({ test }) => test.test(data))!.resolve(data),
    });
  }),
});

/** What only `yaml` reads as the reference does (see above). */
const NOT_FOR_THE_FAST_READER = [
  /^\uFEFF/,
  /^%/m, // directives
  /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/m, // document markers
  /[\t\r]/,
  /(?:^|[\s[{,])[!&*]/m, // where a tag, an anchor or an alias may start
  /(?:^|[\s[{,])\?(?:[\s]|$)/m, // an explicit key
  /[\]}][ \t]*:(?:[\s,\]}]|$)/, // a flow collection as a key (in a flow collection, `:` may be followed by `,`, `]`, `}`)
  /(?:^|[ ])-[ ]*(?:#.*)?$/m, // an empty block sequence item (js-yaml takes a `-` indented less after it as the next item)
  /["'\]}]#/, // a comment not parted from a quoted scalar or a collection (js-yaml reads it, `yaml` refuses it)
];

const MAX_KEY = 1024;

/** The data of `text` as `yaml` would read it, or undefined when only `yaml` may say (see above). */
export function readFast(text: string): { readonly data: unknown } | undefined {
  if (NOT_FOR_THE_FAST_READER.some((pattern) => pattern.test(text))) return undefined;
  const watched = watchedReading(text);
  let data: unknown;
  try {
    data = load(text, { schema: SCHEMA, listener: watched.listener });
  } catch {
    return undefined; // `yaml` says what is wrong, where
  }
  if (data === undefined || !watched.agreed() || !keysArePlainStrings(data)) return undefined;
  return { data };
}

/**
 * Watches js-yaml read `text` (its listener: a node opens, a node closes) for
 * what the two libraries read differently and the text alone does not show:
 * - a flow node (a plain or quoted scalar, a `[...]` or `{...}` collection)
 *   over several lines: js-yaml accepts a continuation line less indented
 *   than its key, which `yaml` refuses (block scalars, `|` and `>`, are not
 *   flow nodes: both end them at the first line indented less);
 * - a collection as a key of a flow mapping (`{ [a], b: c }`): js-yaml turns
 *   it into a string its own way.
 */
type Listener = (event: string, state: { readonly position: number; readonly kind: string | null }) => void;

function watchedReading(text: string): { listener: Listener; agreed: () => boolean } {
  /** Where each open node's content starts: js-yaml opens a node before the space, comments and line breaks in front of it. */
  const opened: number[] = [];
  let agreed = true;
  const contentStart = (from: number) => {
    let at = from;
    while (at < text.length) {
      const c = text[at];
      if (c === ' ' || c === '\n') at++;
      else if (c === '#') at = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
      else break;
    }
    return at;
  };
  const listener: Listener = (event, state) => {
    if (event === 'open') {
      opened.push(contentStart(state.position));
      return;
    }
    const at = opened.pop() ?? 0;
    if (!agreed || state.kind === null) return;
    const first = text[at];
    const collection = state.kind === 'mapping' || state.kind === 'sequence';
    const isFlow = collection ? first === '[' || first === '{' : first !== '|' && first !== '>';
    // js-yaml may close a flow collection after the line break that follows it.
    if (isFlow && text.slice(at, state.position).trimEnd().includes('\n')) agreed = false;
    // (js-yaml reads a flow collection in a block collection as a node within a node of the same place: one node.)
    const parent = opened.length > 0 ? opened[opened.length - 1] : -1;
    if (collection && parent !== -1 && parent !== at && text[parent] === '{') {
      let before = at - 1;
      while (before >= 0 && (text[before] === ' ' || text[before] === '\n')) before--;
      if (text[before] !== ':') agreed = false; // not a value: a key
    }
  };
  return { listener, agreed: () => agreed };
}

function keysArePlainStrings(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysArePlainStrings);
  if (value === null || typeof value !== 'object') return true;
  for (const [key, child] of Object.entries(value)) {
    if (key.length > MAX_KEY || key === '__proto__' || CORE_SCALARS.some(({ test }) => test.test(key))) return false;
    if (!keysArePlainStrings(child)) return false;
  }
  return true;
}
