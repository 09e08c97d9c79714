/**
 * The unattended driver (scheduled drills, CI): commands and checks run, manual steps and
 * checklists are recorded `unattended` unless the answers give them, a decision or a dangerous
 * step without an answer stops the run (the session stays resumable with more answers).
 */
import type { Step } from '../runbook/schema.js';
import type { Answers } from './answers.js';
import type { Session } from './session.js';

export interface DriveResult {
  exitCode: number;
  /** Why the run stopped early, for the operator. */
  message?: string;
  /** The session ended (finished); false when it stopped resumable. */
  finished: boolean;
}

const BY = 'unattended';

/** Plays the session to its end (or to the first thing that needs a person). */
export async function playUnattended(session: Session, answers: Answers, isInterrupted: () => boolean): Promise<DriveResult> {
  const clock = setInterval(() => session.pollClock(), 1000);
  try {
    await session.stopLeftover();
    // A step the last process left interrupted: its on_resume says what to do (ask = re-run when unattended).
    const resumed = session.current();
    if (resumed && session.state.steps[resumed.id]?.status === 'interrupted' && resumed.on_resume === 'skip') {
      session.skip('interrupted mid-step earlier; on_resume: skip (it must never run twice)', BY);
    }
    for (;;) {
      session.pollClock();
      if (isInterrupted()) return { exitCode: 130, finished: false, message: 'interrupted; the session is resumable' };
      const step = session.current();
      if (!step) return { exitCode: session.finish('completed'), finished: true };
      if (session.skipsInMode(step)) {
        session.skip(`${step.only} only; this is ${session.state.mode === 'drill' ? 'a drill' : 'an incident'}`, BY);
        continue;
      }
      const answer = answers.steps[step.id];
      const stop = await playStep(session, step, answer);
      if (stop) return stop;
    }
  } finally {
    clearInterval(clock);
  }
}

async function playStep(session: Session, step: Step, answer: unknown): Promise<DriveResult | undefined> {
  if (step.run !== undefined || step.check !== undefined) {
    if (step.confirm !== undefined && String(answer ?? '') !== step.confirm) {
      return needs(session, `step "${step.id}" is dangerous and needs its confirmation word: add  ${step.id}: ${step.confirm}  under "steps:" in the --answers file`);
    }
    const onFail = step.on_fail ?? 'stop';
    const { status, result } = await session.runStep({ continueOnFail: onFail === 'continue' });
    if (status === 'interrupted') return { exitCode: 130, finished: false, message: 'interrupted; the session is resumable' };
    if (status === 'failed' && onFail !== 'continue') {
      return { exitCode: session.finish('failed', `step "${step.id}" failed: ${result.summary}`), finished: true, message: `step "${step.id}" failed: ${result.summary}` };
    }
    return undefined;
  }
  if (step.choices) {
    const index = choiceIndex(step, answer);
    if (index === undefined) {
      const options = step.choices.map((choice, i) => `${i + 1}. ${choice.label}`).join('; ');
      return needs(session, `decision "${step.id}" (${step.title}) needs an answer: add  ${step.id}: <label or number>  under "steps:" in the --answers file (${options})`);
    }
    session.choose(index, BY);
    return undefined;
  }
  if (step.input) {
    if (answer === undefined || answer === null) return needs(session, `input "${step.id}" (${step.input.prompt}) needs a value: add  ${step.id}: <value>  under "steps:" in the --answers file`);
    const problem = session.giveInput(String(answer), BY);
    if (problem) return needs(session, `input "${step.id}": ${problem}`);
    return undefined;
  }
  if (step.checklist) {
    const ticked = checklistTicks(step.checklist, answer);
    ticked.forEach((on, item) => on && session.tick(item, true));
    session.complete(ticked.length > 0 && ticked.every(Boolean) ? 'ok' : 'unattended', BY, ticked.some(Boolean) ? undefined : 'no one to tick it: unattended run');
    return undefined;
  }
  // a manual step
  const done = answer === true || answer === 'done' || answer === 'yes';
  session.complete(done ? 'ok' : 'unattended', BY, done ? undefined : 'manual step; no one to do it in an unattended run');
  return undefined;
}

/** Stops the run without finishing the session: it waits, resumable, for an answer. */
function needs(session: Session, message: string): DriveResult {
  session.note(`unattended run stopped: ${message}`, BY);
  return { exitCode: 1, finished: false, message };
}

function choiceIndex(step: Step, answer: unknown): number | undefined {
  const choices = step.choices ?? [];
  if (typeof answer === 'number' && Number.isInteger(answer) && answer >= 1 && answer <= choices.length) return answer - 1;
  if (typeof answer === 'string') {
    const byLabel = choices.findIndex((choice) => choice.label.toLowerCase() === answer.toLowerCase());
    if (byLabel >= 0) return byLabel;
    const byGoto = choices.findIndex((choice) => choice.goto === answer);
    if (byGoto >= 0) return byGoto;
    if (/^\d+$/.test(answer)) return choiceIndex(step, Number(answer));
  }
  return undefined;
}

function checklistTicks(items: string[], answer: unknown): boolean[] {
  if (answer === true || answer === 'all') return items.map(() => true);
  if (Array.isArray(answer)) {
    return items.map((item, i) => answer.some((a) => a === item || a === i + 1 || String(a).toLowerCase() === item.toLowerCase()));
  }
  return items.map(() => false);
}
