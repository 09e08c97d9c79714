/**
 * The session state as a pure fold of its journal events. `reduce` never does IO and never
 * throws on an event it does not know (a newer drp may have written it).
 */
import type { Runbook, Step } from '../runbook/schema.js';
import { flatSteps } from '../runbook/steps.js';
import type { CheckDetails, Mode, OutputLine, SessionEvent, StepStatus, VarSource } from './events.js';
import { firstStep, followingStep } from './flow.js';

/** One step's state. */
export interface StepState {
  id: string;
  status: StepStatus;
  attempts: number;
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  command?: string;
  edited?: boolean;
  exitCode?: number | null;
  signal?: string | null;
  reason?: string;
  tail?: OutputLine[];
  check?: CheckDetails;
  log?: string;
  outputBytes?: number;
  /** The process group of its command while it runs. */
  pgid?: number;
  /** Ticked items of a checklist step. */
  ticked: boolean[];
  choice?: { index: number; label: string; goto?: string };
  input?: { var: string; value: string };
  retries: number;
  by?: string;
}

/** An ad-hoc command the operator ran outside the runbook. */
export interface AdhocRun extends StepState {
  adhoc: true;
}

export interface VarState {
  value: string;
  secret: boolean;
  source: VarSource;
}

export interface SessionState {
  session: string;
  runbook: Runbook;
  file: string;
  digest: string;
  mode: Mode;
  operator: string;
  host: string;
  startedAt: number;
  impactAt: number;
  interactive: boolean;
  /** The step to do next; undefined once the runbook's end is reached. */
  cursor: string | undefined;
  /** Step ids in the order they were started (a step may appear twice after a goto back). */
  path: string[];
  steps: Record<string, StepState>;
  adhoc: AdhocRun[];
  vars: Record<string, VarState>;
  notes: { at: number; step?: string; text: string; by: string }[];
  escalations: { at: number; level: number; to: string; contact?: string; after: string }[];
  updates: { at: number; count: number; message: string }[];
  recoveryPoint?: { point: number; source: string; step: string };
  interruptions: { at: number; reason: string }[];
  resumes: { at: number; operator: string; host: string }[];
  finished?: { at: number; outcome: 'completed' | 'failed' | 'aborted'; exitCode: number; rtoMet: boolean; rpoMet?: boolean; reason?: string };
  /** Time of the last event: the "now" of a replayed session. */
  lastAt: number;
}

/** The state before any step ran, from a session.started event. */
export function initialState(event: Extract<SessionEvent, { type: 'session.started' }>): SessionState {
  const steps: Record<string, StepState> = {};
  for (const { step } of flatSteps(event.runbook)) steps[step.id] = emptyStep(step);
  return {
    session: event.session,
    runbook: event.runbook,
    file: event.file,
    digest: event.digest,
    mode: event.mode,
    operator: event.operator,
    host: event.host,
    startedAt: event.at,
    impactAt: event.impactAt,
    interactive: event.interactive,
    cursor: firstStep(event.runbook),
    path: [],
    steps,
    adhoc: [],
    vars: {},
    notes: [],
    escalations: [],
    updates: [],
    interruptions: [],
    resumes: [],
    lastAt: event.at,
  };
}

function emptyStep(step: Step): StepState {
  return { id: step.id, status: 'pending', attempts: 0, ticked: (step.checklist ?? []).map(() => false), retries: 0 };
}

/** Folds one event into the state. Returns a new state object; unchanged parts are shared. */
export function reduce(state: SessionState, event: SessionEvent): SessionState {
  const next: SessionState = { ...state, lastAt: Math.max(state.lastAt, event.at) };
  switch (event.type) {
    case 'session.started':
      return initialState(event);
    case 'session.resumed':
      next.resumes = [...state.resumes, { at: event.at, operator: event.operator, host: event.host }];
      next.interactive = event.interactive;
      next.operator = event.operator;
      return next;
    case 'var.set':
      next.vars = { ...state.vars, [event.name]: { value: event.value, secret: event.secret, source: event.source } };
      return next;
    case 'step.started': {
      const fields = { status: 'running' as const, startedAt: event.at, attempts: event.attempt, command: event.command, edited: event.edited, log: event.log, finishedAt: undefined, durationMs: undefined, exitCode: undefined, signal: undefined, reason: undefined, tail: undefined, check: undefined, outputBytes: 0, pgid: undefined };
      if (event.adhoc) {
        next.adhoc = [...state.adhoc, { ...emptyAdhoc(event.step), ...fields }];
        return next;
      }
      next.steps = { ...state.steps, [event.step]: { ...stepOf(state, event.step), ...fields } };
      next.path = [...state.path, event.step];
      return next;
    }
    case 'command.spawned':
      return updateStep(next, event.step, (step) => ({ ...step, pgid: event.pgid }));
    case 'output.stored':
      return updateStep(next, event.step, (step) => ({ ...step, outputBytes: event.bytes }));
    case 'step.retry':
      return updateStep(next, event.step, (step) => ({ ...step, retries: step.retries + 1, reason: event.reason }));
    case 'step.finished': {
      const updated = updateStep(next, event.step, (step) => ({
        ...step,
        status: event.status,
        attempts: Math.max(step.attempts, event.attempt),
        finishedAt: event.at,
        durationMs: event.durationMs ?? (step.startedAt !== undefined ? event.at - step.startedAt : undefined),
        exitCode: event.exitCode,
        signal: event.signal,
        reason: event.reason,
        tail: event.tail ?? step.tail,
        check: event.check,
        by: event.by,
      }));
      if (isAdhoc(state, event.step) || state.cursor !== event.step) return updated;
      const advances = event.status === 'ok' || event.status === 'skipped' || event.status === 'unattended' || (event.status === 'failed' && event.continued === true);
      if (advances) updated.cursor = followingStep(state.runbook, event.step, updated.steps[event.step]?.choice?.goto);
      return updated;
    }
    case 'checklist.ticked':
      return updateStep(next, event.step, (step) => {
        const ticked = [...step.ticked];
        ticked[event.item] = event.checked;
        return { ...step, ticked };
      });
    case 'choice.made':
      return updateStep(next, event.step, (step) => ({ ...step, choice: { index: event.choice, label: event.label, goto: event.goto } }));
    case 'input.given':
      next.vars = { ...state.vars, [event.var]: { value: event.value, secret: event.secret, source: 'input' } };
      return updateStep(next, event.step, (step) => ({ ...step, input: { var: event.var, value: event.value } }));
    case 'note.added':
      next.notes = [...state.notes, { at: event.at, step: event.step, text: event.text, by: event.by }];
      return next;
    case 'escalation.raised':
      next.escalations = [...state.escalations, { at: event.at, level: event.level, to: event.to, contact: event.contact, after: event.after }];
      return next;
    case 'update.reminded':
      next.updates = [...state.updates, { at: event.at, count: event.count, message: event.message }];
      return next;
    case 'recovery_point.recorded':
      next.recoveryPoint = { point: event.point, source: event.source, step: event.step };
      return next;
    case 'session.interrupted':
      next.interruptions = [...state.interruptions, { at: event.at, reason: event.reason }];
      return next;
    case 'session.finished':
      next.finished = { at: event.at, outcome: event.outcome, exitCode: event.exitCode, rtoMet: event.rtoMet, rpoMet: event.rpoMet, reason: event.reason };
      next.cursor = undefined;
      return next;
    default:
      return state;
  }
}

function emptyAdhoc(id: string): AdhocRun {
  return { id, status: 'pending', attempts: 0, ticked: [], retries: 0, adhoc: true };
}

function isAdhoc(state: SessionState, id: string): boolean {
  return state.steps[id] === undefined && state.adhoc.some((run) => run.id === id);
}

function stepOf(state: SessionState, id: string): StepState {
  return state.steps[id] ?? { id, status: 'pending', attempts: 0, ticked: [], retries: 0 };
}

function updateStep(state: SessionState, id: string, change: (step: StepState) => StepState): SessionState {
  if (state.steps[id] === undefined) {
    const index = state.adhoc.findLastIndex((run) => run.id === id);
    if (index < 0) return state;
    const adhoc = [...state.adhoc];
    adhoc[index] = { ...(change(adhoc[index] as AdhocRun) as AdhocRun), adhoc: true };
    return { ...state, adhoc };
  }
  return { ...state, steps: { ...state.steps, [id]: change(stepOf(state, id)) } };
}

/**
 * Folds a whole journal. The first event must be session.started. An output.stored followed by
 * another for the same step changes nothing the next one does not overwrite, so it is not
 * folded: long commands leave one every second and a big journal is mostly those.
 */
export function replay(events: readonly SessionEvent[]): SessionState | undefined {
  const first = events[0];
  if (first?.type !== 'session.started') return undefined;
  let state = initialState(first);
  for (let i = 1; i < events.length; i++) {
    const event = events[i] as SessionEvent;
    const next = events[i + 1];
    if (event.type === 'output.stored' && next?.type === 'output.stored' && next.step === event.step) {
      state.lastAt = Math.max(state.lastAt, event.at);
      continue;
    }
    state = reduce(state, event);
  }
  return state;
}

/** The runbook step a state's cursor points at. */
export function currentStep(state: SessionState): Step | undefined {
  if (state.cursor === undefined) return undefined;
  return flatSteps(state.runbook).find(({ step }) => step.id === state.cursor)?.step;
}

/** The step that is running (a killed process leaves one behind in the journal). */
export function runningStep(state: SessionState): StepState | undefined {
  return Object.values(state.steps).find((step) => step.status === 'running') ?? state.adhoc.find((run) => run.status === 'running');
}
