/**
 * The one place the UI listens to the engine: the session's state on every event, the clock once a
 * second (which also raises due escalations and update reminders), and the live output at most
 * ~15 times a second — a flood of output never re-renders per chunk, and under a flood (more
 * than a screenful between two frames) only ~8 times a second: each frame costs Ink work per
 * character on screen, and nobody reads faster. Only the output's bounded tail (a copy of at most
 * TAIL_LINES lines) reaches React; the pane slices it to what is visible.
 */
import { useEffect, useRef, useState } from 'react';
import type { Session } from '../../engine/session.js';
import type { StepOutput } from '../../engine/output.js';
import type { OutputLine, SessionEvent } from '../../session/events.js';
import type { SessionState } from '../../session/state.js';

/** How often the live output is looked at: ~15 frames a second at most. */
export const OUTPUT_FRAME_MS = 66;
/** Under a flood: ~8 frames a second. */
export const FLOOD_FRAME_MS = 125;
/** More new output than this between two frames (about a screenful of lines) is a flood. */
const FLOOD_BYTES = 4096;
/** How often the clock ticks (and escalations are checked). */
export const CLOCK_MS = 1000;

/** The output shown: the last lines of the step (or ad-hoc command) that ran last. */
export interface LiveOutput {
  step?: string;
  lines: OutputLine[];
  /** Bumped when the lines change. */
  version: number;
}

/** What the play screen renders from. */
export interface SessionSnapshot {
  state: SessionState;
  now: number;
  output: LiveOutput;
}

/** Subscribes to a session; `onEvent` sees every event after it is journaled (for banners). */
export function useSession(session: Session, onEvent?: (event: SessionEvent, state: SessionState) => void): SessionSnapshot {
  const [state, setState] = useState(session.state);
  const [now, setNow] = useState(() => Date.now());
  const [output, setOutput] = useState<LiveOutput>({ lines: [], version: 0 });
  const source = useRef<{ step: string; output: StepOutput; seen: number; bytes: number } | undefined>(undefined);
  const listener = useRef(onEvent);
  listener.current = onEvent;

  useEffect(() => {
    const take = (step: string): void => {
      if (session.live) source.current = { step, output: session.live, seen: -1, bytes: session.live.bytes };
    };
    if (session.live) {
      const running = Object.values(session.state.steps).find((s) => s.status === 'running') ?? session.state.adhoc.find((s) => s.status === 'running');
      take(running?.id ?? '');
    }
    const unsubscribe = session.subscribe((next, event) => {
      setState(next);
      // The engine sets `live` right after journaling step.started, before its first await.
      if (event.type === 'step.started') queueMicrotask(() => take(event.step));
      listener.current?.(event, next);
    });
    let frames: ReturnType<typeof setTimeout>;
    const frame = (): void => {
      const current = source.current;
      let wait = OUTPUT_FRAME_MS;
      if (current && current.output.version !== current.seen) {
        if (current.output.bytes - current.bytes > FLOOD_BYTES) wait = FLOOD_FRAME_MS;
        current.seen = current.output.version;
        current.bytes = current.output.bytes;
        setOutput((old) => ({ step: current.step, lines: current.output.tail(), version: old.version + 1 }));
      }
      frames = setTimeout(frame, wait);
    };
    frames = setTimeout(frame, OUTPUT_FRAME_MS);
    const clock = setInterval(() => {
      setNow(Date.now());
      try {
        session.pollClock();
      } catch {
        // a journal that cannot be written shows up on the next step; the clock keeps ticking
      }
    }, CLOCK_MS);
    return () => {
      unsubscribe();
      clearTimeout(frames);
      clearInterval(clock);
    };
  }, [session]);

  return { state, now, output };
}
