/**
 * A session in one line (for `drp sessions` and the "Previous drills" table) and the verdicts the
 * report and that line share: how the session ended and whether the RTO was met. Pure.
 */
import { formatDuration, parseDuration } from '../runbook/duration.js';
import type { Mode, SessionEvent } from '../session/events.js';
import { replay, type SessionState } from '../session/state.js';
import type { History, Met, Outcome } from './schema.js';
import { iso } from './time.js';

/** One past or unfinished session. */
export interface SessionSummary {
  id: string;
  /** The runbook's id. */
  runbook: string;
  title: string;
  mode: Mode;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms; undefined while the session is unfinished. */
  endedAt?: number;
  /** From the start to the end, or to the last event while unfinished. */
  durationMs: number;
  outcome: Outcome;
  rtoMet: Met;
}

/** The runbook's id, or its file name when the journal's copy has none. */
export function runbookId(state: SessionState): string {
  if (state.runbook.id) return state.runbook.id;
  const name = state.file.split(/[\\/]/).pop() ?? state.file;
  return name.replace(/\.ya?ml$/i, '');
}

/**
 * How the session ended. Unfinished: `interrupted` when the operator left (q, Ctrl-C, SIGHUP)
 * and nothing ran since; otherwise `in progress`, which is also what a kill -9 leaves, since a
 * journal cannot tell a dead process from a live one.
 */
export function sessionOutcome(state: SessionState): Outcome {
  if (state.finished) return state.finished.outcome;
  const interrupted = state.interruptions.at(-1);
  const resumed = state.resumes.at(-1);
  if (interrupted && (!resumed || resumed.at <= interrupted.at) && state.lastAt <= interrupted.at) return 'interrupted';
  return 'in progress';
}

/** The end of the session, or its last event while unfinished: "now" for a report is the journal's now. */
export function sessionEnd(state: SessionState): number {
  return state.finished?.at ?? state.lastAt;
}

/**
 * The RTO row: from impact to the end. Met only when the run completed within the RTO: a failed or
 * aborted run did not recover the service, whatever the clock says. Unfinished: `no` once the RTO
 * has passed (it can no longer be met), else `not yet`.
 */
export function rtoVerdict(state: SessionState): { actualMs: number; met: Met; note: string | null } {
  const rto = parseDuration(state.runbook.objectives.rto) ?? Infinity;
  const actualMs = sessionEnd(state) - state.impactAt;
  const outcome = sessionOutcome(state);
  if (outcome === 'completed') {
    const margin = Number.isFinite(rto) ? `${formatDuration(Math.abs(rto - actualMs))} ${actualMs <= rto ? 'to spare' : 'over'}` : null;
    return { actualMs, met: actualMs <= rto ? 'yes' : 'no', note: margin };
  }
  if (outcome === 'failed' || outcome === 'aborted') return { actualMs, met: 'no', note: `recovery not completed (${outcome})` };
  return actualMs > rto ? { actualMs, met: 'no', note: `${outcome}; the RTO has passed` } : { actualMs, met: 'not yet', note: `${outcome}; clock read at the last event` };
}

/** A journal's one-line summary, or undefined when it has no session.started. */
export function summarizeSession(events: readonly SessionEvent[]): SessionSummary | undefined {
  const state = replay(events);
  if (!state) return undefined;
  return {
    id: state.session,
    runbook: runbookId(state),
    title: state.runbook.title,
    mode: state.mode,
    startedAt: state.startedAt,
    endedAt: state.finished?.at,
    durationMs: sessionEnd(state) - state.startedAt,
    outcome: sessionOutcome(state),
    rtoMet: rtoVerdict(state).met,
  };
}

const FINISHED: readonly Outcome[] = ['completed', 'failed', 'aborted'];
/** How many rows the "Previous drills" table keeps, and how many finished runs the trend reads. */
const HISTORY_ROWS = 10;
const TREND_RUNS = 5;

/** The earlier plays of the current session's runbook, oldest first, and the trend over the last few finished ones. */
export function historyOf(current: SessionSummary, all: readonly SessionSummary[]): History {
  const earlier = all
    .filter((s) => s.runbook === current.runbook && s.id !== current.id && s.startedAt < current.startedAt)
    .sort((a, b) => a.startedAt - b.startedAt)
    .slice(-HISTORY_ROWS);
  const rows = earlier.map((s) => ({
    session: s.id,
    startedAt: iso(s.startedAt),
    mode: s.mode,
    durationMs: FINISHED.includes(s.outcome) ? s.durationMs : null,
    outcome: s.outcome,
    rtoMet: s.rtoMet,
  }));
  return { rows, trend: trendLine([...earlier, current].filter((s) => FINISHED.includes(s.outcome)).slice(-TREND_RUNS)) };
}

/** "RTO met in 3 of the last 4 drills; duration 12m00s → 9m00s". */
export function trendLine(finished: readonly SessionSummary[]): string {
  if (finished.length === 0) return 'No finished run of this runbook is recorded yet.';
  const noun = finished.every((s) => s.mode === 'drill') ? 'drill' : 'run';
  const met = finished.filter((s) => s.rtoMet === 'yes').length;
  const first = finished[0]!;
  const last = finished.at(-1)!;
  if (finished.length === 1) return `RTO ${met === 1 ? 'met' : 'missed'} in the only finished ${noun} recorded; duration ${formatDuration(first.durationMs)}.`;
  return `RTO met in ${met} of the last ${finished.length} ${noun}s; duration ${formatDuration(first.durationMs)} → ${formatDuration(last.durationMs)}.`;
}
