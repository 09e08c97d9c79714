/** The play reducer's view of a session state: the current step's kind, status, items and rules. */
import { stepKind } from '../runbook/schema.js';
import { flatSteps } from '../runbook/steps.js';
import { currentStep, type SessionState } from '../session/state.js';
import type { PlayView } from './play-state.js';

/**
 * Whether a command or check runs now. A manual step, a checklist or a decision is also `running`
 * once the operator began it (the engine records when it started), but nothing runs then.
 */
export function commandRunning(state: SessionState): boolean {
  if (state.adhoc.some((run) => run.status === 'running')) return true;
  return flatSteps(state.runbook).some(({ step }) => (step.run !== undefined || step.check !== undefined) && state.steps[step.id]?.status === 'running');
}

/** What the keys of the play screen depend on, read from the session state. */
export function playViewOf(state: SessionState): PlayView {
  const running = commandRunning(state);
  const step = currentStep(state);
  if (!step || state.finished) return { running };
  const kind = stepKind(step);
  const stepState = state.steps[step.id];
  const secret = step.input ? step.input.secret === true || state.runbook.vars?.[step.input.var]?.secret === true : false;
  return {
    running,
    step: {
      id: step.id,
      kind,
      status: stepState?.status ?? 'pending',
      items: step.choices?.length ?? step.checklist?.length ?? 0,
      ticked: stepState?.ticked ?? [],
      confirm: step.confirm,
      // In the TUI a failure asks by default (SPEC §2); `stop` still lets the operator re-run or skip, not continue.
      onFail: step.on_fail ?? 'ask',
      command: step.run,
      input: step.input ? { var: step.input.var, pattern: step.input.pattern ?? state.runbook.vars?.[step.input.var]?.pattern, secret } : undefined,
    },
  };
}
