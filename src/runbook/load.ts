/**
 * Runbook text → a typed runbook, or every problem in it located as line:col. Pure: reads
 * nothing but the text it is given, so the engine, the TUI and the report share it.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { Locator, type Path } from './locate.js';
import type { Problem } from './problem.js';
import { RunbookSchema, type Runbook } from './schema.js';
import { didYouMean } from './suggest.js';
import { semanticProblems, describePath } from './validate.js';

/** Runbooks are small documents; anything bigger is the wrong file (or an attack). */
export const MAX_RUNBOOK_BYTES = 1_048_576;
/** Deeper nesting than any runbook needs; refused before parsing so a crafted file cannot exhaust the stack. */
export const MAX_NESTING = 64;
/** Aliases expanded at most this many times (the default of `yaml`), which defuses billion-laughs bombs. */
const MAX_ALIAS_COUNT = 100;

export type LoadResult = { ok: true; runbook: Runbook } | { ok: false; problems: Problem[] };

/** Parses and validates a runbook's text. `fileName` gives the default id. */
export function loadRunbook(text: string, fileName: string): LoadResult {
  const early = precheck(text);
  if (early) return { ok: false, problems: [early] };

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const locator = new Locator(doc, lineCounter);
  locator.source = text;

  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((error) => yamlProblem(error, locator)) };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = /alias/i.test((error as Error).message)
      ? `too many alias expansions (over ${MAX_ALIAS_COUNT}): this looks like a YAML bomb; write the values out instead`
      : `cannot read the YAML: ${(error as Error).message}`;
    return { ok: false, problems: [{ line: 1, col: 1, message }] };
  }
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ line: 1, col: 1, message: 'empty runbook: start with "drp: 1", then id, title, system, severity, objectives and steps' }] };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problems: [{ ...locator.at([]), message: 'a runbook is a mapping of keys (drp, title, steps, …), not a list or a single value' }] };
  }

  const parsed = RunbookSchema.safeParse(data);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => zodProblems(issue, data, locator));
  problems.push(...semanticProblems(data as Record<string, unknown>, locator));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: sortProblems(problems) };

  const runbook = parsed.data;
  runbook.id ??= defaultId(fileName);
  return { ok: true, runbook };
}

/** The id a runbook gets from its file name when it names none. */
export function defaultId(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.ya?ml$/i, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

function precheck(text: string): Problem | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RUNBOOK_BYTES) {
    return { line: 1, col: 1, message: `file is ${(bytes / 1_048_576).toFixed(1)} MB; a runbook is at most 1 MB: is this the right file?` };
  }
  if (text.includes('\0')) {
    return { line: 1, col: 1, message: 'this is a binary file, not YAML text: point drp at a .yaml runbook' };
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = text.slice(0, bad).split('\n').length;
    return { line, col: bad - text.lastIndexOf('\n', bad - 1), message: 'not UTF-8 text: save the runbook as UTF-8' };
  }
  if (text.trim() === '' || text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) {
    return { line: 1, col: 1, message: 'empty runbook: start with "drp: 1", then id, title, system, severity, objectives and steps' };
  }
  return nestingProblem(text);
}

/** Refuses nesting deeper than MAX_NESTING, by indentation and by flow brackets, in one pass. */
function nestingProblem(text: string): Problem | undefined {
  let depth = 0;
  let line = 1;
  let col = 0;
  let quote: string | undefined;
  let comment = false;
  let lineStart = true;
  let indent = 0;
  for (const char of text) {
    col++;
    if (char === '\n') {
      line++;
      col = 0;
      comment = false;
      lineStart = true;
      indent = 0;
      if (quote === "'") continue;
      continue;
    }
    if (lineStart) {
      if (char === ' ' || char === '-') {
        indent++;
        if (indent / 2 > MAX_NESTING * 2) return deep(line, col);
        continue;
      }
      lineStart = false;
    }
    if (comment) continue;
    if (quote) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '#') comment = true;
    else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth > MAX_NESTING) return deep(line, col);
    } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function deep(line: number, col: number): Problem {
  return { line, col, message: `nested more than ${MAX_NESTING} levels deep: a runbook never needs this; is this the right file?` };
}

function yamlProblem(error: { message: string; code: string; linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, unknown]; pos: [number, number] }, locator: Locator): Problem {
  const pos = error.linePos?.[0] ?? locator.offset(error.pos[0]);
  const first = error.message.split('\n')[0] ?? error.message;
  const message =
    error.code === 'DUPLICATE_KEY'
      ? 'duplicate key: a key may appear only once in a mapping'
      : error.code === 'TAB_AS_INDENT'
        ? 'tab used for indentation: YAML indents with spaces'
        : `YAML syntax: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
  return { line: pos.line, col: pos.col, message };
}

type Issue = z.core.$ZodIssue;

const UNION_HINTS: Record<string, string> = {
  newer_than: 'a duration (90s, 15m, 2h, 1d) or rpo',
  exit: 'an exit code or a list of exit codes',
  status: 'an HTTP status code or a list of them',
  port: 'a port number (1-65535) or ${VAR}',
  rows: 'a row count or { min, max, equals }',
  default: 'text, a number or true/false',
  drill: 'text, a number or true/false',
  equals: 'text, a number, true/false or null',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
};

function zodProblems(issue: Issue, data: unknown, locator: Locator): Problem[] {
  const path = issue.path as Path;
  const where = describePath(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(path, data);
      return issue.keys.map((key) => ({
        ...locator.at([...path, key], 'key'),
        message: `unknown key "${key}"${where.in}; ${didYouMean(key, allowed, 'one of')}`,
      }));
    }
    case 'invalid_type': {
      if (!locator.has(path) || valueAt(data, path) === undefined) {
        const parent = path.slice(0, -1);
        const key = String(path.at(-1));
        return [{ ...locator.at(parent), message: `missing "${key}"${describePath(data, parent).in}${MISSING_HINT[key] ?? ''}` }];
      }
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return [{ ...locator.at(path), message: `${where.name}: expected ${expected}, got ${kindOf(valueAt(data, path))}` }];
    }
    case 'invalid_value': {
      const value = valueAt(data, path);
      const options = issue.values.map((v) => String(v));
      const hint = typeof value === 'string' ? didYouMean(value, options, 'one of') : `expected one of ${options.join(', ')}`;
      return [{ ...locator.at(path), message: `${where.name}: ${JSON.stringify(value)} is not allowed; ${hint}` }];
    }
    case 'invalid_format': {
      const value = valueAt(data, path);
      return [{ ...locator.at(path), message: `${where.name}: ${JSON.stringify(value)}: ${issue.message}` }];
    }
    case 'too_small':
      return [{ ...locator.at(path), message: `${where.name}: ${issue.origin === 'array' ? 'must list at least one item' : issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`}` }];
    case 'too_big':
      return [{ ...locator.at(path), message: `${where.name}: must be at most ${String(issue.maximum)}` }];
    case 'invalid_union': {
      const key = String(path.at(-1));
      const hint = UNION_HINTS[key] ?? 'one of the allowed forms';
      return [{ ...locator.at(path), message: `${where.name}: expected ${hint}, got ${JSON.stringify(valueAt(data, path))}` }];
    }
    case 'invalid_key':
      return [{ ...locator.at(path, 'key'), message: `${where.name}: a variable name is letters, digits and _ and does not start with a digit` }];
    default:
      return [{ ...locator.at(path), message: `${where.name}: ${issue.message}` }];
  }
}

const MISSING_HINT: Record<string, string> = {
  drp: ' (write drp: 1 at the top: the format version)',
  title: '',
  system: ' (the system this runbook recovers, e.g. KeneyApp)',
  severity: ' (critical, high, medium or low)',
  objectives: ' (e.g. objectives: { rto: 2h, rpo: 24h })',
  rto: ' (the recovery time objective, e.g. rto: 2h)',
};

function allowedKeys(path: Path, data: unknown): string[] {
  // The shape is known from the schema; walk it along the path.
  let shape: unknown = RunbookSchema;
  for (const segment of path) {
    shape = unwrap(shape);
    const def = (shape as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } }).def;
    if (def?.type === 'object') shape = def.shape?.[String(segment)];
    else if (def?.type === 'array') shape = def.element;
    else if (def?.type === 'record') shape = def.valueType;
    else return [];
  }
  shape = unwrap(shape);
  const def = (shape as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  void data;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function unwrap(shape: unknown): unknown {
  let current = shape as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (current?.def?.type === 'optional' || current?.def?.type === 'default' || current?.def?.type === 'nullable') current = current.def.innerType as typeof current;
  return current;
}

function valueAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function kindOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = `${problem.line}:${problem.col}:${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}
