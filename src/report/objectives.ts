/** The objectives table (SPEC §4.2): RTO, RPO and each phase's estimate against what happened. Pure. */
import { formatDuration, parseDuration } from '../runbook/duration.js';
import type { SessionState } from '../session/state.js';
import { runDuration, type StepRun } from './runs.js';
import type { Met, Objective } from './schema.js';
import { rtoVerdict } from './summary.js';
import { utc } from './time.js';

/** Every row: RTO first, then RPO, then one per phase in runbook order. */
export function objectiveRows(state: SessionState, runs: readonly StepRun[]): Objective[] {
  return [rtoRow(state), rpoRow(state), ...phaseRows(state, runs)];
}

function rtoRow(state: SessionState): Objective {
  const target = state.runbook.objectives.rto;
  const { actualMs, met, note } = rtoVerdict(state);
  return { kind: 'rto', name: 'RTO (full recovery)', target, targetMs: parseDuration(target) ?? null, actualMs, actual: formatDuration(actualMs), met, note };
}

/**
 * Data lost is impact start minus the recovery point (the newest backup's time, which a check
 * recorded). A backup newer than the impact loses nothing: the actual is then 0, not negative.
 */
function rpoRow(state: SessionState): Objective {
  const target = state.runbook.objectives.rpo ?? null;
  const targetMs = target ? (parseDuration(target) ?? null) : null;
  const point = state.recoveryPoint;
  const base = { kind: 'rpo' as const, name: 'RPO (data loss)', target, targetMs };
  if (!point) return { ...base, actualMs: null, actual: 'not measured', met: target ? 'not measured' : 'no target', note: 'no recovery point was recorded (an s3 check records the newest backup)' };
  const actualMs = Math.max(0, state.impactAt - point.point);
  const met: Met = targetMs === null ? 'no target' : actualMs <= targetMs ? 'yes' : 'no';
  return { ...base, actualMs, actual: formatDuration(actualMs), met, note: `recovery point ${utc(point.point)} from ${point.source} (step ${point.step})` };
}

/** A phase's actual time: from its first step's start to its last step's end. */
function phaseRows(state: SessionState, runs: readonly StepRun[]): Objective[] {
  return (state.runbook.phases ?? []).map((phase, index) => {
    const target = phase.estimate ?? null;
    const targetMs = target ? (parseDuration(target) ?? null) : null;
    const base = { kind: 'phase' as const, name: `Phase ${index + 1}: ${phase.title}`, target, targetMs };
    const mine = runs.filter((run) => run.phase === index);
    if (mine.length === 0) return { ...base, actualMs: null, actual: 'not run', met: target ? 'not measured' : 'no target', note: null };
    const start = Math.min(...mine.map((run) => run.startedAt));
    const open = mine.some((run) => !run.finished);
    const end = open ? state.lastAt : Math.max(...mine.map((run) => (run.finished?.at ?? run.startedAt)));
    const actualMs = end - start;
    const missed = targetMs !== null && actualMs > targetMs;
    const met: Met = targetMs === null ? 'no target' : missed ? 'no' : open ? 'not yet' : 'yes';
    const steps = new Set(mine.map((run) => run.step)).size;
    const durations = mine.map(runDuration).filter((d): d is number => d !== undefined);
    const working = durations.reduce((sum, d) => sum + d, 0);
    return { ...base, actualMs, actual: formatDuration(actualMs), met, note: `${steps} step${steps === 1 ? '' : 's'}${open ? ', still running' : ''}; ${formatDuration(working)} of it in steps` };
  });
}
