/**
 * Whether a parsed journal line is an event the fold can take. A journal can hold garbage: a
 * torn line, a disk that came back with NULs after a crash, a line someone pasted, a file
 * concatenated with another. Such a line is skipped (and counted) by parseJournal instead of
 * reaching `reduce`, which trusts the shapes in events.ts. Types this drp does not know are
 * kept: a newer drp may have written them, and `reduce` ignores them.
 */
import type { SessionEvent } from '../session/events.js';

type Json = Record<string, unknown>;
type Check = (event: Json) => boolean;

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const optional = (value: unknown, test: (value: unknown) => boolean): boolean => value === undefined || test(value);
const nullable = (value: unknown): boolean => value === undefined || value === null || isNumber(value) || isString(value);

const STATUSES = new Set(['ok', 'failed', 'skipped', 'interrupted', 'unattended']);
const OUTCOMES = new Set(['completed', 'failed', 'aborted']);

/** The runbook inside session.started: enough of it for the fold and the clocks to walk. */
function isRunbook(value: unknown): boolean {
  if (!isObject(value) || !isObject(value.objectives)) return false;
  const isSteps = (steps: unknown): boolean => Array.isArray(steps) && steps.every((step) => isObject(step) && isString(step.id));
  if (value.steps !== undefined) return isSteps(value.steps);
  return Array.isArray(value.phases) && value.phases.every((phase) => isObject(phase) && isSteps(phase.steps));
}

const isTail = (value: unknown): boolean => Array.isArray(value) && value.every((line) => isObject(line) && isString(line.text) && isString(line.stream));

const SHAPES: Record<SessionEvent['type'], Check> = {
  'session.started': (e) => isString(e.session) && isRunbook(e.runbook) && isString(e.file) && (e.mode === 'incident' || e.mode === 'drill') && isNumber(e.impactAt) && isString(e.operator) && isString(e.host) && isBoolean(e.interactive),
  'session.resumed': (e) => isString(e.operator) && isString(e.host) && isBoolean(e.interactive),
  'var.set': (e) => isString(e.name) && isString(e.value) && isBoolean(e.secret) && isString(e.source),
  'step.started': (e) => isString(e.step) && isNumber(e.attempt) && optional(e.command, isString),
  'command.spawned': (e) => isString(e.step) && Number.isInteger(e.pgid) && (e.pgid as number) > 1,
  'output.stored': (e) => isString(e.step) && isNumber(e.bytes),
  'step.finished': (e) => isString(e.step) && isString(e.status) && STATUSES.has(e.status) && isNumber(e.attempt) && optional(e.tail, isTail) && optional(e.check, isObject) && optional(e.reason, isString) && nullable(e.exitCode),
  'step.retry': (e) => isString(e.step) && isNumber(e.attempt) && isString(e.reason) && isNumber(e.nextAt),
  'checklist.ticked': (e) => isString(e.step) && Number.isInteger(e.item) && (e.item as number) >= 0 && (e.item as number) < 10_000 && isBoolean(e.checked),
  'choice.made': (e) => isString(e.step) && isNumber(e.choice) && isString(e.label) && optional(e.goto, isString),
  'input.given': (e) => isString(e.step) && isString(e.var) && isString(e.value) && isBoolean(e.secret),
  'note.added': (e) => isString(e.text) && isString(e.by) && optional(e.step, isString),
  'escalation.raised': (e) => isNumber(e.level) && isString(e.to) && isString(e.after) && optional(e.contact, isString),
  'update.reminded': (e) => isNumber(e.count) && isString(e.message),
  'recovery_point.recorded': (e) => isNumber(e.point) && isString(e.source) && isString(e.step),
  'session.interrupted': (e) => isString(e.reason),
  'session.finished': (e) => isString(e.outcome) && OUTCOMES.has(e.outcome) && isNumber(e.exitCode) && isBoolean(e.rtoMet) && optional(e.rpoMet, isBoolean),
};

/**
 * Whether a parsed line is an event: an object with a string `type` and a numeric `at`, in the
 * shape its type requires. `first` tells whether it is the journal's first event: a journal
 * begins with its one session.started, and a second one (another session's journal appended
 * to this one) would silently restart the fold.
 */
export function isEvent(value: unknown, first: boolean): value is SessionEvent {
  if (!isObject(value) || !isString(value.type) || !isNumber(value.at)) return false;
  if (value.type === 'session.started' && !first) return false;
  return shapeOk(value);
}

function shapeOk(value: Json): boolean {
  const check = Object.hasOwn(SHAPES, value.type as string) ? SHAPES[value.type as SessionEvent['type']] : undefined;
  return check === undefined || check(value);
}
