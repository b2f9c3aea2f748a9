/**
 * YAML read with positions kept, so every later check can point at the exact
 * line and column of the key or value it is about.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';
import type { Diagnostic, SourceLocation } from '../model/diagnostics';

export type DataPath = readonly (string | number)[];

export class YamlSource {
  /** Parses `text`; syntax errors and duplicate keys become diagnostics, never exceptions. */
  public static parse(file: string, text: string): YamlSource {
    return new YamlSource(file, text);
  }

  public readonly diagnostics: readonly Diagnostic[];
  private readonly lineCounter = new LineCounter();
  private readonly document: Document.Parsed;
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  private constructor(public readonly file: string, private readonly text: string) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: true, uniqueKeys: true });
    this.diagnostics = this.document.errors.map((error) => {
      const at = this.locationOfOffset(error.pos[0]);
      if (error.code === 'DUPLICATE_KEY') {
        const key = (/^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2');
        return { ...at, code: 'DUPLICATE_KEY', message: `duplicate key '${key}': each key may appear only once in a mapping` };
      }
      // yaml's messages end with " at line L, column C:" and a code frame: we already say where.
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const hint = error.code === 'BLOCK_AS_IMPLICIT_KEY' ? " (put the value in quotes if it contains ': ')" : '';
      return { ...at, code: 'YAML_SYNTAX', message: `YAML syntax error: ${message}${hint}` };
    });
  }

  /** The plain data, or undefined when the YAML could not be read. */
  public get data(): unknown {
    return this.diagnostics.length > 0 ? undefined : this.document.toJS({ maxAliasCount: 100 });
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
    let node: Node | undefined = (this.document.contents as Node | null) ?? undefined;
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
    const { line, col } = this.lineCounter.linePos(Math.min(offset, this.text.length));
    return { file: this.file, line, col };
  }
}
