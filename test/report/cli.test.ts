import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/report/schema.js';
import { drp, tempDir } from '../helpers/cli.js';
import { seededHome, sessionIdOf } from './seed-home.js';

let home: string;
const demo = sessionIdOf('demo-drill');
const shop = sessionIdOf('shop-restore-resumed');

beforeAll(() => {
  home = seededHome();
});

describe('drp report', () => {
  it('prints the markdown report of a session given by a unique prefix', () => {
    const result = drp(['report', shop.slice(0, 17)], { env: { DRP_HOME: home } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# Drill report: Shop — restore the database from the nightly dump\n/);
    expect(result.stdout).toContain('\n## Follow-ups\n');
  });

  it('prints the same data as JSON that validates against the schema', () => {
    const result = drp(['report', demo, '--format', 'json'], { env: { DRP_HOME: home } });
    expect(result.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.summary.session).toBe(demo);
    expect(report.objectives.history?.rows).toEqual([]);
  });

  it('writes to a file with -o', () => {
    const file = join(tempDir(), 'nested', 'report.md');
    const result = drp(['report', demo, '-o', file], { env: { DRP_HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toMatch(/^# Drill report/);
  });

  it('refuses an unknown session, an ambiguous prefix and an unknown format with exit 2', () => {
    const unknown = drp(['report', 'zzz'], { env: { DRP_HOME: home } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no session "zzz"');
    const ambiguous = drp(['report', '2026'], { env: { DRP_HOME: home } });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/"2026" matches 3 sessions/);
    const format = drp(['report', demo, '--format', 'pdf'], { env: { DRP_HOME: home } });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown report format "pdf"');
    for (const result of [unknown, ambiguous, format]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('drp sessions --runbook', () => {
  it('lists the plays of one runbook only', () => {
    const result = drp(['sessions', '--runbook', 'demo-folder-restore', '--json'], { env: { DRP_HOME: home } });
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { id: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual([demo, sessionIdOf('demo-drill-rto-miss')].sort());
  });
});

describe('drp config', () => {
  it('sets and gets a setting, kept under DRP_HOME; folders are stored absolute', () => {
    const configHome = tempDir('drp-config-');
    const cwd = tempDir('drp-cwd-');
    expect(drp(['config', 'get', 'reports'], { env: { DRP_HOME: configHome } })).toMatchObject({ code: 0, stdout: '' });
    expect(drp(['config', 'set', 'reports', './out'], { env: { DRP_HOME: configHome }, cwd }).code).toBe(0);
    expect(drp(['config', 'set', 'operator', 'Jane Doe'], { env: { DRP_HOME: configHome } }).code).toBe(0);
    expect(drp(['config', 'get', 'reports'], { env: { DRP_HOME: configHome } }).stdout).toBe(`${join(cwd, 'out')}\n`);
    expect(drp(['config', 'get', 'operator'], { env: { DRP_HOME: configHome } }).stdout).toBe('Jane Doe\n');
    expect(existsSync(join(configHome, 'config.json'))).toBe(true);
  });

  it('refuses an unknown setting with a did-you-mean and exit 2', () => {
    const result = drp(['config', 'get', 'repots']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean "reports"?');
    expect(drp(['config', 'set', 'operator']).code).toBe(2);
    expect(drp(['config', 'sett', 'operator', 'x']).stderr).toContain('did you mean "set"?');
  });
});
