/**
 * Deviations (SPEC §4.5): everything that did not go as the runbook says, with the reason that was
 * recorded. What counts, and why, is in docs/decisions.md ("Reports"). Pure.
 */
import { formatDuration } from '../runbook/duration.js';
import { flatSteps } from '../runbook/steps.js';
import type { SessionState } from '../session/state.js';
import { runDuration, runStatus, type StepRun } from './runs.js';
import type { Deviation } from './schema.js';
import { iso } from './time.js';

type Draft = Omit<Deviation, 'at' | 'offsetMs'> & { at: number };

/** Every deviation, in time order. */
export function deviationsOf(state: SessionState, runs: readonly StepRun[]): Deviation[] {
  const out: Draft[] = [];
  const add = (at: number, kind: Deviation['kind'], step: string | null, what: string, reason?: string, command?: string): void => {
    out.push({ at, kind, step, what, reason: reason ?? null, command: command ?? null });
  };

  for (const run of runs) {
    const status = runStatus(run);
    // A run a crash cut short ended, as far as anyone knows, at the last event before the resume.
    const end = run.cutShort?.lastSeen ?? run.finished?.at ?? run.startedAt;
    const reason = run.finished?.reason;
    const name = `"${run.title}"`;
    if (run.adhoc) add(run.startedAt, 'adhoc', run.step, `Ran an ad-hoc command, not in the runbook${run.finished ? ` (${exitText(run)})` : ''}`, reason, run.command);
    else if (run.edited) add(run.startedAt, 'edited', run.step, `Ran ${name} with an edited command`, undefined, run.command);
    if (run.retries.length > 0) {
      const times = run.retries.length === 1 ? 'once' : `${run.retries.length} times`;
      add(run.retries[0]!.at, 'retry', run.step, `Retried ${name} ${times} before it ${status === 'ok' ? 'passed' : status === 'running' ? 'was cut short' : `ended ${status}`}`, run.retries.at(-1)!.reason);
    }
    if (status === 'skipped') add(end, 'skip', run.step, `Skipped ${name}`, reason ?? 'no reason recorded');
    if (status === 'failed') add(end, 'failure', run.step, `${name} failed (${exitText(run)})${run.finished?.continued ? '; the run continued past it' : ''}`, reason);
    if (status === 'interrupted') add(end, 'interruption', run.step, `${name} was interrupted${run.cutShort ? ' (drp stopped mid-step; last sign of life at this time)' : ''}`, reason);
    if (status === 'unattended') add(end, 'unattended', run.step, `${name} was recorded as unattended: nobody confirmed it`, reason);
    const duration = runDuration(run);
    if ((status === 'ok' || status === 'failed') && duration !== undefined && run.estimateMs !== undefined && duration > run.estimateMs) {
      add(end, 'missed-estimate', run.step, `${name} took ${formatDuration(duration)} against an estimate of ${formatDuration(run.estimateMs)} (+${formatDuration(duration - run.estimateMs)})`);
    }
  }

  for (const [id, step] of Object.entries(state.steps)) {
    const missing = step.ticked.map((ticked, index) => (ticked ? undefined : index)).filter((i): i is number => i !== undefined);
    const ran = runs.findLast((run) => run.step === id && run.finished);
    const status = ran ? runStatus(ran) : undefined;
    if (!ran || missing.length === 0 || (status !== 'ok' && status !== 'unattended')) continue;
    const items = runbookChecklist(state, id);
    add(ran.finished!.at, 'checklist', id, `${missing.length} of ${step.ticked.length} checklist items of "${ran.title}" not ticked: ${missing.map((i) => items[i] ?? `#${i + 1}`).join('; ')}`);
  }

  for (const stop of state.interruptions) add(stop.at, 'interruption', null, stop.reason === 'quit' ? 'The operator left the session (q)' : `The session was interrupted (${stop.reason})`);
  for (const resume of state.resumes) add(resume.at, 'resume', null, `Resumed by ${resume.operator} on ${resume.host}`);

  return out
    .map((draft, order) => ({ draft, order }))
    .sort((a, b) => a.draft.at - b.draft.at || a.order - b.order)
    .map(({ draft }) => ({ ...draft, at: iso(draft.at), offsetMs: draft.at - state.impactAt }));
}

function exitText(run: StepRun): string {
  const f = run.finished;
  if (!f) return 'no exit recorded';
  if (f.timedOut) return 'timed out';
  if (f.signal) return `killed by ${f.signal}`;
  if (f.check) return f.check.summary;
  return f.exitCode === undefined || f.exitCode === null ? 'no exit code' : `exit ${f.exitCode}`;
}

function runbookChecklist(state: SessionState, id: string): string[] {
  return flatSteps(state.runbook).find(({ step }) => step.id === id)?.step.checklist ?? [];
}
