/**
 * One pass over the parsed YAML tree, without recursion, for what `yaml` leaves to the caller or
 * does too slowly: nesting depth, duplicate keys (its own check compares every key with every
 * other) and aliases (its `Alias.resolve` walks the whole document for each alias; a file of
 * aliases took minutes).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { MAX_NESTING, deep } from './nesting.js';
import type { Problem } from './problem.js';

type Locate = (offset: number) => { line: number; col: number };

/**
 * Aliases per runbook, and expansions when converting (the default of `yaml`), at most: a
 * runbook needs a few, and `yaml` scans every earlier alias and anchor to resolve each one.
 */
export const MAX_ALIASES = 100;

/** What the pass found. */
export interface TreeInspection {
  /** The first place nested deeper than MAX_NESTING or past MAX_ALIASES, if any (nothing else is checked then). */
  refused: Problem | undefined;
  /** Duplicate keys and aliases to no anchor, in document order. */
  problems: Problem[];
  /** The node an alias stands for: the last anchor of its name before it. */
  resolve(alias: Alias): Node | undefined;
}

/** Walks the document once, in document order. */
export function inspectTree(doc: Document, locate: Locate): TreeInspection {
  const anchors = new Map<string, { offset: number; node: Node }[]>();
  const problems: Problem[] = [];
  let aliases = 0;
  const resolve = (alias: Alias): Node | undefined => {
    const offset = alias.range?.[0] ?? Infinity;
    const candidates = anchors.get(alias.source) ?? [];
    let found: Node | undefined;
    for (const candidate of candidates) if (candidate.offset < offset) found = candidate.node;
    return found;
  };

  // A stack of nodes to visit, children pushed in reverse so they pop in document order.
  const pending: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop() as { node: unknown; depth: number };
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) {
        const pos = locate(node.range?.[0] ?? 0);
        return { refused: { ...pos, message: `more than ${MAX_ALIASES} aliases (*name): a runbook needs a few at most; write the values out` }, problems: [], resolve };
      }
      const target = resolve(node);
      const at = node.range?.[0] ?? 0;
      if (target === undefined) {
        problems.push({ ...locate(at), message: `alias "*${node.source}" refers to no anchor: define "&${node.source}" before it, or write the value out` });
      } else if ((target.range?.[1] ?? 0) > at) {
        problems.push({ ...locate(at), message: `alias "*${node.source}" is inside the value it refers to, which would contain itself forever: write the value out` });
      }
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      const list = anchors.get(anchor) ?? [];
      list.push({ offset: (node as Node).range?.[0] ?? 0, node: node as Node });
      anchors.set(anchor, list);
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > MAX_NESTING) {
      const pos = locate(node.range?.[0] ?? 0);
      return { refused: deep(pos.line, pos.col), problems: [], resolve };
    }
    const children: unknown[] = [];
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        children.push(pair.key, pair.value);
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const offset = pair.key.range?.[0] ?? 0;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, offset);
        else problems.push({ ...locate(offset), message: `duplicate key "${key}" (first at line ${locate(first).line}): a key may appear only once in a mapping; remove one of them` });
      }
    } else {
      for (const item of node.items) {
        if (isPair(item)) children.push(item.key, item.value);
        else children.push(item);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], depth: depth + 1 });
  }
  return { refused: undefined, problems, resolve };
}
