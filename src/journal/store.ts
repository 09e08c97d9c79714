/**
 * Where a session's journal lives. One small interface (append, replay, lock) so that the coming
 * PostgreSQL store for team sessions is one new file (SPEC §3).
 */
import { DrpError } from '../errors.js';
import type { SessionEvent } from '../session/events.js';

/** What replay found: the events, and how many unreadable lines were skipped. */
export interface Replayed {
  events: SessionEvent[];
  /** A torn last line (a kill mid-write) or garbage lines: skipped, never fatal. */
  skipped: number;
}

/** Proof that this process drives the session; release it when done. */
export interface Lock {
  release(): void;
}

export interface JournalStore {
  /** Appends one event; returns only once it is durable. Throws JournalWriteError if it cannot be. */
  append(event: SessionEvent): void;
  /** Every event written so far, in order. */
  replay(): Replayed;
  /** Takes the session's driver lock, or throws SessionLocked naming the holder. */
  lock(): Lock;
}

/**
 * The journal (or an output log beside it) cannot be written: the run must stop rather than
 * continue without a record. Exit 1; what is already journaled stays intact and resumable.
 */
export class JournalWriteError extends DrpError {
  constructor(
    message: string,
    readonly code?: string,
    hint = 'Nothing already journaled is lost. Make room (or point DRP_HOME at a writable folder), then resume the session.',
  ) {
    super(message, 1, hint);
  }
}
