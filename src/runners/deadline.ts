/**
 * One attempt of a check runs under a deadline: the step's timeout and the operator's Ctrl-C,
 * combined into one AbortSignal that the drivers understand. Drivers that take no signal are
 * raced against it, so a hung server can never hold a step past its timeout.
 */
import { formatDuration } from '../runbook/duration.js';
import type { RunContext, RunResult } from './types.js';

/** When a step sets no timeout: long enough for a slow server, short enough for an incident. */
export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

/** Thrown (internally) when the deadline passes or the operator stops the check. */
export class DeadlineError extends Error {
  constructor(readonly why: 'timeout' | 'abort') {
    super(why === 'timeout' ? 'timed out' : 'stopped by the operator');
    this.name = 'DeadlineError';
  }
}

/** The combined timeout and cancel signal of one check attempt. */
export interface Deadline {
  /** Aborted, with a DeadlineError as its reason, when time is up or the operator stops the check. */
  readonly signal: AbortSignal;
  /** The timeout in ms (the step's, or DEFAULT_CHECK_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Resolves or rejects like the promise, or rejects with a DeadlineError first. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** The RunResult for a DeadlineError, or undefined for any other error. */
  result(error: unknown): RunResult | undefined;
  /** Stops the timer and detaches from the operator's signal. */
  dispose(): void;
}

/** Starts the deadline of one attempt. */
export function startDeadline(context: Pick<RunContext, 'signal' | 'timeoutMs'>): Deadline {
  const timeoutMs = context.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(new DeadlineError('abort'));
  if (context.signal.aborted) onAbort();
  else context.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DeadlineError('timeout')), timeoutMs);
  const signal = controller.signal;

  return {
    signal,
    timeoutMs,
    race<T>(promise: Promise<T>): Promise<T> {
      // The loser must not become an unhandled rejection after the race is decided.
      promise.catch(() => undefined);
      if (signal.aborted) return Promise.reject(signal.reason as Error);
      return new Promise<T>((resolve, reject) => {
        const onDeadline = (): void => reject(signal.reason as Error);
        signal.addEventListener('abort', onDeadline, { once: true });
        promise.then(
          (value) => {
            signal.removeEventListener('abort', onDeadline);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onDeadline);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    result(error: unknown): RunResult | undefined {
      // Drivers report our abort in their own words ("This operation was aborted"): the signal is the truth.
      const why = error instanceof DeadlineError ? error.why : signal.aborted ? (signal.reason as DeadlineError).why : undefined;
      if (why === 'timeout') return { ok: false, timedOut: true, summary: `timed out after ${formatDuration(timeoutMs)}` };
      if (why === 'abort') return { ok: false, aborted: true, summary: 'stopped by the operator' };
      return undefined;
    },
    dispose(): void {
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
    },
  };
}
