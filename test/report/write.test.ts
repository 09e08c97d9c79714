import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setConfig } from '../../src/config.js';
import { listSessions } from '../../src/report/history.js';
import { ReportSchema } from '../../src/report/schema.js';
import { writeSessionReport } from '../../src/report/write.js';
import { tempDir } from '../helpers/cli.js';
import { seededHome, sessionIdOf } from './seed-home.js';

const saved = process.env.DRP_HOME;
let home: string;

beforeEach(() => {
  home = seededHome();
  process.env.DRP_HOME = home;
});

afterEach(() => {
  if (saved === undefined) delete process.env.DRP_HOME;
  else process.env.DRP_HOME = saved;
});

describe('listSessions', () => {
  it('summarizes every session under DRP_HOME, oldest first, skipping folders without a readable journal', () => {
    mkdirSync(join(home, 'sessions', 'empty-folder'));
    mkdirSync(join(home, 'sessions', 'garbage'));
    writeFileSync(join(home, 'sessions', 'garbage', 'journal.jsonl'), 'not json\n');
    const sessions = listSessions();
    expect(sessions.map((s) => [s.id, s.runbook, s.mode, s.outcome, s.rtoMet])).toEqual([
      [sessionIdOf('demo-drill'), 'demo-folder-restore', 'drill', 'completed', 'yes'],
      [sessionIdOf('demo-drill-rto-miss'), 'demo-folder-restore', 'drill', 'completed', 'no'],
      [sessionIdOf('shop-restore-resumed'), 'shop-database-restore', 'drill', 'completed', 'yes'],
    ]);
    expect(sessions.every((s) => s.durationMs >= 0 && s.endedAt !== undefined)).toBe(true);
  });

  it('is empty when no session was ever played', () => {
    process.env.DRP_HOME = tempDir();
    expect(listSessions()).toEqual([]);
  });
});

describe('writeSessionReport', () => {
  it('writes <reports>/<session>.md and the .json beside it, and returns the markdown path', async () => {
    const reports = join(tempDir(), 'reports');
    await setConfig('reports', reports);
    const id = sessionIdOf('demo-drill-rto-miss');
    const md = writeSessionReport(join(home, 'sessions', id));
    expect(md).toBe(join(reports, `${id}.md`));
    expect(readFileSync(md, 'utf8')).toContain('### Previous drills');
    const json = ReportSchema.parse(JSON.parse(readFileSync(join(reports, `${id}.json`), 'utf8')));
    expect(json.objectives.history?.rows.map((h) => h.session)).toEqual([sessionIdOf('demo-drill')]);
  });

  it('defaults to ./reports under the working directory', () => {
    const cwd = tempDir();
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const md = writeSessionReport(join(home, 'sessions', sessionIdOf('demo-drill')));
      expect(md.startsWith(join(cwd, 'reports'))).toBe(true);
      expect(existsSync(md.replace(/\.md$/, '.json'))).toBe(true);
    } finally {
      process.chdir(before);
    }
  });
});
