/**
 * The runs of a session's steps, in the order they ran. The folded SessionState keeps only a
 * step's last run; the report needs every one (a failure and its re-run, a goto back, the run a
 * kill -9 cut short and the one after the resume), so it walks the events itself.
 */
import { parseDuration } from '../runbook/duration.js';
import type { Runbook, Step } from '../runbook/schema.js';
import { flatSteps } from '../runbook/steps.js';
import type { OutputLine, SessionEvent, StepFinished } from '../session/events.js';

/** One run of a step: opened by step.started (or by a step.finished alone, for a skip), closed by step.finished. */
export interface StepRun {
  step: string;
  title: string;
  phase?: number;
  adhoc: boolean;
  startedAt: number;
  /**
   * Tries within this run: 1 plus its retries. Not the journal's `attempt`, which counts every
   * start of the step in the session (a re-run after a crash is attempt 2 but tried once).
   */
  attempts: number;
  command?: string;
  edited: boolean;
  log?: string;
  outputBytes?: number;
  retries: { at: number; reason: string }[];
  /** Who drove the session when the run began, and whether interactively: the default "who". */
  driver: { operator: string; interactive: boolean };
  finished?: StepFinished;
  /** A session.resumed came (at `at`) while this run was open: its process died mid-step, some time after `lastSeen`, the last event before the resume. */
  cutShort?: { at: number; lastSeen: number };
  estimateMs?: number;
  /** The last lines of output, as step.finished recorded them (already masked). */
  tail: OutputLine[];
}

/** Every run, in the order they started. */
export function collectRuns(events: readonly SessionEvent[], runbook: Runbook): StepRun[] {
  const placed = new Map(flatSteps(runbook).map((p) => [p.step.id, p]));
  const runs: StepRun[] = [];
  const open = new Map<string, StepRun>();
  // Runs a crash cut short, until the engine records them as interrupted or runs the step again.
  const cut = new Map<string, StepRun>();
  let driver = { operator: '', interactive: false };
  // When the step now current was put in front of the operator: the end of the step before it,
  // or the session's start or resume. Manual, decision, input and checklist steps record no
  // step.started, so this is their start.
  let shownAt = 0;
  let lastSeen = 0;

  const start = (id: string, at: number, adhoc: boolean): StepRun => {
    const where = placed.get(id);
    const step: Step | undefined = where?.step;
    const run: StepRun = {
      step: id,
      title: step?.title ?? (adhoc ? 'Ad-hoc command' : id),
      phase: where?.phase,
      adhoc,
      startedAt: at,
      attempts: 1,
      edited: false,
      retries: [],
      driver: { ...driver },
      estimateMs: step?.estimate ? parseDuration(step.estimate) : undefined,
      tail: [],
    };
    runs.push(run);
    open.set(id, run);
    return run;
  };

  for (const event of events) {
    switch (event.type) {
      case 'session.started':
        driver = { operator: event.operator, interactive: event.interactive };
        shownAt = event.at;
        break;
      case 'session.resumed':
        // A run still open when the session resumes was cut short by a crash (kill -9, lost SSH).
        // The engine may also record it as interrupted; either way the next step.started is a new run.
        for (const run of open.values()) {
          run.cutShort = { at: event.at, lastSeen };
          cut.set(run.step, run);
        }
        open.clear();
        driver = { operator: event.operator, interactive: event.interactive };
        shownAt = event.at;
        break;
      case 'step.started': {
        cut.delete(event.step);
        const current = open.get(event.step);
        // Another attempt of a run still open is the same run polling (retry), not a new one.
        const run = current && !event.adhoc ? current : start(event.step, event.at, event.adhoc === true);
        run.command = event.command ?? run.command;
        run.edited ||= event.edited === true;
        run.log = event.log ?? run.log;
        break;
      }
      case 'output.stored': {
        const run = open.get(event.step);
        if (run) run.outputBytes = event.bytes;
        break;
      }
      case 'step.retry': {
        const run = open.get(event.step) ?? lastRunOf(runs, event.step);
        if (run) {
          run.retries.push({ at: event.at, reason: event.reason });
          run.attempts = run.retries.length + 1;
        }
        break;
      }
      case 'step.finished': {
        const wasCut = event.status === 'interrupted' ? cut.get(event.step) : undefined;
        cut.delete(event.step);
        const run = open.get(event.step) ?? wasCut ?? start(event.step, Math.min(shownAt, event.at), false);
        run.finished = event;
        if (!run.adhoc) shownAt = event.at;
        if (event.tail) run.tail = event.tail;
        open.delete(event.step);
        break;
      }
      default:
        break;
    }
    lastSeen = Math.max(lastSeen, event.at);
  }
  return runs;
}

function lastRunOf(runs: StepRun[], id: string): StepRun | undefined {
  return runs.findLast((run) => run.step === id);
}

/** The status of a run, as the report shows it. */
export function runStatus(run: StepRun): 'running' | StepFinished['status'] {
  if (run.finished) return run.finished.status;
  return run.cutShort ? 'interrupted' : 'running';
}

/** How long a run took; undefined while it runs or when a crash cut it short. */
export function runDuration(run: StepRun): number | undefined {
  if (!run.finished) return undefined;
  if (run.finished.durationMs !== undefined) return run.finished.durationMs;
  // Recorded at the resume: the time between the crash and the resume is not the step's.
  return run.cutShort ? undefined : run.finished.at - run.startedAt;
}

/** Who did a run: the name recorded with it, the operator for `operator`, else who drove the session then. */
export function runBy(run: StepRun): string {
  const by = run.finished?.by;
  if (by === 'operator') return run.driver.operator || 'operator';
  if (by) return by;
  return run.driver.interactive ? run.driver.operator || 'operator' : 'unattended';
}
