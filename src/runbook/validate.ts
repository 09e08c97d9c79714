/**
 * The rules of SPEC §2 that a JSON Schema cannot state: one kind per step, unique ids, goto and
 * next targets, declared variables, regexes that compile, secrets without defaults. They run over
 * the raw parsed data, defensively, so that a file with schema errors still gets every problem
 * reported in one run.
 */
import type { Locator, Path } from './locate.js';
import type { Problem } from './problem.js';
import { parsePattern, parseRegexLiteral } from './regex.js';
import { CHECK_KINDS, STEP_KINDS } from './schema.js';
import { closest } from './suggest.js';
import { BUILTIN_VARS, findVarRefs } from './vars.js';

type Raw = Record<string, unknown>;

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

/** How to name a place in the runbook in a message: `in step "x"` and the key. */
export function describePath(data: unknown, path: Path): { in: string; name: string } {
  const stepAt = findStepIndex(path);
  let context = '';
  if (stepAt !== undefined) {
    let node: unknown = data;
    for (const segment of path.slice(0, stepAt + 1)) node = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
    const id = isRecord(node) && typeof node.id === 'string' ? node.id : `#${String(path[stepAt])}`;
    context = ` in step "${id}"`;
  } else if (path[0] === 'vars' && path.length >= 2) {
    context = ` in variable "${String(path[1])}"`;
  }
  const rest = stepAt !== undefined ? path.slice(stepAt + 1) : path[0] === 'vars' ? path.slice(2) : path;
  const key = rest.filter((segment) => typeof segment === 'string').join('.') || (stepAt !== undefined ? 'step' : 'runbook');
  return { in: context, name: `${key}${context}` };
}

function findStepIndex(path: Path): number | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    if (path[i] === 'steps' && typeof path[i + 1] === 'number') return i + 1;
  }
  return undefined;
}

/** Every semantic problem of a parsed runbook. */
export function semanticProblems(data: Raw, at: Locator): Problem[] {
  const problems: Problem[] = [];
  const add = (pos: { line: number; col: number }, message: string): void => void problems.push({ ...pos, message });

  // steps or phases
  const hasSteps = data.steps !== undefined;
  const hasPhases = data.phases !== undefined;
  if (!hasSteps && !hasPhases) add(at.at([]), 'no steps: add "steps:" (a list of steps) or "phases:" (steps grouped into timed phases)');
  if (hasSteps && hasPhases) add(at.at(['phases'], 'key'), 'both "steps" and "phases": use one; put every step inside a phase');

  const steps = rawSteps(data);

  // unique ids
  const firstSeen = new Map<string, Path>();
  for (const { step, path } of steps) {
    if (typeof step.id !== 'string') continue;
    const first = firstSeen.get(step.id);
    if (first) add(at.at([...path, 'id']), `duplicate step id "${step.id}" (first used at line ${at.at([...first, 'id']).line}): ids must be unique`);
    else firstSeen.set(step.id, path);
  }
  const ids = [...firstSeen.keys()];

  // declared variables
  const vars = isRecord(data.vars) ? data.vars : {};
  const declared = new Set<string>([...Object.keys(vars), ...Object.keys(BUILTIN_VARS)]);
  for (const { step } of steps) if (isRecord(step.input) && typeof step.input.var === 'string') declared.add(step.input.var);

  for (const [name, spec] of Object.entries(vars)) {
    if (!isRecord(spec)) continue;
    if (spec.secret === true && spec.default !== undefined) {
      add(at.at(['vars', name, 'default'], 'key'), `variable "${name}" is secret and has a default: a secret never lives in a runbook; remove "default" and set "env:" or "prompt:"`);
    }
    if (typeof spec.pattern === 'string') {
      const compiled = parsePattern(spec.pattern);
      if (typeof compiled === 'string') add(at.at(['vars', name, 'pattern']), compiled);
    }
    for (const key of ['default', 'drill', 'prompt', 'description']) {
      if (typeof spec[key] === 'string') checkRefs(['vars', name, key], spec[key]);
    }
  }

  for (const { step, path } of steps) {
    const id = typeof step.id === 'string' ? step.id : `#${String(path.at(-1))}`;
    const kinds = STEP_KINDS.filter((kind) => step[kind] !== undefined);
    if (kinds.length === 0) {
      add(at.at(path), `step "${id}" has no kind: give it exactly one of ${STEP_KINDS.join(', ')}`);
    } else if (kinds.length > 1) {
      add(at.at([...path, kinds[1] ?? ''], 'key'), `step "${id}" has ${kinds.length} kinds (${kinds.join(' and ')}): a step does one thing; split it into ${kinds.length} steps`);
    }
    if (isRecord(step.check)) {
      const checkKinds = CHECK_KINDS.filter((kind) => step.check && (step.check as Raw)[kind] !== undefined);
      if (checkKinds.length === 0 && Object.keys(step.check).every((key) => (CHECK_KINDS as readonly string[]).includes(key))) {
        add(at.at([...path, 'check']), `check in step "${id}" names no check: use one of ${CHECK_KINDS.join(', ')}`);
      } else if (checkKinds.length > 1) {
        add(at.at([...path, 'check', checkKinds[1] ?? ''], 'key'), `check in step "${id}" has ${checkKinds.join(' and ')}: one check per step; split it`);
      }
      const s3 = (step.check as Raw).s3;
      if (isRecord(s3) && s3.newer_than === 'rpo' && !(isRecord(data.objectives) && data.objectives.rpo !== undefined)) {
        add(at.at([...path, 'check', 's3', 'newer_than']), 'newer_than: rpo, but the runbook has no objectives.rpo: add one or write a duration');
      }
      const http = (step.check as Raw).http;
      if (isRecord(http) && typeof http.body === 'string') regex([...path, 'check', 'http', 'body'], http.body);
    }
    if (step.run !== undefined && kinds.length === 1 && isRecord(step.expect) && typeof step.expect.output === 'string') {
      regex([...path, 'expect', 'output'], step.expect.output);
    }
    if (step.expect !== undefined && step.run === undefined) add(at.at([...path, 'expect'], 'key'), `"expect" in step "${id}" applies to commands only: the step has no "run"`);
    if (isRecord(step.input) && typeof step.input.pattern === 'string') {
      const compiled = parsePattern(step.input.pattern);
      if (typeof compiled === 'string') add(at.at([...path, 'input', 'pattern']), compiled);
    }

    // flow targets
    const target = (where: Path, value: unknown, what: string): void => {
      if (typeof value !== 'string' || ids.includes(value)) return;
      const guess = closest(value, ids);
      add(at.at(where), `${what} "${value}" in step "${id}" is not a step id${guess ? `; did you mean "${guess}"?` : ''}`);
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
      const guess = closest(ref.name, declared);
      add(
        at.inText(path, `\${${ref.name}}`, occurrence),
        `variable "${ref.name}" is used but not declared${guess ? `; did you mean "${guess}"?` : `: declare it under "vars:"`} (write $\${${ref.name}} for a literal, or $${ref.name} for a shell variable)`,
      );
    }
  }

  function regex(path: Path, text: string): void {
    const compiled = parseRegexLiteral(text);
    if (typeof compiled === 'string' && /^\/.*\/[a-z]*$/s.test(text)) add(at.at(path), compiled);
  }
}

function walkStrings(value: unknown, path: Path, visit: (path: Path, text: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, [...path, i], visit));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
}
