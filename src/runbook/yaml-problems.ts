/**
 * YAML syntax errors as an operator can act on them: at the character that is wrong (the opening
 * quote that is never closed, the line that is indented too far), saying what to write instead.
 */
import { isMap, isScalar, isSeq, visit, type Document, type YAMLError } from 'yaml';
import { MAX_NESTING } from './nesting.js';
import type { Problem } from './problem.js';
import { alignsAbove, columnsAbove, hasValue, isItem, lineAbove, lineAt, lineBelow, name, type Line } from './source-lines.js';

type Locate = (offset: number) => { line: number; col: number };

/** Errors that stand alone: they do not throw the parser off for the rest of the file. */
const LOCAL = new Set(['TAB_AS_INDENT', 'BAD_DQ_ESCAPE', 'BAD_SCALAR_START', 'MULTIPLE_DOCS', 'DUPLICATE_KEY']);

/**
 * The YAML errors worth reading, translated and located: every local one, but of the structural
 * ones only the first. After a structural mistake (a line indented wrongly, a bracket never
 * closed) the parser is lost, and what it reports next is mostly noise about the same mistake.
 */
export function yamlErrorProblems(errors: readonly YAMLError[], text: string, doc: Document, locate: Locate): Problem[] {
  const blockKeys = new Set(errors.filter((error) => error.code === 'BLOCK_AS_IMPLICIT_KEY').map((error) => error.pos[0]));
  const problems: Problem[] = [];
  let structural = false;
  for (const error of errors) {
    // Reported together with BLOCK_AS_IMPLICIT_KEY for the same mistake.
    if (error.code === 'MULTILINE_IMPLICIT_KEY' && blockKeys.has(error.pos[0])) continue;
    if (!LOCAL.has(error.code)) {
      if (structural) continue;
      structural = true;
    }
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
  }
  // Structural: the parser lost track of the nesting. Say which line is out of line, and how.
  const line = lineAt(text, offset);
  const item = isItem(line) ? line : /block sequence/.test(first) ? lineBelow(text, offset) : undefined;
  const known =
    unclosed(error, first, text, doc, locate) ??
    blockDedent(line, text, locate) ??
    (item && isItem(item) ? itemProblem(item, text, locate) : undefined) ??
    (error.code === 'BLOCK_AS_IMPLICIT_KEY' || error.code === 'MULTILINE_IMPLICIT_KEY' ? implicitKey(offset, text, locate) : undefined) ??
    indentation(offset, first, text, locate) ??
    keyExpected(offset, first, text, locate);
  if (known) return known;
  if (error.code === 'UNEXPECTED_TOKEN') {
    const token = /: (.*)$/.exec(first)?.[1] ?? JSON.stringify(text[offset] ?? '');
    const closer = /flow-(map|seq)-end/.exec(first)?.[1];
    const hint = closer === 'map' ? ': no "{" is open here' : closer === 'seq' ? ': no "[" is open here' : '';
    return at(offset, `unexpected ${token}${hint}`);
  }
  return at(offset, `YAML syntax: ${first.replace(/; please use YAML\.\w+\(\)/, '')}`);
}

/** An unclosed quote, `[` or `{`: point at where it opens, not at the end of the file. */
function unclosed(error: YAMLError, message: string, text: string, doc: Document, locate: Locate): Problem | undefined {
  const quote = /closing (["'])quote/.exec(message)?.[1];
  const bracket = /end with a ([\]}])/.exec(message)?.[1];
  if (!quote && !bracket) return undefined;
  let start: number | undefined;
  visit(doc, (_key, node) => {
    // A pair's empty value is visited as null.
    const range = (node as { range?: [number, number, number] } | null)?.range;
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

/** A line whose indentation matches no mapping or list around it. */
function indentation(offset: number, message: string, text: string, locate: Locate): Problem | undefined {
  if (!/without - indicator|same column|indent/i.test(message)) return undefined;
  const line = lineAt(text, offset);
  const here = locate(line.start + line.indent);
  if (!alignsAbove(line, text)) {
    return { ...here, message: `bad indentation: ${name(line)} starts at column ${line.indent + 1}, which lines up with no key above it; move it to ${columnsAbove(line, text)}, like the keys it belongs with` };
  }
  const above = lineAbove(text, line.start);
  if (!above) return { ...here, message: `bad indentation: ${name(line)} should start at column 1` };
  const other = above.key ? `"${above.key}" on the line above` : 'the line above';
  return {
    ...here,
    message: `bad indentation: ${name(line)} starts at column ${line.indent + 1}, but ${other} starts at column ${above.content + 1}; indent keys of the same mapping equally (with spaces)`,
  };
}

/** `key: a: b` on one line, or a line indented under a key that already has a value. */
function implicitKey(offset: number, text: string, locate: Locate): Problem | undefined {
  const line = lineAt(text, offset);
  const col = offset - line.start;
  const keyColon = line.key === undefined ? -1 : line.text.indexOf(':', line.content);
  if (keyColon >= 0 && col > keyColon) {
    const value = line.text.slice(col);
    const colon = /:(\s|$)/.exec(value);
    if (colon) {
      const fixed = `${line.text.slice(line.content, col)}"${value.trim().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
      return { ...locate(offset + colon.index), message: `a value cannot contain ": " unless it is quoted: write ${fixed}` };
    }
  }
  const above = lineAbove(text, line.start);
  if (above && hasValue(above) && line.indent > above.content) return overIndented(above, line, text, locate);
  const below = lineBelow(text, offset);
  if (below && hasValue(line) && below.indent > line.content) return overIndented(line, below, text, locate);
  return undefined;
}

/** `child` is indented under `parent`, which already has a value: one of the two is out of line. */
function overIndented(parent: Line, child: Line, text: string, locate: Locate): Problem {
  if (parent.indent < child.indent && !alignsAbove(parent, text)) {
    return {
      ...locate(parent.start + parent.indent),
      message: `bad indentation: ${name(parent)} starts at column ${parent.indent + 1}, which lines up with no key above it; move it to ${columnsAbove(parent, text)}, like the keys it belongs with`,
    };
  }
  const where = locate(child.start + child.indent);
  if (isItem(child) && !isItem(parent)) {
    return { ...where, message: `bad indentation: this list is indented under ${name(parent)}, which already has a value; add the key it belongs to above it (such as steps:), or line it up with the list it is part of` };
  }
  return {
    ...where,
    message: `bad indentation: ${name(child)} is indented under ${name(parent)}, which already has a value; line it up with ${name(parent)} (column ${parent.content + 1}), or add the key it belongs to above it`,
  };
}

/**
 * A list item out of place: out of line with the items of its list, or a list that belongs to no
 * key (its `steps:` line deleted, or the list indented under a key that has a value).
 */
function itemProblem(line: Line, text: string, locate: Locate): Problem | undefined {
  const here = locate(line.start + line.indent);
  let lowest = line.indent;
  for (let above = lineAbove(text, line.start); above; above = lineAbove(text, above.start)) {
    if (isItem(above) && above.indent !== line.indent && Math.min(above.indent, line.indent) <= lowest) {
      return { ...here, message: `bad indentation: this list item starts at column ${line.indent + 1}, but the item above it (line ${locate(above.start).line}) starts at column ${above.indent + 1}; line them up` };
    }
    if (isItem(above) && above.indent === line.indent) return undefined;
    if (above.indent < lowest) {
      // Only `key:` right above (or at a lower indentation) can own the list.
      if (above.key !== undefined && !hasValue(above)) return undefined;
      break;
    }
    lowest = Math.min(lowest, above.indent);
  }
  return { ...here, message: 'this list belongs to no key: add the key it belongs to above it (such as steps:), or line it up with the list it is part of' };
}

/**
 * A line of block text (after `run: |`) indented less than that text's first line, which is
 * what sets a block's indentation in YAML; or a first line indented less than the rest.
 */
function blockDedent(line: Line, text: string, locate: Locate): Problem | undefined {
  let owner = lineAbove(text, line.start);
  while (owner && !/:[ \t]+[|>][-+0-9]*[ \t]*(#.*)?$/.test(owner.text)) {
    if (owner.indent <= line.indent) return undefined;
    owner = lineAbove(text, owner.start);
  }
  if (!owner) return undefined;
  const block: Line[] = [];
  for (let next = lineBelow(text, owner.start); next && (next.indent > owner.content || next.start === line.start); next = lineBelow(text, next.start)) block.push(next);
  const others = block.filter((other) => other.start !== line.start);
  if (others.length === 0) return undefined;
  const isFirst = block[0]?.start === line.start;
  const expected = isFirst ? Math.min(...others.map((other) => other.indent)) : (block[0]?.indent ?? 0);
  if (line.indent >= expected) return undefined;
  if (line.key !== undefined && !others.some((other) => other.start > line.start)) return undefined;
  const where = `the text of ${name(owner)} (line ${locate(owner.start).line})`;
  return {
    ...locate(line.start + line.indent),
    message: isFirst
      ? `bad indentation: this first line of ${where} starts at column ${line.indent + 1}, left of the lines after it (column ${expected + 1}); indent it like them`
      : `bad indentation: this line of ${where} starts at column ${line.indent + 1}, left of its first line (column ${expected + 1}), which sets the indentation of the whole text; line them up`,
  };
}

/** A line where a `key:` or a list item was expected and something else stands. */
function keyExpected(offset: number, message: string, text: string, locate: Locate): Problem | undefined {
  if (!/followed by map values/.test(message)) return undefined;
  const line = lineAt(text, offset);
  const here = locate(line.start + line.indent);
  if (isItem(line)) return itemProblem(line, text, locate);
  if (line.key === undefined) return { ...here, message: 'expected "key: value" here: add the key and its colon, or, if this continues the text above, indent it like that text' };
  return undefined;
}
