/**
 * The rules of SPEC §2 that a JSON Schema cannot state: one kind per step, unique ids, goto and
 * next targets, declared variables, regexes that compile, secrets without defaults. They run over
 * the raw parsed data, defensively, so that a file with schema errors still gets every problem
 * reported in one run.
 */
import type { Locator, Path } from './locate.js';
import type { Problem } from './problem.js';
import { parsePattern, parseRegexLiteral } from './regex.js';
import { CHECK_KINDS, REGEX_LITERAL_PATTERN, STEP_KINDS } from './schema.js';
import { describePath } from './describe.js';
import { parseDuration } from './duration.js';
import { closest } from './suggest.js';
import { BUILTIN_VARS, findVarRefs } from './vars.js';

type Raw = Record<string, unknown>;

/** What to do about a regex that does not compile. */
const REGEX_HINT = '; to match ( ) [ ] { } * + ? . | or \\ literally, put a \\ before it';

/** Did-you-mean suggestions computed per runbook, at most. */
const MAX_GUESSES = 200;

const isRecord = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A step of the raw data and where it sits. */
interface RawStep {
  step: Raw;
  path: Path;
}

/** Every step with its path, across `steps:` and `phases:`. */
function rawSteps(data: Raw): RawStep[] {
  const out: RawStep[] = [];
  if (Array.isArray(data.steps)) data.steps.forEach((step, i) => isRecord(step) && out.push({ step, path: ['steps', i] }));
  if (Array.isArray(data.phases)) {
    data.phases.forEach((phase, p) => {
      if (isRecord(phase) && Array.isArray(phase.steps)) {
        phase.steps.forEach((step, i) => isRecord(step) && out.push({ step, path: ['phases', p, 'steps', i] }));
      }
    });
  }
  return out;
}

/** Every semantic problem of a parsed runbook. */
export function semanticProblems(data: Raw, at: Locator): Problem[] {
  const problems: Problem[] = [];
  const add = (pos: { line: number; col: number }, message: string): void => void problems.push({ ...pos, message });
  // A did-you-mean compares a word with every candidate; a crafted file with thousands of bad
  // references would make that quadratic, and only the first problems are shown anyway.
  let guesses = 0;
  const guess = (word: string, candidates: Iterable<string>): string | undefined => (++guesses <= MAX_GUESSES ? closest(word, candidates) : undefined);

  // steps or phases
  const hasSteps = data.steps !== undefined;
  const hasPhases = data.phases !== undefined;
  const misspelt = Object.keys(data).some((key) => closest(key, ['steps', 'phases']) !== undefined);
  if (!hasSteps && !hasPhases && !misspelt) add(at.at([]), 'no steps: add "steps:" (a list of steps) or "phases:" (steps grouped into timed phases)');
  if (hasSteps && hasPhases) add(at.at(['phases'], 'key'), 'both "steps" and "phases": use one; put every step inside a phase');

  const steps = rawSteps(data);

  // phase ids, when given, are unique too (the report names phases by them)
  if (Array.isArray(data.phases)) {
    const phaseIds = new Map<string, number>();
    data.phases.forEach((phase, p) => {
      if (!isRecord(phase) || typeof phase.id !== 'string') return;
      const first = phaseIds.get(phase.id);
      if (first === undefined) phaseIds.set(phase.id, p);
      else add(at.at(['phases', p, 'id']), `duplicate phase id "${phase.id}" (first used at line ${at.at(['phases', first, 'id']).line}): ids must be unique; rename this one`);
    });
  }

  // unique ids
  const firstSeen = new Map<string, Path>();
  for (const { step, path } of steps) {
    if (typeof step.id !== 'string') continue;
    const first = firstSeen.get(step.id);
    if (first) add(at.at([...path, 'id']), `duplicate step id "${step.id}" (first used at line ${at.at([...first, 'id']).line}): ids must be unique; rename this one`);
    else firstSeen.set(step.id, path);
  }
  const ids = new Set(firstSeen.keys());

  // declared variables
  const vars = isRecord(data.vars) ? data.vars : {};
  const declared = new Set<string>([...Object.keys(vars), ...Object.keys(BUILTIN_VARS)]);
  for (const { step } of steps) if (isRecord(step.input) && typeof step.input.var === 'string') declared.add(step.input.var);

  for (const [name, spec] of Object.entries(vars)) {
    if (!isRecord(spec)) continue;
    if (spec.secret === true && spec.default !== undefined) {
      add(at.at(['vars', name, 'default'], 'key'), `variable "${name}" is secret and has a default: a secret never lives in a runbook; remove "default" and set "env:" or "prompt:"`);
    }
    if (spec.secret === true && spec.drill !== undefined) {
      add(at.at(['vars', name, 'drill'], 'key'), `variable "${name}" is secret and has a drill value: a secret never lives in a runbook, not even staging's; remove "drill" and give drills their own variable (e.g. ${name}_STAGING with env:)`);
    }
    if (typeof spec.pattern === 'string') {
      const compiled = parsePattern(spec.pattern);
      if (typeof compiled === 'string') add(at.at(['vars', name, 'pattern']), `pattern in variable "${name}": ${compiled}${REGEX_HINT}`);
    }
    for (const key of ['default', 'drill', 'prompt', 'description']) {
      if (typeof spec[key] === 'string') checkRefs(['vars', name, key], spec[key]);
    }
  }

  for (const { step, path } of steps) {
    const label = typeof step.id === 'string' && step.id !== '' ? `step "${step.id}"` : `step #${Number(path.at(-1)) + 1}`;
    // In file order, so that "the second kind" is the one written second.
    const kinds = Object.keys(step).filter((key) => (STEP_KINDS as readonly string[]).includes(key) && step[key] !== undefined);
    if (kinds.length === 0) {
      add(at.at(path), `${label} has no kind: give it exactly one of run (a command), check, choices, do (manual instructions), input, checklist`);
    } else if (kinds.length > 1) {
      add(at.at([...path, kinds[1] ?? ''], 'key'), `${label} has ${kinds.length} kinds (${kinds.join(' and ')}): a step does one thing; split it into ${kinds.length} steps`);
    }
    if (isRecord(step.check)) {
      const check = step.check;
      const checkKinds = Object.keys(check).filter((key) => (CHECK_KINDS as readonly string[]).includes(key) && check[key] !== undefined);
      if (checkKinds.length === 0 && Object.keys(step.check).every((key) => (CHECK_KINDS as readonly string[]).includes(key))) {
        add(at.at([...path, 'check']), `check in ${label} names no check: use one of ${CHECK_KINDS.join(', ')}, e.g. check: { http: { url: … } }`);
      } else if (checkKinds.length > 1) {
        add(at.at([...path, 'check', checkKinds[1] ?? ''], 'key'), `check in ${label} has ${checkKinds.join(' and ')}: one check per step; split it into ${checkKinds.length} steps`);
      }
      const s3 = (step.check as Raw).s3;
      if (isRecord(s3) && s3.newer_than === 'rpo' && !(isRecord(data.objectives) && data.objectives.rpo !== undefined)) {
        add(at.at([...path, 'check', 's3', 'newer_than']), `newer_than: rpo in ${label}, but the runbook has no objectives.rpo: add one (objectives: { rto: …, rpo: 24h }) or write a duration here`);
      }
      const http = (step.check as Raw).http;
      if (isRecord(http) && typeof http.body === 'string') regex([...path, 'check', 'http', 'body'], http.body);
    }
    if (step.run !== undefined && kinds.length === 1 && isRecord(step.expect) && typeof step.expect.output === 'string') {
      regex([...path, 'expect', 'output'], step.expect.output);
    }
    if (step.expect !== undefined && step.run === undefined) add(at.at([...path, 'expect'], 'key'), `"expect" in ${label} applies to commands only and this step has no "run"; a check states what it expects inside "check:"`);
    // Keys the engine reads only for commands (and checks): elsewhere they would be silently ignored.
    if (kinds.length === 1) {
      for (const key of ['timeout', 'retry', 'on_fail', 'cwd'] as const) {
        const forChecks = key !== 'cwd';
        if (step[key] === undefined || step.run !== undefined || (forChecks && step.check !== undefined)) continue;
        add(at.at([...path, key], 'key'), `"${key}" in ${label} applies to ${forChecks ? 'commands and checks' : 'commands'} only, and this is a "${kinds[0]}" step: remove it`);
      }
    }
    timing(path, step);
    if (isRecord(step.input) && typeof step.input.pattern === 'string') {
      const compiled = parsePattern(step.input.pattern);
      if (typeof compiled === 'string') add(at.at([...path, 'input', 'pattern']), `input.pattern in ${label}: ${compiled}${REGEX_HINT}`);
    }

    // flow targets
    const target = (where: Path, value: unknown, what: string): void => {
      if (typeof value !== 'string' || ids.has(value)) return;
      const match = guess(value, ids);
      add(at.at(where), `${what} "${value}" in ${label} is not a step id${match ? `; did you mean "${match}"?` : ''}`);
    };
    target([...path, 'next'], step.next, 'next');
    if (Array.isArray(step.choices)) step.choices.forEach((choice, i) => isRecord(choice) && target([...path, 'choices', i, 'goto'], choice.goto, 'goto'));

    // variables used
    for (const key of ['title', 'description', 'run', 'do', 'cwd', 'confirm']) if (typeof step[key] === 'string') checkRefs([...path, key], step[key]);
    if (isRecord(step.input) && typeof step.input.prompt === 'string') checkRefs([...path, 'input', 'prompt'], step.input.prompt);
    if (Array.isArray(step.checklist)) step.checklist.forEach((item, i) => typeof item === 'string' && checkRefs([...path, 'checklist', i], item));
    if (Array.isArray(step.choices)) step.choices.forEach((choice, i) => isRecord(choice) && typeof choice.label === 'string' && checkRefs([...path, 'choices', i, 'label'], choice.label));
    if (step.check !== undefined) walkStrings(step.check, [...path, 'check'], checkRefs);
  }
  if (typeof data.title === 'string') checkRefs(['title'], data.title);

  return problems;

  function checkRefs(path: Path, text: string): void {
    const seen = new Map<string, number>();
    for (const ref of findVarRefs(text)) {
      const occurrence = seen.get(ref.name) ?? 0;
      seen.set(ref.name, occurrence + 1);
      if (declared.has(ref.name)) continue;
      const match = guess(ref.name, declared);
      add(
        at.varRef(path, ref.name, occurrence),
        `variable "${ref.name}" is used but not declared${match ? `; did you mean "${match}"?` : `: declare it under "vars:"`} (write $\${${ref.name}} for a literal, or $${ref.name} for a shell variable)`,
      );
    }
  }

  /** A zero timeout fails at once, a zero retry interval hammers the target, and a retry interval longer than its window never retries. */
  function timing(path: Path, step: Raw): void {
    if (typeof step.timeout === 'string' && parseDuration(step.timeout) === 0) add(at.at([...path, 'timeout']), `timeout in ${describePath(data, path).name}: 0s would fail at once; give the step time, e.g. 30s`);
    if (!isRecord(step.retry)) return;
    const every = typeof step.retry.every === 'string' ? parseDuration(step.retry.every) : undefined;
    const window = typeof step.retry.for === 'string' ? parseDuration(step.retry.for) : undefined;
    const where = describePath(data, path).name;
    if (every === 0) add(at.at([...path, 'retry', 'every']), `retry.every in ${where}: 0s would retry without pause; wait between tries, e.g. every: 30s`);
    else if (every !== undefined && window !== undefined && every > window) {
      add(at.at([...path, 'retry', 'every']), `retry.every in ${where} is longer than retry.for, so it never retries: make "every" shorter than "for" (e.g. every: 30s, for: 15m)`);
    }
  }

  function regex(path: Path, text: string): void {
    const compiled = parseRegexLiteral(text);
    // Text that is not /pattern/flags at all is reported by the schema.
    if (typeof compiled === 'string' && new RegExp(REGEX_LITERAL_PATTERN, 's').test(text)) add(at.at(path), `${describePath(data, path).name}: ${compiled}${/flag/i.test(compiled) ? '' : REGEX_HINT}`);
  }
}

function walkStrings(value: unknown, path: Path, visit: (path: Path, text: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, [...path, i], visit));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
}
