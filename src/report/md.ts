/**
 * Markdown building blocks that render right on GitHub whatever the text holds: a command with a
 * pipe, output with backticks or HTML, an operator's note over several lines. Pure.
 */

/** ANSI escape sequences and control characters other than tab and newline: noise in a report. */
// eslint-disable-next-line no-control-regex
const CONTROL = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]/g;

/** Text without terminal escapes or control characters, with \r\n as \n. */
export function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/**
 * Inline text that renders as itself: every character markdown could read as syntax is
 * backslash-escaped (CommonMark escapes any ASCII punctuation), newlines become <br>.
 */
export function text(value: string): string {
  return clean(value)
    .replace(/[\\`*_[\]<>|~#!&]/g, (char) => `\\${char}`)
    .replace(/\n/g, '<br>');
}

/** Table cell content: inline text with nothing that could end the cell early. */
export function cell(value: string): string {
  return text(value.trim());
}

/**
 * Inline code that survives any backtick inside: the delimiter is one backtick longer than the
 * longest run, with spaces when the code starts or ends with a backtick. In a table GitHub still
 * splits cells at a bare pipe inside code, so pipes are escaped there.
 */
export function code(value: string, inTable = false): string {
  const body = clean(value).replace(/\n/g, ' ');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  const inner = inTable ? body.replace(/\|/g, '\\|') : body;
  return `${fence}${pad}${inner}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside, so no output can close it early. */
export function fenced(body: string, info = ''): string {
  const content = clean(body).replace(/\n+$/, '');
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

/** A GitHub table; every cell is already escaped by the caller. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('left' | 'right')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}
