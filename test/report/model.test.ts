import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildReport, NoSessionError } from '../../src/report/model.js';
import { ReportSchema, type Report } from '../../src/report/schema.js';
import { summarizeSession } from '../../src/report/summary.js';
import type { Runbook } from '../../src/runbook/schema.js';
import { JournalBuilder, MINUTE, RUNBOOK, SECOND, T0 } from './journal-builder.js';

const GENERATED = Date.UTC(2026, 10, 23, 9, 0, 0);

function report(b: JournalBuilder, options: Partial<Parameters<typeof buildReport>[1]> = {}): Report {
  const built = buildReport(b.events, { generatedAt: GENERATED, ...options });
  ReportSchema.parse(built); // every report the model builds is valid against its own schema
  return built;
}

/** An interactive incident with one of every deviation: the report's richest case. */
function eventfulIncident(): JournalBuilder {
  const b = new JournalBuilder({ impactAt: T0 - 5 * MINUTE });
  b.add({ type: 'var.set', name: 'DB_HOST', value: 'db.internal', secret: false, source: 'default' });
  b.add({ type: 'var.set', name: 'DB_PASSWORD', value: '***', secret: true, source: 'env' });
  b.command('check', 30 * SECOND);
  b.add({ type: 'step.started', step: 'latest-backup', attempt: 1, command: 'check s3', log: 'output/latest-backup.log' });
  b.after(2 * MINUTE);
  b.add({ type: 'recovery_point.recorded', step: 'latest-backup', point: T0 - 25 * MINUTE, source: 's3://backups/db-0040.dump' });
  b.add({ type: 'step.finished', step: 'latest-backup', status: 'ok', attempt: 1, durationMs: 2 * MINUTE, check: { kind: 's3', summary: 'newest db-0040.dump, 27m old', facts: { key: 'db-0040.dump' } }, by: 'alice' });
  b.after(MINUTE).add({ type: 'choice.made', step: 'path', choice: 0, label: 'Restore', goto: 'restore' });
  b.add({ type: 'step.finished', step: 'path', status: 'ok', attempt: 1, by: 'alice' });
  b.add({ type: 'step.started', step: 'restore', attempt: 1, command: 'pg_restore dump', log: 'output/restore.log' });
  b.after(10 * SECOND).add({ type: 'step.retry', step: 'restore', attempt: 1, reason: 'exit 1', nextAt: b.now + 5 * SECOND });
  b.after(10 * SECOND).add({ type: 'step.retry', step: 'restore', attempt: 2, reason: 'exit 1 again', nextAt: b.now + 5 * SECOND });
  b.after(10 * SECOND).add({ type: 'step.finished', step: 'restore', status: 'failed', attempt: 1, durationMs: 30 * SECOND, exitCode: 1, reason: 'exit 1 (after 3 tries)', by: 'alice' });
  b.add({ type: 'note.added', step: 'restore', text: 'dump needs --clean', by: 'alice' });
  b.after(MINUTE).add({ type: 'escalation.raised', level: 0, to: 'Technical lead', contact: 'lead@example.com', after: '10m' });
  b.command('restore', 3 * MINUTE, { attempt: 2 }, { attempt: 2, command: 'pg_restore --clean dump', edited: true });
  b.command('adhoc-1', 5 * SECOND, {}, { adhoc: true, command: 'df -h | tail -1' });
  b.after(MINUTE).add({ type: 'update.reminded', count: 1, message: 'Post a status update' });
  b.add({ type: 'step.finished', step: 'restart', status: 'skipped', attempt: 0, reason: 'the autoscaler restarted it', by: 'alice' });
  b.after(20 * SECOND).add({ type: 'input.given', step: 'capture', var: 'BACKUP_FILE', value: 'db-0040.dump', secret: false });
  b.add({ type: 'step.finished', step: 'capture', status: 'ok', attempt: 1, by: 'alice' });
  b.after(30 * SECOND).add({ type: 'checklist.ticked', step: 'post', item: 0, checked: true });
  b.add({ type: 'checklist.ticked', step: 'post', item: 2, checked: true });
  b.add({ type: 'step.finished', step: 'post', status: 'ok', attempt: 1, by: 'alice' });
  b.add({ type: 'note.added', text: 'customer support informed', by: 'alice' });
  return b.finish();
}

describe('buildReport', () => {
  afterEach(() => vi.restoreAllMocks());

  it('summarizes the session: runbook, mode, operator, times, outcome', () => {
    const r = report(eventfulIncident());
    expect(r.summary).toMatchObject({
      session: '20261122-010000-db-restore-0001',
      runbook: { id: 'db-restore', title: 'Database restore' },
      system: 'Shop',
      scenario: 'Primary database lost',
      mode: 'incident',
      operator: 'alice',
      host: 'laptop',
      impactAt: '2026-11-22T00:55:00.000Z',
      startedAt: '2026-11-22T01:00:00.000Z',
      outcome: 'completed',
      exitCode: 0,
    });
    expect(r.summary.endedAt).not.toBeNull();
    expect(r.summary.variables).toContainEqual({ name: 'DB_PASSWORD', value: '***', secret: true, source: 'env' });
  });

  it('judges RTO from impact to the end, and RPO as impact minus the recovery point', () => {
    const r = report(eventfulIncident());
    const [rto, rpo] = r.objectives.rows;
    expect(rto).toMatchObject({ kind: 'rto', target: '30m', met: 'yes' });
    expect(rto!.actualMs).toBe(Date.parse(r.summary.endedAt!) - (T0 - 5 * MINUTE));
    expect(rpo).toMatchObject({ kind: 'rpo', target: '1h', actualMs: 20 * MINUTE, actual: '20m00s', met: 'yes' });
    expect(rpo!.note).toContain('s3://backups/db-0040.dump');
  });

  it('lists every run in the order it ran, with T+ offsets from impact, estimates and who', () => {
    const r = report(eventfulIncident());
    expect(r.timeline.map((t) => `${t.step}:${t.status}`)).toEqual(['check:ok', 'latest-backup:ok', 'path:ok', 'restore:failed', 'restore:ok', 'adhoc-1:ok', 'restart:skipped', 'capture:ok', 'post:ok']);
    expect(r.timeline[0]).toMatchObject({ offsetMs: 5 * MINUTE, durationMs: 30 * SECOND, estimateMs: MINUTE, by: 'alice', startedAt: '2026-11-22T01:00:00.000Z' });
    // a decision has no step.started: it began when the step before it ended
    expect(r.timeline[2]).toMatchObject({ step: 'path', durationMs: MINUTE, estimateMs: null });
    expect(r.timeline[5]).toMatchObject({ adhoc: true, title: 'Ad-hoc command' });
  });

  it('records every deviation with its reason', () => {
    const r = report(eventfulIncident());
    const kinds = r.deviations.map((d) => `${d.kind}:${d.step ?? '-'}`);
    expect(kinds).toEqual(['missed-estimate:latest-backup', 'retry:restore', 'failure:restore', 'edited:restore', 'adhoc:adhoc-1', 'skip:restart', 'checklist:post']);
    const byKind = Object.fromEntries(r.deviations.map((d) => [d.kind, d]));
    expect(byKind['missed-estimate']!.what).toContain('took 2m00s against an estimate of 1m00s');
    expect(byKind.retry).toMatchObject({ what: expect.stringContaining('2 times'), reason: 'exit 1 again' });
    expect(byKind.failure!.reason).toBe('exit 1 (after 3 tries)');
    expect(byKind.edited!.command).toBe('pg_restore --clean dump');
    expect(byKind.adhoc!.command).toBe('df -h | tail -1');
    expect(byKind.skip!.reason).toBe('the autoscaler restarted it');
    expect(byKind.checklist!.what).toContain('No data loss beyond RPO');
    const offsets = r.deviations.map((d) => d.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('gives each step its runs, output, check, choice, input, checklist and notes', () => {
    const r = report(eventfulIncident(), { sessionDir: '/state/sessions/s1' });
    const entry = (id: string) => r.steps.entries.find((e) => e.id === id)!;
    expect(entry('restore').runs.map((run) => [run.status, run.edited, run.command])).toEqual([
      ['failed', false, 'pg_restore dump'],
      ['ok', true, 'pg_restore --clean dump'],
    ]);
    expect(entry('restore').notes.map((n) => n.text)).toEqual(['dump needs --clean']);
    expect(entry('check').runs[0]).toMatchObject({ exitCode: 0, output: [{ stream: 'stdout', text: 'check done' }], log: '/state/sessions/s1/output/check.log' });
    expect(entry('latest-backup').runs[0]!.check).toEqual({ kind: 's3', summary: 'newest db-0040.dump, 27m old', facts: { key: 'db-0040.dump' } });
    expect(entry('path').choice).toEqual({ label: 'Restore', goto: 'restore' });
    expect(entry('capture').input).toEqual({ var: 'BACKUP_FILE', value: 'db-0040.dump' });
    expect(entry('post').checklist).toEqual([
      { item: 'All services up', ticked: true },
      { item: 'No data loss beyond RPO', ticked: false },
      { item: 'Monitoring normal', ticked: true },
    ]);
    expect(r.steps.notRun).toEqual([{ id: 'promote', title: 'Promote the replica' }]);
    expect(r.steps.notes.map((n) => n.text)).toEqual(['customer support informed']);
  });

  it('keeps only the last 20 lines of a run\'s output', () => {
    const b = new JournalBuilder();
    const tail = Array.from({ length: 30 }, (_, i) => ({ stream: 'stdout' as const, text: `line ${i + 1}` }));
    b.command('check', SECOND, { tail }).finish();
    const lines = report(b).steps.entries[0]!.runs[0]!.output.map((l) => l.text);
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('line 11');
    expect(lines.at(-1)).toBe('line 30');
  });

  it('lists escalations and updates with their T+ offsets', () => {
    const r = report(eventfulIncident());
    expect(r.escalations.map((e) => [e.kind, e.what, e.threshold])).toEqual([
      ['escalation', 'Escalate to Technical lead', '10m'],
      ['update', 'Status update #1: Post a status update', null],
    ]);
    expect(r.escalations[0]!.offsetMs).toBe(5 * MINUTE + 30 * SECOND + 2 * MINUTE + MINUTE + 30 * SECOND + MINUTE);
  });

  it('leaves the follow-ups empty for the review to fill', () => {
    expect(report(eventfulIncident()).followUps).toEqual({ whatHappened: '', wentWell: [], toImprove: [], actionItems: [] });
  });

  it('says the RTO was missed when recovery ended after it', () => {
    const b = new JournalBuilder({ impactAt: T0 - 2 * 60 * MINUTE, mode: 'drill' });
    const r = report(b.command('check', SECOND).finish('completed', 3));
    expect(r.objectives.rows[0]).toMatchObject({ met: 'no', actualMs: 2 * 60 * MINUTE + SECOND, actual: '2h00m' });
  });

  it('never counts a failed or aborted run as meeting the RTO', () => {
    const b = new JournalBuilder();
    b.command('check', SECOND, { status: 'failed', exitCode: 2 }).finish('failed', 1);
    const r = report(b);
    expect(r.summary.outcome).toBe('failed');
    expect(r.objectives.rows[0]).toMatchObject({ met: 'no', note: 'recovery not completed (failed)' });
  });

  it('reports an unfinished session as in progress, clocks read at its last event', () => {
    const b = new JournalBuilder();
    b.command('check', SECOND).add({ type: 'step.started', step: 'latest-backup', attempt: 1, command: 'check s3' }).after(10 * SECOND);
    b.add({ type: 'output.stored', step: 'latest-backup', bytes: 120 });
    const r = report(b);
    expect(r.summary).toMatchObject({ outcome: 'in progress', endedAt: null, exitCode: null, durationMs: 11 * SECOND });
    expect(r.objectives.rows[0]).toMatchObject({ met: 'not yet', actualMs: 11 * SECOND });
    expect(r.timeline.at(-1)).toMatchObject({ step: 'latest-backup', status: 'running', durationMs: null });
  });

  it('says an unfinished session has already missed its RTO once the RTO has passed', () => {
    const b = new JournalBuilder({ impactAt: T0 - 31 * MINUTE });
    expect(report(b.command('check', SECOND)).objectives.rows[0]!.met).toBe('no');
  });

  it('reports a session the operator left as interrupted', () => {
    const b = new JournalBuilder();
    b.command('check', SECOND).after(SECOND).add({ type: 'session.interrupted', reason: 'quit' });
    const r = report(b);
    expect(r.summary.outcome).toBe('interrupted');
    expect(r.deviations.map((d) => d.what)).toContain('The operator left the session (q)');
  });

  it('shows a run cut short by kill -9, the resume and the run after it', () => {
    const b = new JournalBuilder();
    b.command('check', SECOND).add({ type: 'step.started', step: 'latest-backup', attempt: 1, command: 'check s3' });
    b.after(5 * SECOND).add({ type: 'output.stored', step: 'latest-backup', bytes: 10 });
    b.after(3 * MINUTE).add({ type: 'session.resumed', operator: 'bob', host: 'jump-host', pid: 200, interactive: false });
    b.add({ type: 'step.finished', step: 'latest-backup', status: 'interrupted', attempt: 1, reason: 'drp stopped while this step ran', by: 'drp' });
    b.command('latest-backup', 20 * SECOND, { attempt: 2, by: 'unattended' }, { attempt: 2 });
    const r = report(b.finish());
    expect(r.timeline.filter((t) => t.step === 'latest-backup').map((t) => [t.status, t.durationMs, t.by])).toEqual([
      ['interrupted', null, 'drp'],
      ['ok', 20 * SECOND, 'unattended'],
    ]);
    expect(r.summary.operators).toEqual(['alice', 'bob']);
    expect(r.summary.hosts).toEqual(['laptop', 'jump-host']);
    // the crash happened after the last event before the resume: that is when the interruption is placed
    expect(r.deviations.map((d) => [d.kind, d.offsetMs])).toEqual([
      ['interruption', 6 * SECOND],
      ['resume', 6 * SECOND + 3 * MINUTE],
    ]);
    expect(r.deviations[1]!.what).toBe('Resumed by bob on jump-host');
  });

  it('marks manual steps nobody confirmed as unattended deviations', () => {
    const b = new JournalBuilder({ interactive: false });
    b.add({ type: 'step.finished', step: 'restart', status: 'unattended', attempt: 1, reason: 'manual step; no one to do it', by: 'unattended' });
    const r = report(b.finish());
    expect(r.timeline[0]!.by).toBe('unattended');
    expect(r.deviations[0]).toMatchObject({ kind: 'unattended', reason: 'manual step; no one to do it' });
  });

  it('says RPO was not measured without a recovery point, and 0 for a backup newer than the impact', () => {
    expect(report(new JournalBuilder().finish()).objectives.rows[1]).toMatchObject({ met: 'not measured', actual: 'not measured', actualMs: null });
    const newer = new JournalBuilder().add({ type: 'recovery_point.recorded', step: 'latest-backup', point: T0 + MINUTE, source: 's3://b/k' }).finish();
    expect(report(newer).objectives.rows[1]).toMatchObject({ met: 'yes', actualMs: 0 });
    const old = new JournalBuilder().add({ type: 'recovery_point.recorded', step: 'latest-backup', point: T0 - 3 * 60 * MINUTE, source: 's3://b/k' }).finish();
    expect(report(old).objectives.rows[1]).toMatchObject({ met: 'no', actual: '3h00m' });
  });

  it('times each phase against its estimate', () => {
    const phased: Runbook = {
      ...RUNBOOK,
      steps: undefined,
      phases: [
        { title: 'Infrastructure', estimate: '2m', steps: [{ id: 'a', title: 'A', run: 'a' }, { id: 'b', title: 'B', run: 'b' }] },
        { title: 'Database', estimate: '10m', steps: [{ id: 'c', title: 'C', run: 'c' }] },
        { title: 'Go live', estimate: '5m', steps: [{ id: 'd', title: 'D', run: 'd' }] },
      ],
    };
    const b = new JournalBuilder({ runbook: phased });
    b.command('a', MINUTE).after(30 * SECOND).command('b', MINUTE).command('c', 4 * MINUTE).finish();
    const r = report(b);
    expect(r.objectives.rows.slice(2).map((o) => [o.name, o.target, o.actual, o.met])).toEqual([
      ['Phase 1: Infrastructure', '2m', '2m30s', 'no'],
      ['Phase 2: Database', '10m', '4m00s', 'yes'],
      ['Phase 3: Go live', '5m', 'not run', 'not measured'],
    ]);
    expect(r.timeline.map((t) => t.phase)).toEqual(['Infrastructure', 'Infrastructure', 'Database']);
  });

  it('adds the previous plays of the same runbook and the trend to a drill report', () => {
    const drill = (id: string, day: number, minutes: number, rtoMinutes = 30): JournalBuilder => {
      const start = Date.UTC(2026, 9, day, 9);
      const b = new JournalBuilder({ session: id, mode: 'drill', startAt: start, impactAt: start, runbook: { ...RUNBOOK, objectives: { rto: `${rtoMinutes}m` } } });
      return b.command('check', minutes * MINUTE).finish();
    };
    const other = new JournalBuilder({ session: 'other', mode: 'drill', startAt: Date.UTC(2026, 9, 2), runbook: { ...RUNBOOK, id: 'other-runbook' } }).finish();
    const history = [drill('d1', 1, 40), drill('d2', 8, 12), drill('d3', 15, 10), other].map((b) => summarizeSession(b.events)!);
    const current = drill('d4', 22, 9);
    const later = summarizeSession(drill('d5', 29, 5).events)!;
    const r = report(current, { history: [...history, summarizeSession(current.events)!, later] });
    expect(r.objectives.history!.rows.map((h) => [h.session, h.rtoMet, h.durationMs])).toEqual([
      ['d1', 'no', 40 * MINUTE],
      ['d2', 'yes', 12 * MINUTE],
      ['d3', 'yes', 10 * MINUTE],
    ]);
    expect(r.objectives.history!.trend).toBe('RTO met in 3 of the last 4 drills; duration 40m00s → 9m00s.');
    expect(report(new JournalBuilder().finish(), { history }).objectives.history).toBeNull();
  });

  it('is a pure function of the journal: no clock read, the same report every time', () => {
    const b = eventfulIncident();
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('the report model read the clock');
    });
    expect(JSON.stringify(buildReport(b.events, { generatedAt: GENERATED }))).toBe(JSON.stringify(buildReport(b.events, { generatedAt: GENERATED })));
  });

  it('refuses a journal without session.started', () => {
    expect(() => buildReport([], { generatedAt: GENERATED })).toThrow(NoSessionError);
  });
});
