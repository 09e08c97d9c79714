/** The clocks of a session: the incident clock against the RTO, projected finish, escalations and update reminders due. */
import { parseDuration } from '../runbook/duration.js';
import type { Step } from '../runbook/schema.js';
import { flatSteps } from '../runbook/steps.js';
import { followingStep } from './flow.js';
import type { SessionState } from './state.js';

export interface ClockReading {
  /** ms since impact began. */
  elapsed: number;
  rto: number;
  /** elapsed / rto. */
  fraction: number;
  /** Epoch ms: now plus the estimates of the steps still ahead. */
  projectedFinish: number;
  /** Epoch ms when the RTO runs out. */
  deadline: number;
  /** The current step's elapsed time and estimate, when it is running. */
  step?: { id: string; elapsed: number; estimate?: number };
}

/** Reads the clocks at `now`. */
export function readClock(state: SessionState, now: number): ClockReading {
  const rto = parseDuration(state.runbook.objectives.rto) ?? 0;
  const elapsed = now - state.impactAt;
  const ahead = remainingEstimate(state, now);
  const current = state.cursor ? state.steps[state.cursor] : undefined;
  const step = current?.status === 'running' && current.startedAt !== undefined ? { id: current.id, elapsed: now - current.startedAt, estimate: estimateOf(state, current.id) } : undefined;
  return { elapsed, rto, fraction: rto > 0 ? elapsed / rto : 0, projectedFinish: now + ahead, deadline: state.impactAt + rto, step };
}

function estimateOf(state: SessionState, id: string): number | undefined {
  const step = flatSteps(state.runbook).find((placed) => placed.step.id === id)?.step;
  return step?.estimate ? parseDuration(step.estimate) : undefined;
}

/** ms of work still ahead: the rest of the current step and the estimates of the steps after it along the flow. */
export function remainingEstimate(state: SessionState, now: number): number {
  if (state.finished) return 0;
  const byId = new Map<string, Step>(flatSteps(state.runbook).map(({ step }) => [step.id, step]));
  let total = 0;
  const seen = new Set<string>();
  let id = state.cursor;
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    const step = byId.get(id);
    if (!step) break;
    const stepState = state.steps[id];
    const estimate = step.estimate ? (parseDuration(step.estimate) ?? 0) : 0;
    if (stepState?.status === 'running' && stepState.startedAt !== undefined) total += Math.max(0, estimate - (now - stepState.startedAt));
    else if (stepState?.status === 'pending' || stepState?.status === 'failed' || stepState?.status === 'interrupted') total += estimate;
    if (state.mode === 'drill' && step.only === 'incident') total -= estimate;
    const goto = stepState?.choice?.goto ?? step.choices?.[0]?.goto;
    id = followingStep(state.runbook, id, goto);
  }
  return Math.max(0, total);
}

/** Escalation levels whose threshold the incident clock has passed and that were not raised yet. */
export function escalationsDue(state: SessionState, now: number): number[] {
  const raised = new Set(state.escalations.map((e) => e.level));
  const elapsed = now - state.impactAt;
  const due: number[] = [];
  (state.runbook.escalation ?? []).forEach((level, index) => {
    const after = parseDuration(level.after);
    if (after !== undefined && elapsed >= after && !raised.has(index)) due.push(index);
  });
  return due;
}

/** The number of the status update reminder due now, if one is (counted from the session's start). */
export function updateDue(state: SessionState, now: number): number | undefined {
  const every = state.runbook.updates ? parseDuration(state.runbook.updates.every) : undefined;
  if (!every) return undefined;
  const count = Math.floor((now - state.startedAt) / every);
  return count > state.updates.length ? state.updates.length + 1 : undefined;
}

/** Whether the RTO was met by a finish at `at`. */
export function rtoMet(state: SessionState, at: number): boolean {
  const rto = parseDuration(state.runbook.objectives.rto) ?? Infinity;
  return at - state.impactAt <= rto;
}

/** Whether the RPO was met: data lost is impact start minus the recovery point. Undefined when no recovery point was recorded. */
export function rpoMet(state: SessionState): boolean | undefined {
  const rpo = state.runbook.objectives.rpo ? parseDuration(state.runbook.objectives.rpo) : undefined;
  if (rpo === undefined || !state.recoveryPoint) return undefined;
  return state.impactAt - state.recoveryPoint.point <= rpo;
}
