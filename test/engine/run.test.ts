import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import type { SessionEvent } from '../../src/session/events.js';
import { replay } from '../../src/session/state.js';
import { drp, ROOT, tempDir, testRunbook } from '../helpers/cli.js';

/** A runbook written into a temp folder. */
function runbook(dir: string, name: string, steps: string, extra = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, testRunbook(name, steps, { vars: extra }));
  return file;
}

/** The only session's events under a DRP_HOME. */
function journal(home: string): SessionEvent[] {
  const [id] = readdirSync(join(home, 'sessions'));
  return parseJournal(readFileSync(join(home, 'sessions', id ?? '', 'journal.jsonl'), 'utf8')).events;
}

describe('drp run --non-interactive', () => {
  it('plays a real PostgreSQL dump-and-restore drill against the local server with exit 0', () => {
    const home = tempDir();
    const suffix = `${process.pid}_${Date.now()}`;
    const result = drp(['run', 'test/fixtures/runbooks/pg-dump-restore.yaml', '--non-interactive', '--drill', '--var', `SRC=drp_src_${suffix}`, '--var', `DST=drp_dst_${suffix}`], { env: { DRP_HOME: home } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('source=500 restored=500');
    expect(result.code).toBe(0);
    const state = replay(journal(home));
    expect(Object.values(state?.steps ?? {}).map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(state?.finished?.outcome).toBe('completed');
  });

  it('stops at a failing step with exit 1 and runs nothing after it', () => {
    const work = tempDir();
    const file = runbook(work, 'fails', `  - { id: a, title: A, run: 'echo a' }\n  - { id: b, title: B, run: 'echo about to fail; exit 4' }\n  - { id: c, title: C, run: 'touch "\${WORK}/c-ran"' }\n`);
    const home = tempDir();
    const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { env: { DRP_HOME: home } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('step "b" failed: exit 4');
    expect(existsSync(join(work, 'c-ran'))).toBe(false);
    const state = replay(journal(home));
    expect(state?.steps.c?.status).toBe('pending');
    expect(state?.finished?.outcome).toBe('failed');
  });

  it('continues past a failure the runbook allows (on_fail: continue)', () => {
    const work = tempDir();
    const file = runbook(work, 'continues', `  - { id: a, title: A, run: 'exit 1', on_fail: continue }\n  - { id: b, title: B, run: 'touch "\${WORK}/b-ran"' }\n`);
    const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`]);
    expect(result.code).toBe(0);
    expect(existsSync(join(work, 'b-ran'))).toBe(true);
  });

  it('exits 3 when it finishes past the RTO (impact backdated with --impact-at)', () => {
    const work = tempDir();
    const file = runbook(work, 'late', `  - { id: a, title: A, run: 'true' }\n`);
    const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`, '--impact-at', '-2h']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/RTO 1h MISSED \(2h00m/);
  });

  it('never executes what a --var value contains', () => {
    const work = tempDir();
    const file = runbook(work, 'inject', `  - id: a\n    title: A\n    run: |\n      cd "\${WORK}"\n      printf '<%s>\\n' \${X} "\${X}" '\${X}' "x\${X}y"\n      ls\n`, '  X: { default: safe }\n');
    for (const value of ['$(touch PWNED)', '`touch PWNED`', '"; touch PWNED; "', "'; touch PWNED; '", '; touch PWNED', '$(touch${IFS}PWNED)']) {
      const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`, '--var', `X=${value}`]);
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(join(work, 'PWNED'))).toBe(false);
      expect(result.stdout).toContain(`<${value}>\n<${value}>\n<${value}>\n<x${value}y>`);
    }
  });

  it('refuses a missing required variable before running anything (exit 2)', () => {
    const work = tempDir();
    const file = runbook(work, 'needs', `  - { id: a, title: A, run: 'touch "\${WORK}/ran"' }\n`);
    const result = drp(['run', file, '--non-interactive']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('variable WORK needs a value');
  });

  it('asks for a missing secret through the environment, never --var (ps would show it)', () => {
    const work = tempDir();
    const file = runbook(work, 'needs-secret', `  - { id: a, title: A, run: 'true' }\n`, '  DB_URL: { env: APP_DB_URL, secret: true, required: true }\n');
    const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('variable DB_URL needs a value');
    expect(result.stderr).toContain('it is a secret, so set APP_DB_URL in the environment (not --var, which ps would show)');
  });

  it('keeps secrets out of the console, the journal and the logs, in plain and encoded forms', () => {
    const work = tempDir();
    const home = tempDir();
    const secret = 'S3cr3t/p@ss word+x';
    const file = runbook(
      work,
      'secret',
      `  - id: a\n    title: A\n    run: |\n      echo "plain=\${TOKEN}"\n      printf %s "\${TOKEN}" | base64\n      node -e 'console.log(encodeURIComponent(process.env.TOKEN), JSON.stringify({t: process.env.TOKEN}))'\n      echo "url=postgresql://app:\${TOKEN}@db/app"\n`,
      '  TOKEN: { env: DRILL_TOKEN, secret: true }\n',
    );
    const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { env: { DRP_HOME: home, DRILL_TOKEN: secret } });
    expect(result.code).toBe(0);
    const [id] = readdirSync(join(home, 'sessions'));
    const dir = join(home, 'sessions', id ?? '');
    const everything = [result.stdout, result.stderr, readFileSync(join(dir, 'journal.jsonl'), 'utf8'), readFileSync(join(dir, 'output', 'a.log'), 'utf8')].join('\n');
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)]) expect(everything).not.toContain(form);
    expect(result.stdout).toContain('plain=***');
  });

  it('prints every command after substitution on --dry-run and runs nothing', () => {
    const work = tempDir();
    const file = runbook(work, 'dry', `  - { id: a, title: A, run: 'touch "\${WORK}/ran" && echo \${TOKEN}' }\n`, '  TOKEN: { env: DRY_TOKEN, secret: true }\n');
    const result = drp(['run', file, '--dry-run', '--var', `WORK=${work}`], { env: { DRY_TOKEN: 'topsecret' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`$ touch "${work}/ran" && echo ***`);
    expect(existsSync(join(work, 'ran'))).toBe(false);
  });

  it('records the demo drill end to end with answers', () => {
    const home = tempDir();
    const answers = join(tempDir(), 'answers.yaml');
    writeFileSync(answers, 'steps:\n  disaster: The whole folder is deleted\n  delete: delete\n  post-recovery: true\n');
    const result = drp(['run', join(ROOT, 'runbooks/demo/folder-restore-drill.yaml'), '--non-interactive', '--drill', '--answers', answers], { env: { DRP_HOME: home } });
    expect(result.code, result.stderr).toBe(0);
    const state = replay(journal(home));
    expect(state?.path).toEqual(['prepare', 'backup', 'verify-backup', 'disaster', 'delete', 'detect', 'restore', 'compare', 'post-recovery']);
    expect(state?.steps.corrupt?.status).toBe('pending');
    expect(state?.steps['post-recovery']?.ticked).toEqual([true, true, true]);
  });

  it('stops resumable at a decision it has no answer for, and resumes with one', () => {
    const home = tempDir();
    const first = drp(['run', join(ROOT, 'runbooks/demo/folder-restore-drill.yaml'), '--non-interactive', '--drill'], { env: { DRP_HOME: home } });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('decision "disaster"');
    const answers = join(tempDir(), 'answers.yaml');
    writeFileSync(answers, 'steps:\n  disaster: 1\n  corrupt: corrupt\n');
    const second = drp(['resume', '--non-interactive', '--answers', answers], { env: { DRP_HOME: home } });
    expect(second.code, second.stderr).toBe(0);
    const state = replay(journal(home));
    expect(state?.steps['post-recovery']?.status).toBe('unattended');
    expect(state?.resumes).toHaveLength(1);
  });

  it('skips a torn last journal line on resume and keeps every earlier event', () => {
    const home = tempDir();
    drp(['run', join(ROOT, 'runbooks/demo/folder-restore-drill.yaml'), '--non-interactive', '--drill'], { env: { DRP_HOME: home } });
    const [id] = readdirSync(join(home, 'sessions'));
    const path = join(home, 'sessions', id ?? '', 'journal.jsonl');
    const before = parseJournal(readFileSync(path, 'utf8')).events.length;
    appendFileSync(path, '{"type":"step.started","step":"dis');
    const answers = join(tempDir(), 'answers.yaml');
    writeFileSync(answers, 'steps:\n  disaster: 2\n  delete: delete\n');
    const resumed = drp(['resume', id ?? '', '--non-interactive', '--answers', answers], { env: { DRP_HOME: home } });
    expect(resumed.code, resumed.stderr).toBe(0);
    const { events, skipped } = parseJournal(readFileSync(path, 'utf8'));
    expect(skipped).toBe(0);
    expect(events.length).toBeGreaterThan(before);
    expect(replay(events)?.finished?.outcome).toBe('completed');
  });
});
