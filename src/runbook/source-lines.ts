/**
 * The source as lines, for diagnosing indentation: where a line's key starts, whether it holds a
 * value, which lines above it it could line up with.
 */

/** One line of the source. */
export interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** The line without its line break. */
  text: string;
  /** Leading spaces (and tabs). */
  indent: number;
  /** Column (0-based) of the key or value after any `- ` markers. */
  content: number;
  /** The plain key the line starts with, if any. */
  key: string | undefined;
}

/** The line containing an offset. */
export function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = text.indexOf('\n', start);
  return describeLine(text, start, end < 0 ? text.length : end);
}

/** The line between two offsets. */
export function describeLine(text: string, start: number, end: number): Line {
  const line = text.slice(start, end).replace(/\r$/, '');
  const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
  const content = /^[ \t]*(?:-[ \t]+)*/.exec(line)?.[0].length ?? indent;
  // Only a plain key is named in messages; anything else is "this line".
  const key = /^([A-Za-z_$][\w$.-]*)[ \t]*:(\s|$)/.exec(line.slice(content))?.[1];
  return { start, text: line, indent, content, key };
}

/** The nearest line above `start` that has content (not blank, not a comment). */
export function lineAbove(text: string, start: number): Line | undefined {
  let end = start - 1;
  while (end > 0) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const line = describeLine(text, lineStart, end);
    if (line.text.trim() !== '' && !line.text.trim().startsWith('#')) return line;
    end = lineStart - 1;
  }
  return undefined;
}

/** The nearest line below the one containing `offset` that has content. */
export function lineBelow(text: string, offset: number): Line | undefined {
  let start = text.indexOf('\n', offset);
  while (start >= 0 && start < text.length) {
    const end = text.indexOf('\n', start + 1);
    const line = describeLine(text, start + 1, end < 0 ? text.length : end);
    if (line.text.trim() !== '' && !line.text.trim().startsWith('#')) return line;
    if (end < 0) return undefined;
    start = end;
  }
  return undefined;
}

/** How a message names a line: by its key. */
export const name = (line: Line): string => (line.key ? `"${line.key}"` : 'this line');
/** Whether a line is a list item (`- `). */
export const isItem = (line: Line): boolean => /^[ \t]*-([ \t]|$)/.test(line.text);

/** Whether a `key: value` line has its value on the line (so nothing may be indented under it). */
export function hasValue(line: Line): boolean {
  if (line.key === undefined) return isItem(line) && line.text.slice(line.content).trim() !== '';
  const value = line.text.slice(line.text.indexOf(':', line.content) + 1).trim();
  return value !== '' && !value.startsWith('#') && !/^[|>][-+0-9]*(\s|$)/.test(value) && !/^[&!]\S*$/.test(value);
}

/** The columns (1-based) where the keys that enclose a line start: where a misplaced key could go. */
export function columnsAbove(line: Line, text: string): string {
  const columns = new Set<number>();
  let lowest = Infinity;
  for (let above = lineAbove(text, line.start); above && lowest > 0; above = lineAbove(text, above.start)) {
    if (above.indent >= lowest) continue;
    columns.add(above.content + 1);
    lowest = above.indent;
  }
  const list = [...columns].sort((a, b) => b - a);
  return list.length > 1 ? `one of columns ${list.join(', ')}` : `column ${list[0] ?? 1}`;
}

/** Whether a line lines up with a sibling above it, or is the first child of the line above it. */
export function alignsAbove(line: Line, text: string): boolean {
  for (let above = lineAbove(text, line.start); above; above = lineAbove(text, above.start)) {
    if (above.indent === line.indent || (above.indent < line.indent && above.content === line.indent)) return true;
    if (above.indent < line.indent) return lineBelow(text, above.start)?.start === line.start;
  }
  return line.indent === 0;
}
