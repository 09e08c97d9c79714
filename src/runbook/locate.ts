import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into a parsed runbook, as zod reports it: keys and list indexes. */
export type Path = readonly PropertyKey[];

/** Where things are in a YAML document: paths to 1-based line and column. */
export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The position of an offset in the source. */
  offset(offset: number): { line: number; col: number } {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, col: pos.col };
  }

  /** The node at a path, or the deepest one that exists on the way there. */
  private walk(path: Path): { node: Node | undefined; key: Node | undefined; complete: boolean } {
    let node: unknown = this.doc.contents;
    let key: Node | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
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

  /** The position of `needle` inside the scalar at a path (falls back to the scalar's start). */
  inText(path: Path, needle: string, occurrence = 0): { line: number; col: number } {
    const { node, complete } = this.walk(path);
    const range = node?.range;
    if (!complete || !range) return this.at(path);
    const source = this.sourceSlice(range[0], range[1]);
    let index = -1;
    for (let seen = 0; seen <= occurrence; seen++) {
      index = source.indexOf(needle, index + 1);
      if (index < 0) return this.offset(range[0]);
    }
    return this.offset(range[0] + index);
  }

  private sourceSlice(start: number, end: number): string {
    // Document keeps the source only through its nodes' ranges; the caller's text is kept below.
    return this.source.slice(start, end);
  }

  /** The source text (set by the loader). */
  source = '';
}
