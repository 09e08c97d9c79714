/**
 * Styled lines, built before rendering: each screen part turns its content into at most `height`
 * lines of at most `width` characters, so the frame's size is known exactly.
 */
import { printable, wrap } from './format.js';
import type { Tone } from './theme.js';

/** A run of text in one style. */
export interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

/** One screen line. */
export type Line = Segment[];

/** A line of one segment. */
export function line(text: string, style: Omit<Segment, 'text'> = {}): Line {
  return [{ text, ...style }];
}

/** The plain text of a line. */
export function lineText(l: Line): string {
  return l.map((s) => s.text).join('');
}

/** Cuts a line's segments to `width` columns in total, marking a cut with `…`. */
export function fitLine(l: Line, width: number): Line {
  if (columns(lineText(l)) <= width) return l;
  const out: Line = [];
  let room = Math.max(0, width - 1);
  for (const segment of l) {
    const used = columns(segment.text);
    if (used >= room) {
      out.push({ ...segment, text: `${cutToColumns(segment.text, room)}…` });
      return out;
    }
    out.push(segment);
    room -= used;
  }
  return out;
}

// East Asian wide characters and emoji take two columns: counted as one, a line of them would
// wrap and push the frame's rows down.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const NARROW_ONLY = /^[ -\u10FF\u2000-\u2E7F]*$/;

/** Terminal columns a text takes (wide characters count two). */
export function columns(text: string): number {
  if (NARROW_ONLY.test(text)) return text.length;
  let n = 0;
  for (const char of text) n += WIDE.test(char) ? 2 : 1;
  return n;
}

/** The longest start of a text that fits in `width` columns. */
export function cutToColumns(text: string, width: number): string {
  if (NARROW_ONLY.test(text)) return text.slice(0, width);
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = WIDE.test(char) ? 2 : 1;
    if (used + w > width) break;
    out += char;
    used += w;
  }
  return out;
}

/** Wraps text into lines of one style. */
export function wrapped(text: string, width: number, style: Omit<Segment, 'text'> = {}, indent = ''): Line[] {
  return wrap(text, width, indent).map((t) => line(t, style));
}

/**
 * Markdown as plain terminal text: headings bold, `- ` items as `• `, **bold** bold, `code`
 * kept in its backticks (so it reads the same without colour) and coloured; links as text (url).
 */
export function markdown(text: string, width: number): Line[] {
  const out: Line[] = [];
  let fenced = false;
  for (const raw of printable(text).replace(/\n+$/, '').split('\n')) {
    if (/^\s*```/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      out.push(...wrap(`  ${raw}`, width, '    ').map((t) => line(t, { tone: 'cyan' })));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(raw);
    if (heading) {
      out.push(...wrap(heading[1] ?? '', width).map((t) => line(t, { bold: true })));
      continue;
    }
    const item = /^(\s*)[-*+]\s+(.*)$/.exec(raw);
    const numbered = /^(\s*)(\d+[.)])\s+(.*)$/.exec(raw);
    const prefix = item ? `${item[1]}• ` : numbered ? `${numbered[1]}${numbered[2]} ` : '';
    const body = item ? (item[2] ?? '') : numbered ? (numbered[3] ?? '') : raw;
    const linked = body.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
    for (const wrappedLine of wrap(prefix + linked, width, ' '.repeat(prefix.length))) out.push(inline(wrappedLine));
  }
  return out;
}

// **bold** and `code` within one line.
function inline(text: string): Line {
  const out: Line = [];
  const pattern = /\*\*([^*]+)\*\*|`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push({ text: text.slice(last, match.index) });
    if (match[1] !== undefined) out.push({ text: match[1], bold: true });
    else out.push({ text: `\`${match[2] ?? ''}\``, tone: 'cyan' });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out.length > 0 ? out : [{ text: '' }];
}
