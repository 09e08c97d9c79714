/**
 * Runbook text → a typed runbook, or every problem in it located as line:col. Pure: reads
 * nothing but the text it is given, so the engine, the TUI and the report share it. Never throws:
 * whatever the text, the answer is a runbook or a list of located problems, in bounded time.
 */
import { isAlias, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { Locator } from './locate.js';
import { MAX_NESTING, textNestingProblem } from './nesting.js';
import type { Problem } from './problem.js';
import { RunbookSchema, type Runbook } from './schema.js';
import { semanticProblems } from './validate.js';
import { inspectTree, MAX_ALIASES } from './tree.js';
import { yamlErrorProblems } from './yaml-problems.js';
import { slug, zodIssueProblems } from './zod-problems.js';

/** Runbooks are small documents; anything bigger is the wrong file (or an attack). */
export const MAX_RUNBOOK_BYTES = 1_048_576;
export { MAX_NESTING };
/** Problems listed per file; past this, fixing the first ones is the useful next step. */
export const MAX_PROBLEMS = 100;

const EMPTY = 'empty runbook: start with "drp: 1", then title, system, severity, objectives and steps';

export type LoadResult = { ok: true; runbook: Runbook } | { ok: false; problems: Problem[] };

/** Parses and validates a runbook's text. `fileName` gives the default id. */
export function loadRunbook(text: string, fileName: string): LoadResult {
  try {
    return load(text, fileName);
  } catch (error) {
    // A crafted file may still find a path we did not foresee: answer with a problem, not a crash.
    const message =
      error instanceof RangeError && /call stack/i.test(error.message)
        ? `nested too deeply to read: a runbook never needs this; is this the right file?`
        : `drp could not check this runbook (a bug in drp, please report it): ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, problems: [{ line: 1, col: 1, message }] };
  }
}

function load(text: string, fileName: string): LoadResult {
  const early = precheck(text);
  if (early) return fail([early]);

  const lineCounter = new LineCounter();
  // Unique keys are checked by inspectTree: yaml's own check compares every key with every other.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const locate = (offset: number): { line: number; col: number } => {
    const pos = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: Math.max(1, pos.line), col: Math.max(1, pos.col) };
  };

  const tree = inspectTree(doc, locate);
  if (tree.refused) return fail([tree.refused]);
  const locator = new Locator(doc, lineCounter, text, tree.resolve);

  const syntax = [...yamlErrorProblems(doc.errors, text, doc, locate), ...tree.problems];
  if (syntax.length > 0) return fail(syntax);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (!/alias/i.test((error as Error).message)) throw error;
    return fail([{ ...locate(firstAlias(doc)), message: `aliases expand more than ${MAX_ALIASES} times: this looks like a YAML bomb; write the values out instead` }]);
  }
  if (data === null || data === undefined) return fail([{ line: 1, col: 1, message: EMPTY }]);
  if (typeof data !== 'object' || Array.isArray(data)) {
    const what = Array.isArray(data) ? 'a list' : `a single value (${JSON.stringify(String(data).slice(0, 40))})`;
    return fail([{ ...locator.at([]), message: `a runbook is a mapping of keys (drp: 1, title: …, steps: …), not ${what}` }]);
  }

  const parsed = RunbookSchema.safeParse(data);
  const problems = parsed.success ? [] : zodIssueProblems(parsed.error.issues, data, locator);
  problems.push(...semanticProblems(data as Record<string, unknown>, locator));
  if (problems.length > 0 || !parsed.success) return fail(problems);

  const runbook = parsed.data;
  runbook.id ??= defaultId(fileName);
  return { ok: true, runbook };
}

/** The id a runbook gets from its file name when it names none. */
export function defaultId(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return slug(base.replace(/\.ya?ml$/i, '')) || 'runbook';
}

function precheck(text: string): Problem | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RUNBOOK_BYTES) {
    return { line: 1, col: 1, message: `file is ${(bytes / 1_048_576).toFixed(1)} MB; a runbook is at most 1 MB: is this the right file?` };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { ...position(text, nul), message: 'this is a binary file, not YAML text: point drp at a .yaml runbook' };
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) return { ...position(text, bad), message: 'not UTF-8 text: save the runbook as UTF-8' };
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return { line: 1, col: 1, message: EMPTY };
  return textNestingProblem(text);
}

/** 1-based line and column of an offset, without a parsed document. */
function position(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

function firstAlias(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node)) offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function fail(problems: Problem[]): LoadResult {
  const seen = new Set<string>();
  const sorted = problems
    .filter((problem) => {
      const key = `${problem.line}:${problem.col}:${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
  if (sorted.length <= MAX_PROBLEMS) return { ok: false, problems: sorted };
  const next = sorted[MAX_PROBLEMS] as Problem;
  const more = sorted.length - MAX_PROBLEMS;
  return {
    ok: false,
    problems: [...sorted.slice(0, MAX_PROBLEMS), { line: next.line, col: next.col, message: `… and ${more} more problem${more === 1 ? '' : 's'} from here on: fix the ones above and validate again` }],
  };
}
