/**
 * YAML syntax errors as an operator can act on them: at the character that is wrong (the opening
 * quote that is never closed, the line that is indented too far), saying what to write instead.
 * Also the two problems that `yaml` leaves to the caller: duplicate keys (its own check is
 * quadratic, so a crafted file could stall it) and aliases to anchors that do not exist.
 */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type YAMLError } from 'yaml';
import { MAX_NESTING } from './nesting.js';
import type { Problem } from './problem.js';

type Locate = (offset: number) => { line: number; col: number };

/** Every YAML error, translated and located; one message per place. */
export function yamlErrorProblems(errors: readonly YAMLError[], text: string, doc: Document, locate: Locate): Problem[] {
  const blockKeys = new Set(errors.filter((error) => error.code === 'BLOCK_AS_IMPLICIT_KEY').map((error) => error.pos[0]));
  const problems: Problem[] = [];
  for (const error of errors) {
    // Reported together with BLOCK_AS_IMPLICIT_KEY for the same mistake.
    if (error.code === 'MULTILINE_IMPLICIT_KEY' && blockKeys.has(error.pos[0])) continue;
    problems.push(translate(error, text, doc, locate));
  }
  return problems;
}

function translate(error: YAMLError, text: string, doc: Document, locate: Locate): Problem {
  const offset = Math.min(error.pos[0], text.length);
  const first = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  const at = (where: number, message: string): Problem => ({ ...locate(where), message });

  if (/call stack/i.test(first)) return at(offset, `nested more than ${MAX_NESTING} levels deep: a runbook never needs this; is this the right file?`);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return at(offset, 'tab used for indentation: YAML indents with spaces');
    case 'MULTIPLE_DOCS':
      return at(offset, 'a second YAML document starts here: a runbook file holds one runbook; remove this "---" line or move what follows into its own file');
    case 'BAD_DQ_ESCAPE': {
      const escape = /\\\S*/.exec(first)?.[0] ?? '\\';
      return at(offset, `invalid escape "${escape}" in a double-quoted value: write "\\${escape}" for a backslash, or use single quotes, in which a backslash is just a backslash`);
    }
    case 'BAD_SCALAR_START': {
      const char = /character (\S+)/.exec(first)?.[1] ?? text[offset] ?? '';
      return at(offset, `a value cannot start with "${char}": put it in quotes`);
    }
    case 'UNEXPECTED_TOKEN': {
      const token = /: (.*)$/.exec(first)?.[1] ?? JSON.stringify(text[offset] ?? '');
      const closer = /flow-(map|seq)-end/.exec(first)?.[1];
      const hint = closer === 'map' ? ': no "{" is open here' : closer === 'seq' ? ': no "[" is open here' : '';
      return at(offset, `unexpected ${token}${hint}`);
    }
    case 'MISSING_CHAR':
    case 'BAD_INDENT':
      return unclosed(error, first, text, doc, locate) ?? indentation(offset, first, text, locate) ?? at(offset, `YAML syntax: ${first}`);
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return implicitKey(offset, text, locate) ?? at(offset, `YAML syntax: ${first}`);
    default:
      return at(offset, `YAML syntax: ${first.replace(/; please use YAML\.\w+\(\)/, '')}`);
  }
}

/** An unclosed quote, `[` or `{`: point at where it opens, not at the end of the file. */
function unclosed(error: YAMLError, message: string, text: string, doc: Document, locate: Locate): Problem | undefined {
  const quote = /closing (["'])quote/.exec(message)?.[1];
  const bracket = /end with a ([\]}])/.exec(message)?.[1];
  if (!quote && !bracket) return undefined;
  let start: number | undefined;
  visit(doc, (_key, node) => {
    const range = (node as { range?: [number, number, number] }).range;
    if (!range || range[1] !== error.pos[0]) return undefined;
    const matches = quote
      ? isScalar(node) && node.type === (quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE')
      : bracket === ']'
        ? isSeq(node) && node.flow === true
        : isMap(node) && node.flow === true;
    if (matches) start = range[0];
    return undefined;
  });
  if (start === undefined) {
    // Fall back to the nearest opener before the error.
    const opener = quote ?? (bracket === ']' ? '[' : '{');
    const found = text.lastIndexOf(opener, Math.max(0, error.pos[0] - 1));
    if (found < 0) return undefined;
    start = found;
  }
  const what = quote ? `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed: add the closing ${quote}` : `the ${bracket === ']' ? 'list "["' : 'mapping "{"'} opened here is never closed: add "${bracket}" (on the same line, or indent the lines that continue it)`;
  return { ...locate(start), message: what };
}

interface Line {
  start: number;
  text: string;
  indent: number;
  /** Column (0-based) of the key or value after any `- ` markers. */
  content: number;
  key: string | undefined;
}

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = text.indexOf('\n', start);
  return describeLine(text, start, end < 0 ? text.length : end);
}

function describeLine(text: string, start: number, end: number): Line {
  const line = text.slice(start, end).replace(/\r$/, '');
  const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
  const content = /^[ \t]*(?:-[ \t]+)*/.exec(line)?.[0].length ?? indent;
  const key = /^([^\s:#][^:#]*?):(\s|$)/.exec(line.slice(content))?.[1];
  return { start, text: line, indent, content, key };
}

/** The nearest line above `start` that has content (not blank, not a comment). */
function lineAbove(text: string, start: number): Line | undefined {
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
function lineBelow(text: string, offset: number): Line | undefined {
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

const name = (line: Line): string => (line.key ? `"${line.key}"` : 'this line');

/** A line whose indentation matches no mapping or list around it. */
function indentation(offset: number, message: string, text: string, locate: Locate): Problem | undefined {
  if (!/without - indicator|same column|indent/i.test(message)) return undefined;
  const line = lineAt(text, offset);
  const above = lineAbove(text, line.start);
  const here = locate(line.start + line.indent);
  if (!above) return { ...here, message: `bad indentation: ${name(line)} should start at column 1` };
  return {
    ...here,
    message: `bad indentation: ${name(line)} starts at column ${line.indent + 1}, but ${name(above)} on the line above starts at column ${above.content + 1}; indent keys of the same mapping equally (with spaces)`,
  };
}

/** `key: a: b` on one line, or a line indented under a key that already has a value. */
function implicitKey(offset: number, text: string, locate: Locate): Problem | undefined {
  const line = lineAt(text, offset);
  const value = line.text.slice(offset - line.start);
  const colon = /:(\s|$)/.exec(value);
  if (colon) {
    const fixed = `${line.text.slice(line.content, offset - line.start)}"${value.trim().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    return { ...locate(offset + colon.index), message: `a value cannot contain ": " unless it is quoted: write ${fixed}` };
  }
  const below = lineBelow(text, offset);
  if (!below || below.indent <= line.content) return undefined;
  return {
    ...locate(below.start + below.indent),
    message: `bad indentation: ${name(below)} is indented under ${name(line)}, which already has a value; line it up with ${name(line)} (column ${line.content + 1})`,
  };
}

/** Keys that appear twice in one mapping (the later would silently win). */
export function duplicateKeyProblems(doc: Document, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const offset = pair.key.range?.[0] ?? 0;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, offset);
        else problems.push({ ...locate(offset), message: `duplicate key "${key}" (first at line ${locate(first).line}): a key may appear only once in a mapping; remove one of them` });
      }
    },
  });
  return problems;
}

/** `*name` where no `&name` comes before it. */
export function aliasProblems(doc: Document, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Alias(_key, alias) {
      if (isAlias(alias) && alias.resolve(doc) === undefined) {
        problems.push({ ...locate(alias.range?.[0] ?? 0), message: `alias "*${alias.source}" refers to no anchor: define "&${alias.source}" before it, or write the value out` });
      }
    },
  });
  return problems;
}
