/**
 * What aliases may do in a manifest: refer to an anchor written before them,
 * and expand the document to a bounded size. Checked on the parsed document,
 * before anything is expanded: yaml's own guard (`maxAliasCount`) throws on the
 * 101st harmless alias and says nowhere where, so the typo beside them was never
 * reported; this counts what the aliases would expand to instead, in linear time.
 */
import { type Document, isAlias, isMap, isPair, isSeq, type Node } from 'yaml';
import { type Diagnostic, echo, type SourceLocation } from '../model/diagnostics';

/**
 * Most nodes a document may expand to once its aliases are resolved. A manifest
 * has a few thousand; an alias bomb ("billion laughs") has billions, which the
 * schema validation would walk one by one.
 */
export const MAX_EXPANDED_NODES = 100_000;

/** Undefined aliases, then (when all resolve) the alias whose expansion crosses MAX_EXPANDED_NODES, or one inside its own anchor. */
export function aliasProblems(document: Document.Parsed, locate: (offset: number) => SourceLocation): Diagnostic[] {
  const aliases: Node[] = [];
  collectAliases(document.contents as Node | null, aliases);
  const undefinedAliases = aliases.filter((alias) => isAlias(alias) && alias.resolve(document) === undefined);
  if (undefinedAliases.length > 0) {
    return undefinedAliases.map((alias) => ({
      ...locate(alias.range?.[0] ?? 0),
      code: 'YAML_ALIAS_UNDEFINED' as const,
      message: `alias '*${echo(isAlias(alias) ? alias.source : '')}' refers to no anchor written before it; define '&${echo(isAlias(alias) ? alias.source : '')}' first, or fix the name`,
    }));
  }
  if (aliases.length === 0) return [];

  const sizes = new Map<Node, number>();
  const inProgress = new Set<Node>();
  let cycle: Node | undefined;
  /** Nodes `node` expands to (keys count), each anchored node computed once. */
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) return sizeOf(node.resolve(document));
    if (!isMap(node) && !isSeq(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) {
      cycle ??= node;
      return 1;
    }
    inProgress.add(node);
    let size = 1;
    for (const item of node.items) {
      size = Math.min(Number.MAX_SAFE_INTEGER, size + (isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item)));
    }
    inProgress.delete(node);
    sizes.set(node, size);
    return size;
  };

  // Walk in document order, adding each alias's expansion: the first alias to cross the limit is the one reported.
  let total = 0;
  let culprit: Node | undefined;
  const walk = (node: unknown): void => {
    if (culprit || node === null || node === undefined) return;
    if (isAlias(node)) {
      total += sizeOf(node);
      if (total > MAX_EXPANDED_NODES || cycle) culprit = node as Node;
      return;
    }
    total += 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else {
          walk(item);
        }
      }
    }
  };
  walk(document.contents);
  if (!culprit || !isAlias(culprit)) return [];
  return [{
    ...locate(culprit.range?.[0] ?? 0),
    code: 'YAML_ALIAS_EXPANSION',
    message: cycle
      ? `alias '*${echo(culprit.source)}' is inside the node its anchor names, so it would expand forever; copy the value instead`
      : `alias '*${echo(culprit.source)}' would expand the file to more than ${MAX_EXPANDED_NODES} values (an alias bomb?); write the values out, or use fewer nested aliases`,
  }];
}

function collectAliases(node: unknown, into: Node[]): void {
  if (isAlias(node)) {
    into.push(node);
  } else if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        collectAliases(item.key, into);
        collectAliases(item.value, into);
      } else {
        collectAliases(item, into);
      }
    }
  }
}
