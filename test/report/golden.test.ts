/**
 * Golden files: journals recorded from real runs of drp (test/fixtures/journals/record/record.sh)
 * → the markdown and JSON reports in test/fixtures/reports. The report is a pure function of the
 * journal, so a fixed generatedAt makes them byte-for-byte stable. UPDATE_GOLDEN=1 rewrites them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/model.js';
import { ReportSchema, type Report } from '../../src/report/schema.js';
import { summarizeSession } from '../../src/report/summary.js';
import type { SessionEvent } from '../../src/session/events.js';
import { ROOT } from '../helpers/cli.js';
import { expectGolden } from './golden.js';

const JOURNALS = join(ROOT, 'test', 'fixtures', 'journals');
const REPORTS = join(ROOT, 'test', 'fixtures', 'reports');
const GENERATED_AT = Date.UTC(2026, 10, 22, 12, 0, 0);

const journals = readdirSync(JOURNALS)
  .filter((file) => file.endsWith('.jsonl'))
  .sort()
  .map((file) => ({ name: basename(file, '.jsonl'), events: parseJournal(readFileSync(join(JOURNALS, file), 'utf8')).events }));
const history = journals.map((j) => summarizeSession(j.events)!);

/** The session folder the run used, as the journal recorded it (drp's DRP_SESSION_DIR variable). */
function sessionDirOf(events: SessionEvent[]): string | undefined {
  const set = events.find((e) => e.type === 'var.set' && e.name === 'DRP_SESSION_DIR');
  return set?.type === 'var.set' ? set.value : undefined;
}

function reportOf(name: string): Report {
  const journal = journals.find((j) => j.name === name);
  if (!journal) throw new Error(`no fixture journal ${name}`);
  return buildReport(journal.events, { history, generatedAt: GENERATED_AT, sessionDir: sessionDirOf(journal.events) });
}

describe('reports of recorded journals', () => {
  it('has the recorded journals', () => {
    expect(journals.map((j) => j.name)).toEqual(['demo-drill-rto-miss', 'demo-drill', 'shop-restore-killed', 'shop-restore-resumed']);
  });

  for (const { name } of journals) {
    it(`renders ${name} as the golden markdown and JSON, and the JSON is valid`, () => {
      const report = reportOf(name);
      expectGolden(join(REPORTS, `${name}.md`), renderMarkdown(report));
      const json = renderJson(report);
      expectGolden(join(REPORTS, `${name}.json`), json);
      expect(ReportSchema.safeParse(JSON.parse(json)).error).toBeUndefined();
    });
  }

  it('an answered drill: completed, RTO met, no deviation', () => {
    const r = reportOf('demo-drill');
    expect(r.summary).toMatchObject({ mode: 'drill', outcome: 'completed', interactive: false });
    expect(r.objectives.rows[0]!.met).toBe('yes');
    expect(r.deviations).toEqual([]);
    expect(r.steps.notRun.map((s) => s.id)).toEqual(['delete']);
  });

  it('impact two hours back: the RTO is missed, and the earlier drill shows in the history', () => {
    const r = reportOf('demo-drill-rto-miss');
    expect(r.objectives.rows[0]).toMatchObject({ kind: 'rto', met: 'no', actual: '2h00m' });
    expect(r.objectives.history!.rows.map((h) => [h.rtoMet, h.outcome])).toEqual([['yes', 'completed']]);
    expect(r.objectives.history!.trend).toMatch(/^RTO met in 1 of the last 2 drills; duration \d+ms → \d+ms\.$/);
    expect(r.deviations.map((d) => d.kind)).toContain('unattended');
  });

  it('killed with -9 mid-step: in progress, the step still running', () => {
    const r = reportOf('shop-restore-killed');
    expect(r.summary).toMatchObject({ outcome: 'in progress', endedAt: null });
    expect(r.timeline.at(-1)).toMatchObject({ step: 'download', status: 'running', durationMs: null });
    expect(r.objectives.rows[0]!.met).toBe('not yet');
  });

  it('resumed by another operator: the cut run, the resume, the re-run, and a measured RPO', () => {
    const r = reportOf('shop-restore-resumed');
    expect(r.summary).toMatchObject({ outcome: 'completed', operators: ['alice', 'bob'] });
    expect(r.timeline.filter((t) => t.step === 'download').map((t) => t.status)).toEqual(['interrupted', 'ok']);
    expect(r.deviations.map((d) => d.kind)).toEqual(expect.arrayContaining(['interruption', 'resume', 'retry', 'failure', 'skip', 'missed-estimate', 'checklist']));
    const rpo = r.objectives.rows[1]!;
    expect(rpo).toMatchObject({ kind: 'rpo', met: 'yes' });
    expect(rpo.actualMs).toBeGreaterThan(4 * 3_600_000);
    expect(r.objectives.rows.filter((o) => o.kind === 'phase')).toHaveLength(3);
    // the secret the run used never shows, in any form
    expect(renderMarkdown(r) + renderJson(r)).not.toContain('Tr0ub4dor');
  });
});
