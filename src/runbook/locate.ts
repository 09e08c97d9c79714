import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import { findVarRefs } from './vars.js';

/** A path into a parsed runbook, as zod reports it: keys and list indexes. */
export type Path = readonly PropertyKey[];

/** Where things are in a YAML document: paths to 1-based line and column. */
export class Locator {
  /** Each mapping's pairs by key, built on first use: a runbook with thousands of problems stays linear. */
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    /** The source text the document was parsed from. */
    private readonly source: string,
    /** Resolves an alias to its anchored node (yaml's own `resolve` walks the whole document). */
    private readonly resolve: (alias: Alias) => Node | undefined = (alias) => alias.resolve(doc),
  ) {}

  /** The position of an offset in the source. */
  offset(offset: number): { line: number; col: number } {
    const pos = this.lines.linePos(Math.max(0, Math.min(offset, this.source.length)));
    return { line: Math.max(1, pos.line), col: Math.max(1, pos.col) };
  }

  private pair(map: YAMLMap, key: string): Pair | undefined {
    let byKey = this.index.get(map);
    if (!byKey) {
      byKey = new Map();
      for (const item of map.items) {
        // The first of duplicate keys, as yaml reports them.
        if (isPair(item) && isScalar(item.key) && !byKey.has(String(item.key.value))) byKey.set(String(item.key.value), item);
      }
      this.index.set(map, byKey);
    }
    return byKey.get(key);
  }

  /** The node at a path, or the deepest one that exists on the way there. */
  private walk(path: Path): { node: Node | undefined; key: Node | undefined; complete: boolean } {
    let node: unknown = this.doc.contents;
    let key: Node | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = this.resolve(node) ?? node;
      if (isMap(node)) {
        const pair = this.pair(node, String(segment));
        if (!pair) return { node: node as Node, key, complete: false };
        key = pair.key as Node;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        key = undefined;
        node = node.items[segment];
      } else {
        return { node: node as Node | undefined, key, complete: false };
      }
    }
    return { node: node as Node | undefined, key, complete: true };
  }

  /** Whether a path leads to a node that is in the source. */
  has(path: Path): boolean {
    return this.walk(path).complete;
  }

  /** The position of the value at a path (of its key when `which` is 'key'), or of the nearest ancestor. */
  at(path: Path, which: 'value' | 'key' = 'value'): { line: number; col: number } {
    const { node, key, complete } = this.walk(path);
    const target = complete && which === 'key' && key ? key : node;
    return this.offset(target?.range?.[0] ?? 0);
  }

  /**
   * The position of the `occurrence`-th `${name}` reference (escaped `$${name}` not counted) in
   * the scalar at a path; the scalar's start when the source spells it differently.
   */
  varRef(path: Path, name: string, occurrence = 0): { line: number; col: number } {
    const { node, complete } = this.walk(path);
    const range = node?.range;
    if (!complete || !range) return this.at(path);
    const refs = findVarRefs(this.source.slice(range[0], range[1])).filter((ref) => ref.name === name);
    const ref = refs[occurrence];
    return this.offset(range[0] + (ref?.index ?? 0));
  }
}
