/** Hand-built journals for unit tests of the report model: events as the engine writes them, on a clock the test moves. */
import type { Runbook } from '../../src/runbook/schema.js';
import type { NewEvent, SessionEvent } from '../../src/session/events.js';

/** 2026-11-22 01:00:00 UTC. */
export const T0 = Date.UTC(2026, 10, 22, 1, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** A small runbook with every step kind the report shows. */
export const RUNBOOK: Runbook = {
  drp: 1,
  id: 'db-restore',
  title: 'Database restore',
  system: 'Shop',
  scenario: 'Primary database lost',
  severity: 'critical',
  objectives: { rto: '30m', rpo: '1h' },
  escalation: [{ after: '10m', to: 'Technical lead', contact: 'lead@example.com' }],
  updates: { every: '15m', message: 'Post a status update' },
  steps: [
    { id: 'check', title: 'Check the database', run: 'pg_isready -h db', estimate: '1m' },
    { id: 'latest-backup', title: 'Latest backup is within the RPO', check: { s3: { bucket: 'backups', newer_than: 'rpo' } }, estimate: '1m' },
    { id: 'path', title: 'Which way?', choices: [{ label: 'Restore', goto: 'restore' }, { label: 'Promote', goto: 'promote' }] },
    { id: 'promote', title: 'Promote the replica', run: 'promote.sh', only: 'incident' },
    { id: 'restore', title: 'Restore the dump', run: 'pg_restore dump', estimate: '5m' },
    { id: 'restart', title: 'Restart the app', do: 'Restart it from the dashboard.' },
    { id: 'capture', title: 'Record the backup', input: { var: 'BACKUP_FILE', prompt: 'Backup file' } },
    { id: 'post', title: 'Post-recovery verification', checklist: ['All services up', 'No data loss beyond RPO', 'Monitoring normal'] },
  ],
};

/** Appends events at a moving time; `after(ms)` moves the clock. */
export class JournalBuilder {
  readonly events: SessionEvent[] = [];
  now: number;

  constructor(options: { runbook?: Runbook; mode?: 'drill' | 'incident'; impactAt?: number; startAt?: number; interactive?: boolean; session?: string; operator?: string } = {}) {
    this.now = options.startAt ?? T0;
    this.events.push({
      type: 'session.started',
      at: this.now,
      session: options.session ?? '20261122-010000-db-restore-0001',
      runbook: options.runbook ?? RUNBOOK,
      file: '/srv/runbooks/db-restore.yaml',
      digest: 'abc123',
      mode: options.mode ?? 'incident',
      impactAt: options.impactAt ?? this.now,
      operator: options.operator ?? 'alice',
      host: 'laptop',
      pid: 100,
      interactive: options.interactive ?? true,
      version: '0.1.0',
    });
  }

  after(ms: number): this {
    this.now += ms;
    return this;
  }

  add(event: NewEvent): this {
    this.events.push({ ...event, at: event.at ?? this.now } as SessionEvent);
    return this;
  }

  /** A command step that starts now and finishes `ms` later. */
  command(step: string, ms: number, finish: Partial<Extract<SessionEvent, { type: 'step.finished' }>> = {}, start: Partial<Extract<SessionEvent, { type: 'step.started' }>> = {}): this {
    this.add({ type: 'step.started', step, attempt: 1, command: `run ${step}`, log: `output/${step}.log`, ...start });
    this.after(ms);
    return this.add({ type: 'step.finished', step, status: 'ok', attempt: 1, durationMs: ms, exitCode: 0, tail: [{ stream: 'stdout', text: `${step} done` }], by: 'alice', ...finish });
  }

  finish(outcome: 'completed' | 'failed' | 'aborted' = 'completed', exitCode = 0): this {
    return this.add({ type: 'session.finished', outcome, exitCode, rtoMet: true });
  }
}
