/**
 * The journal's events (SPEC §3). Each is one JSON line in journal.jsonl, made durable before the
 * screen shows it as done. The session state is a pure fold of them (state.ts): the TUI, `resume`
 * and the report all read the same events. Times are epoch milliseconds.
 */
import type { Runbook } from '../runbook/schema.js';

/** incident (default) or drill (uses `drill:` values, skips `only: incident` steps). */
export type Mode = 'incident' | 'drill';

/** A step's status: one union, never a set of booleans. */
export type StepStatus = 'pending' | 'running' | 'ok' | 'failed' | 'skipped' | 'interrupted' | 'unattended';

/** Where a variable's value came from. */
export type VarSource = 'cli' | 'answers' | 'drill' | 'env' | 'default' | 'prompt' | 'input' | 'builtin';

/** One line of a command's output, kept in the bounded tail. */
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** What a built-in check found, as the report shows it. */
export interface CheckDetails {
  kind: string;
  /** One line an operator understands: "3 rows, n = 50012 (min 1)", "HTTP 503 from /health". */
  summary: string;
  /** Structured facts: query and row, count found, newest key and its age, status and body start. */
  facts?: Record<string, unknown>;
}

interface Base {
  /** Epoch ms when the event happened. */
  at: number;
}

export interface SessionStarted extends Base {
  type: 'session.started';
  session: string;
  /** The runbook as parsed when the session began: resume and the report never depend on the file changing later. */
  runbook: Runbook;
  file: string;
  /** sha256 of the runbook text, to tell a resumed session its file has changed. */
  digest: string;
  mode: Mode;
  /** When impact began (the incident clock's zero); equals `at` unless backdated with --impact-at. */
  impactAt: number;
  operator: string;
  host: string;
  pid: number;
  interactive: boolean;
  version: string;
}

export interface SessionResumed extends Base {
  type: 'session.resumed';
  operator: string;
  host: string;
  pid: number;
  interactive: boolean;
}

export interface VarSet extends Base {
  type: 'var.set';
  name: string;
  /** The value, or `***` for a secret (secrets never reach the journal). */
  value: string;
  secret: boolean;
  source: VarSource;
}

export interface StepStarted extends Base {
  type: 'step.started';
  step: string;
  attempt: number;
  /** The command as run, after substitution, secrets masked. */
  command?: string;
  /** The command differs from the runbook's (the operator edited it): a deviation. */
  edited?: boolean;
  /** An ad-hoc command that is not in the runbook: a deviation. */
  adhoc?: boolean;
  /** Where the full output goes, relative to the session folder. */
  log?: string;
}

/** A command's process started: its process group, so that a resume can stop what a killed drp left running. */
export interface CommandSpawned extends Base {
  type: 'command.spawned';
  step: string;
  /** The process group id (the shell's pid; every process of the step is in this group). */
  pgid: number;
}

export interface OutputStored extends Base {
  type: 'output.stored';
  step: string;
  /** Bytes of output written to the step's log so far (cumulative). */
  bytes: number;
}

export interface StepFinished extends Base {
  type: 'step.finished';
  step: string;
  status: Exclude<StepStatus, 'pending' | 'running'>;
  attempt: number;
  durationMs?: number;
  exitCode?: number | null;
  signal?: string | null;
  timedOut?: boolean;
  /** Why: the failure, the operator's reason for a skip, "incident only", "interrupted". */
  reason?: string;
  /** The last lines of output, redacted. */
  tail?: OutputLine[];
  check?: CheckDetails;
  /** A failure the runbook says to continue past (`on_fail: continue`) or the operator chose to. */
  continued?: boolean;
  /** Who: `unattended`, `operator`, or the operator's name. */
  by?: string;
  /** The step's estimate in ms, when it has one (duration vs estimate). */
  estimateMs?: number;
  /** When the session would finish at this point: now plus the estimates of the steps ahead (epoch ms). */
  projectedFinish?: number;
}

export interface StepRetry extends Base {
  type: 'step.retry';
  step: string;
  attempt: number;
  reason: string;
  /** When the next attempt starts. */
  nextAt: number;
}

export interface ChecklistTicked extends Base {
  type: 'checklist.ticked';
  step: string;
  item: number;
  checked: boolean;
}

export interface ChoiceMade extends Base {
  type: 'choice.made';
  step: string;
  choice: number;
  label: string;
  goto?: string;
}

export interface InputGiven extends Base {
  type: 'input.given';
  step: string;
  var: string;
  /** `***` when secret. */
  value: string;
  secret: boolean;
}

export interface NoteAdded extends Base {
  type: 'note.added';
  step?: string;
  text: string;
  by: string;
}

export interface EscalationRaised extends Base {
  type: 'escalation.raised';
  /** Index in runbook.escalation. */
  level: number;
  to: string;
  contact?: string;
  /** The threshold it passed, as written (e.g. 30m). */
  after: string;
}

export interface UpdateReminded extends Base {
  type: 'update.reminded';
  count: number;
  message: string;
}

export interface RecoveryPointRecorded extends Base {
  type: 'recovery_point.recorded';
  /** The newest backup's timestamp (epoch ms). */
  point: number;
  /** e.g. s3://bucket/key */
  source: string;
  step: string;
}

export interface SessionInterrupted extends Base {
  type: 'session.interrupted';
  /** SIGINT, SIGHUP, SIGTERM, or `quit` when the operator left with q. */
  reason: string;
}

export interface SessionFinished extends Base {
  type: 'session.finished';
  outcome: 'completed' | 'failed' | 'aborted';
  exitCode: number;
  rtoMet: boolean;
  rpoMet?: boolean;
  reason?: string;
}

export type SessionEvent =
  | SessionStarted
  | SessionResumed
  | VarSet
  | StepStarted
  | CommandSpawned
  | OutputStored
  | StepFinished
  | StepRetry
  | ChecklistTicked
  | ChoiceMade
  | InputGiven
  | NoteAdded
  | EscalationRaised
  | UpdateReminded
  | RecoveryPointRecorded
  | SessionInterrupted
  | SessionFinished;

export type EventType = SessionEvent['type'];

/** An event as the engine hands it over, before the journal stamps it. */
export type NewEvent = SessionEvent extends infer E ? (E extends SessionEvent ? Omit<E, 'at'> & { at?: number } : never) : never;
