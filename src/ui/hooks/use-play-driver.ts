/**
 * The TUI as a driver of the session (the unattended loop is the other one): it carries out the
 * effects the play reducer queues, through Session methods only, and does what needs no one —
 * skipping steps of the other mode, skipping an interrupted `on_resume: skip` step, finishing the
 * session at the end of the runbook.
 */
import { useEffect, useRef, useState, type Dispatch } from 'react';
import type { Session, StepOutcome } from '../../engine/session.js';
import type { SessionState } from '../../session/state.js';
import type { Effect, PlayAction, PlayUi } from '../play-state.js';

/** How the play screen ends. */
export type PlayEnd = { kind: 'finished' } | { kind: 'quit' };

/** Carries out `ui.outbox` and the automatic steps; calls `onEnd` once the session is finished or left. */
export function usePlayDriver(session: Session, state: SessionState, ui: PlayUi, dispatch: Dispatch<PlayAction>, onEnd: (end: PlayEnd) => void): void {
  const inflight = useRef<Promise<StepOutcome | undefined> | undefined>(undefined);
  const ended = useRef(false);
  // Bumped when a run settles, so the automatic steps look again even if no event followed.
  const [settled, setSettled] = useState(0);
  const end = useRef(onEnd);
  end.current = onEnd;

  const fail = (error: unknown): void => {
    dispatch({ type: 'banner', banner: { at: Date.now(), kind: 'notice', text: `drp: ${(error as Error).message}` } });
  };

  useEffect(() => {
    if (ui.outbox.length === 0) return;
    const effects = ui.outbox;
    dispatch({ type: 'taken', count: effects.length });
    for (const effect of effects) {
      try {
        perform(effect);
      } catch (error) {
        fail(error);
      }
    }
  }, [ui.outbox]);

  function track(run: Promise<StepOutcome>): void {
    const tracked = run.catch((error: unknown) => {
      fail(error);
      return undefined;
    });
    inflight.current = tracked;
    void tracked.finally(() => {
      if (inflight.current === tracked) inflight.current = undefined;
      setSettled((n) => n + 1);
    });
  }

  function perform(effect: Effect): void {
    const by = session.state.operator;
    switch (effect.type) {
      case 'run': {
        if (inflight.current) return;
        const onFail = session.current()?.on_fail;
        track(session.runStep({ command: effect.command, continueOnFail: onFail === 'continue' }));
        return;
      }
      case 'adhoc':
        if (!inflight.current) track(session.adhoc(effect.command));
        return;
      case 'complete':
        session.complete('ok', by);
        return;
      case 'tick':
        session.tick(effect.item, effect.checked);
        return;
      case 'choose':
        session.choose(effect.index, by);
        return;
      case 'input': {
        const problem = session.giveInput(effect.value, by);
        if (problem) dispatch({ type: 'rejected', purpose: 'input', text: effect.value, problem });
        return;
      }
      case 'skip':
        session.skip(effect.reason, by);
        return;
      case 'continue':
        session.continuePastFailure(by);
        return;
      case 'abort': {
        const current = session.current();
        const failed = current !== undefined && session.state.steps[current.id]?.status === 'failed';
        session.finish(failed ? 'failed' : 'aborted', effect.reason);
        return;
      }
      case 'note':
        session.note(effect.text, by);
        return;
      case 'stop':
        session.stopRunning();
        return;
      case 'quit':
        void quit();
        return;
    }
  }

  async function quit(): Promise<void> {
    if (ended.current) return;
    ended.current = true;
    try {
      session.interrupt('quit');
    } catch (error) {
      fail(error);
    }
    await inflight.current;
    end.current({ kind: 'quit' });
  }

  // What needs no one, looked at after every change of the session's state.
  useEffect(() => {
    if (ended.current) return;
    const now = session.state;
    if (now.finished) {
      if (!inflight.current) {
        ended.current = true;
        end.current({ kind: 'finished' });
      }
      return;
    }
    if (inflight.current) return;
    try {
      const step = session.current();
      if (!step) {
        session.finish('completed');
        return;
      }
      const status = now.steps[step.id]?.status;
      if (status === 'pending' && session.skipsInMode(step)) {
        session.skip(`${step.only} only; this is ${now.mode === 'drill' ? 'a drill' : 'an incident'}`, 'drp');
      } else if (status === 'interrupted' && step.on_resume === 'skip') {
        session.skip('interrupted mid-step earlier; on_resume: skip (it must never run twice)', 'drp');
      } else if (status === 'pending' && step.run === undefined && step.check === undefined) {
        // A manual step, decision, input or checklist is on screen now: its clock starts, so the
        // report's duration is the time the operator spent on it.
        session.begin();
      }
    } catch (error) {
      fail(error);
    }
  }, [state, settled]);
}
