/**
 * The one interface every step kind that executes implements (STYLE habit 2): config, a cancel
 * signal and an output sink in; a result out. Runners know nothing of display or the journal.
 */
import type { CheckDetails } from '../session/events.js';

/** Where a runner writes what it prints. */
export interface OutputSink {
  write(stream: 'stdout' | 'stderr', chunk: Buffer | string): void;
}

export interface RunContext {
  /** Aborted when the operator stops the step (Ctrl-C) or the session is interrupted. */
  signal: AbortSignal;
  /** The step's timeout, if any. */
  timeoutMs?: number;
  output: OutputSink;
  /** The runbook's RPO in ms, for checks that compare ages with it (`newer_than: rpo`). */
  rpoMs?: number;
  /** The session's secrets, for runners that must mask text they build themselves (URLs, errors). */
  redact(text: string): string;
  /** Told the process group of a command as soon as it starts (so a later drp can stop what a killed one left running). */
  onSpawn?(pgid: number): void;
}

export interface RunResult {
  ok: boolean;
  /** Why it failed, in words an operator understands; or what a check found. */
  summary: string;
  exitCode?: number | null;
  signal?: string | null;
  timedOut?: boolean;
  /** Stopped by the operator or the session, not failed by itself. */
  aborted?: boolean;
  check?: CheckDetails;
  /** The newest backup's timestamp, when a check found one (the session's recovery point). */
  recoveryPoint?: { point: number; source: string };
}

export interface Runner<Config> {
  run(config: Config, context: RunContext): Promise<RunResult>;
}
