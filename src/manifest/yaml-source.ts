/**
 * YAML read with positions kept, so every later check can point at the exact
 * line and column of the key or value it is about.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';
import { firstInvalidUtf8 } from './utf8';
import { aliasProblems } from './yaml-aliases';
import { readFast } from './yaml-fast';
import { type Diagnostic, echo, ECHO_LIMIT, type SourceLocation } from '../model/diagnostics';

export type DataPath = readonly (string | number)[];

export { MAX_EXPANDED_NODES } from './yaml-aliases';

/** Characters outside YAML's printable set: C0 controls but tab, LF and CR; DEL; C1 controls but NEL; U+FFFE, U+FFFF. */
const NON_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/** 1-based line and column (UTF-16 units, as for every other diagnostic) of `offset` in `text`. */
function locationInText(file: string, text: string, offset: number): SourceLocation {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { file, line, col: offset - lineStart + 1 };
}

/**
 * A location worked out when it is first read. The model records where every
 * product, version and account is written, and a valid manifest's validate
 * reads none of them: a file the fast reader read (yaml-fast.ts) is then never
 * parsed with positions.
 */
export function locatedLater(file: string, locate: () => SourceLocation): SourceLocation {
  let found: SourceLocation | undefined;
  const at = () => (found ??= locate());
  return Object.defineProperties({ file } as SourceLocation, {
    line: { enumerable: true, get: () => at().line },
    col: { enumerable: true, get: () => at().col },
  });
}

export class YamlSource {
  /**
   * Parses `content` (a file's bytes, or text); bytes that are not UTF-8, syntax
   * errors, duplicate keys and unusable aliases become diagnostics, never exceptions.
   */
  public static parse(file: string, content: string | Uint8Array): YamlSource {
    return new YamlSource(file, content);
  }

  public readonly diagnostics: readonly Diagnostic[];
  private readonly lineCounter = new LineCounter();
  private parsed: Document.Parsed | undefined;
  /** Read by the fast reader (yaml-fast.ts): `yaml` parses it when a position is first asked for. */
  private positionsPending = false;
  private readonly text: string;
  private readonly plain: unknown;
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  private constructor(public readonly file: string, content: string | Uint8Array) {
    const invalidByte = typeof content === 'string' ? undefined : firstInvalidUtf8(content);
    if (invalidByte !== undefined) {
      // Decoding would turn the byte into U+FFFD silently, e.g. in a name shown in the console.
      const before = Buffer.from((content as Uint8Array).subarray(0, invalidByte)).toString('utf8');
      const byte = (content as Uint8Array)[invalidByte].toString(16).padStart(2, '0');
      this.text = '';
      this.diagnostics = [{
        ...locationInText(file, before, before.length),
        code: 'INVALID_UTF8',
        message: `byte 0x${byte} is not valid UTF-8; save the file as UTF-8 (is it a binary file, or in another encoding?)`,
      }];
      return;
    }
    this.text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
    // YAML allows only printable characters (YAML 1.2, 5.1); yaml would read a control character into a value.
    const nonPrintable = NON_PRINTABLE.exec(this.text);
    if (nonPrintable) {
      const code = nonPrintable[0].charCodeAt(0).toString(16).padStart(4, '0');
      this.diagnostics = [{
        ...locationInText(file, this.text, nonPrintable.index),
        code: 'NON_PRINTABLE_CHARACTER',
        message: `character U+${code.toUpperCase()} is not allowed in YAML (a control character: binary data, or a stray key press?); remove it`,
      }];
      return;
    }
    const fast = readFast(this.text);
    if (fast) {
      this.plain = fast.data;
      this.diagnostics = [];
      this.positionsPending = true;
      return;
    }
    const tooDeep = (): Diagnostic => ({
      ...locationInText(file, this.text, 0),
      code: 'YAML_SYNTAX',
      message: 'the file nests collections too deeply to be read (a manifest needs a few levels)',
    });
    try {
      const document = (this.parsed = this.parseWithPositions());
      // Past the stack, yaml records the overflow as an error at the offset it reached, which depends on
      // how deep the caller's stack already was: reported at the start of the file, like a thrown one.
      if (document.errors.some((error) => error.message.includes('Maximum call stack size exceeded'))) {
        this.parsed = undefined;
        this.diagnostics = [tooDeep()];
        return;
      }
      // One error repeated (once per nesting level past yaml's stack, ...) is reported once, where it starts.
      this.diagnostics = document.errors
        .map((error) => this.syntaxDiagnostic(error.code, error.message, error.pos[0]))
        .filter((d, i, all) => all.findIndex((first) => first.message === d.message) === i);
      if (this.diagnostics.length === 0) this.diagnostics = aliasProblems(document, (offset) => this.locationOfOffset(offset));
      // Aliases are bounded above, so expanding them is safe; yaml's own count would refuse 101 harmless ones.
      if (this.diagnostics.length === 0) this.plain = document.toJS({ maxAliasCount: -1 });
    } catch (error) {
      // Input yaml cannot handle (nesting deeper than the stack, ...) is still bad input, not a bug here.
      this.parsed = undefined;
      this.diagnostics = [(error as Error).name === 'RangeError'
        ? tooDeep()
        : { ...locationInText(file, this.text, 0), code: 'YAML_SYNTAX', message: `YAML could not be read: ${echo((error as Error).message)}` }];
    }
  }

  private parseWithPositions(): Document.Parsed {
    return parseDocument(this.text, { lineCounter: this.lineCounter, prettyErrors: true, uniqueKeys: true });
  }

  /** The document with positions (parsed now, if the fast reader read the file). */
  private get document(): Document.Parsed | undefined {
    if (this.positionsPending) {
      this.positionsPending = false;
      this.parsed = this.parseWithPositions();
    }
    return this.parsed;
  }

  /** The plain data, or undefined when the YAML could not be read. */
  public get data(): unknown {
    return this.diagnostics.length > 0 ? undefined : this.plain;
  }

  private syntaxDiagnostic(code: string, yamlMessage: string, offset: number): Diagnostic {
    const at = this.locationOfOffset(offset);
    if (code === 'DUPLICATE_KEY') {
      const key = (/^[^:\n]*/.exec(this.text.slice(offset, offset + 1000))?.[0] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2');
      return { ...at, code: 'DUPLICATE_KEY', message: `duplicate key '${echo(key)}': each key may appear only once in a mapping` };
    }
    // yaml's messages end with " at line L, column C:" and a code frame: we already say where.
    const message = yamlMessage.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const hint = code === 'BLOCK_AS_IMPLICIT_KEY' ? " (put the value in quotes if it contains ': ')" : '';
    return { ...at, code: 'YAML_SYNTAX', message: `YAML syntax error: ${echo(message, 2 * ECHO_LIMIT)}${hint}` };
  }

  /** Where the value at `path` starts; falls back to the nearest existing parent. */
  public locate(path: DataPath): SourceLocation {
    return this.locationOfNode(this.nearestNode(path).node);
  }

  /** Where the key `key` of the mapping at `path` is written (the key itself, not its value). */
  public locateKey(path: DataPath, key: string): SourceLocation {
    const { node, exact } = this.nearestNode(path);
    if (exact && isMap(node)) {
      const pair = this.pairOf(node, key);
      if (pair && isScalar(pair.key)) return this.locationOfNode(pair.key);
    }
    return this.locationOfNode(node);
  }

  /** Where the mapping at `path` opens: the position of its first key (or the value, if empty). */
  public locateMapping(path: DataPath): SourceLocation {
    const { node, exact } = this.nearestNode(path);
    if (exact && isMap(node) && node.items.length > 0 && isScalar(node.items[0].key)) {
      return this.locationOfNode(node.items[0].key);
    }
    return this.locationOfNode(node);
  }

  private nearestNode(path: DataPath): { node: Node | undefined; exact: boolean } {
    let node: Node | undefined = (this.document?.contents as Node | null) ?? undefined;
    for (const segment of path) {
      let next: unknown;
      if (isMap(node)) {
        next = this.pairOf(node, String(segment))?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (next === undefined || next === null) return { node, exact: false };
      node = next as Node;
    }
    return { node, exact: true };
  }

  /**
   * The first pair of `map` whose key is `key`. Indexed once per mapping: the
   * model locates every product of a 1,000-product catalog, which a linear
   * search per lookup makes quadratic.
   */
  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      }
      this.pairIndex.set(map, index);
    }
    return index.get(key);
  }

  private locationOfNode(node: Node | undefined): SourceLocation {
    return this.locationOfOffset(node?.range?.[0] ?? 0);
  }

  private locationOfOffset(offset: number): SourceLocation {
    void this.document; // the line counter is filled as it is parsed
    const { line, col } = this.lineCounter.linePos(Math.min(offset, this.text.length));
    return { file: this.file, line, col };
  }
}
