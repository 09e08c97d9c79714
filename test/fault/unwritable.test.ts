/**
 * The record cannot be written: DRP_HOME unwritable before anything runs, and the disk filling up
 * in the middle of a session (for the journal and for an output log). The operator is told at
 * once and plainly, nothing already journaled is lost, no command runs after the failed write,
 * and the session resumes once there is room.
 *
 * Tests run as root here, so chmod proves nothing. What really fails for root: a DRP_HOME under
 * a regular file (ENOTDIR); a folder made immutable with `chattr +i` (EPERM, ext4 and friends);
 * a 1 MB tmpfs mounted as DRP_HOME and filled by a step (ENOSPC on the journal; needs
 * CAP_SYS_ADMIN); an output log that is a symlink to /dev/full (ENOSPC on every write).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import { replay } from '../../src/session/state.js';
import { alive, drp, tempDir, testRunbook } from '../helpers/cli.js';
import { completeLines, journalPath, pidsInFile, sessionIds, writeRunbook } from '../helpers/fault.js';

const steps = (body: string): string => testRunbook('full', body, { title: 'Disk trouble' });

const NO_TRACE = /unexpected error|This is a bug|\n\s+at |Error:/;

/** Whether this machine lets the test do it (root with the capability, a file system that supports it). */
function can(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}


describe('DRP_HOME cannot be written', () => {
  it('under a regular file (ENOTDIR): says so plainly, exits 1, runs nothing', () => {
    const work = tempDir('drp-notdir-');
    writeFileSync(join(work, 'a-file'), '');
    const file = writeRunbook(work, 'full', steps(`  - { id: a, title: A, run: 'touch "\${WORK}/a-ran"' }\n`));
    const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { cwd: work, env: { DRP_HOME: join(work, 'a-file', 'drp') } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write the session journal (${join(work, 'a-file', 'drp')}`);
    expect(result.stderr).toContain('a part of that path is a file, not a folder');
    expect(result.stderr).toContain('Nothing ran');
    expect(result.stderr).not.toMatch(NO_TRACE);
    expect(existsSync(join(work, 'a-ran'))).toBe(false);
  });

  it('made immutable with chattr +i (EPERM even for root): permission denied, exit 1, runs nothing', (context) => {
    const immutable = tempDir('drp-immutable-');
    if (!can('chattr', ['+i', immutable])) return context.skip('chattr +i is not available here');
    try {
      const work = tempDir('drp-immutable-work-');
      const file = writeRunbook(work, 'full', steps(`  - { id: a, title: A, run: 'touch "\${WORK}/a-ran"' }\n`));
      const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { cwd: work, env: { DRP_HOME: immutable } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`cannot write the session journal \\(${immutable}/sessions/[^)]+\\): permission denied`));
      expect(result.stderr).not.toMatch(NO_TRACE);
      expect(existsSync(join(work, 'a-ran'))).toBe(false);
    } finally {
      can('chattr', ['-i', immutable]);
    }
  });
});

describe('the disk fills up in the middle of a session', () => {
  it('journal ENOSPC (a step fills the disk): stops at once with exit 1, names the journal, keeps every event, resumes once there is room', (context) => {
    const home = tempDir('drp-tmpfs-');
    if (!can('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', home])) return context.skip('cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)');
    try {
      fillTheDisk(home);
    } finally {
      if (!can('umount', [home])) can('umount', ['-l', home]);
    }
  });
});

/** A session on a 1 MB tmpfs whose second step fills it; the third must not run until there is room. */
function fillTheDisk(home: string): void {
  const work = tempDir('drp-enospc-');
  const file = writeRunbook(
    work,
    'full',
    steps(`  - { id: before, title: Before, run: 'echo before >> "\${WORK}/runs.log"' }
  - id: fill
    title: A restore fills the disk
    run: |
      if [ ! -e "\${WORK}/filled" ]; then touch "\${WORK}/filled"; cat /dev/zero > "\${DRP_SESSION_DIR}/../../fill" 2>/dev/null || true; fi
  - id: after
    title: After
    run: |
      # ${'a long comment, so that this step.started event needs a new page of the full disk '.repeat(80)}
      echo after >> "\${WORK}/runs.log"
`),
  );
  const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { cwd: work, env: { DRP_HOME: home } });
  const id = sessionIds(home)[0] ?? '';
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(`cannot write the session journal (${journalPath(home, id)}): the disk is full`);
  expect(result.stderr).toContain(`drp resume ${id}`);
  expect(result.stderr).not.toMatch(NO_TRACE);
  expect(readFileSync(join(work, 'runs.log'), 'utf8')).toBe('before\n');
  const kept = readFileSync(journalPath(home, id));
  const { events, skipped } = parseJournal(kept.toString('utf8'));
  expect(skipped).toBeLessThanOrEqual(1);
  expect(events.map((e) => e.type)).toContain('step.started');
  expect(replay(events)?.steps.before?.status).toBe('ok');

  rmSync(join(home, 'fill'));
  const resumed = drp(['resume', id, '--non-interactive'], { cwd: work, env: { DRP_HOME: home } });
  expect(resumed.code, resumed.stderr).toBe(0);
  const after = readFileSync(journalPath(home, id));
  expect(after.subarray(0, completeLines(kept).length).equals(completeLines(kept))).toBe(true);
  expect(replay(parseJournal(after.toString('utf8')).events)?.finished?.outcome).toBe('completed');
  expect(readFileSync(join(work, 'runs.log'), 'utf8')).toBe('before\nafter\n');
}

describe('an output log that cannot be written (ENOSPC via /dev/full)', () => {
  it('stops the command at once, runs nothing after it, exits 1 naming the log, and resumes once fixed', async () => {
    const work = tempDir('drp-devfull-');
    const home = join(work, 'home');
    const file = writeRunbook(
      work,
      'full',
      steps(`  - { id: arm, title: Point the next log at /dev/full, run: 'ln -s /dev/full "\${DRP_SESSION_DIR}/output/talk.log"' }
  - id: talk
    title: Prints, then works for a while
    run: |
      echo "pid=$$" >> "\${WORK}/pids"
      echo hello
      sleep 2
      echo finished >> "\${WORK}/runs.log"
  - { id: after, title: After, run: 'echo after >> "\${WORK}/runs.log"' }
`),
    );
    const started = Date.now();
    const result = drp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { cwd: work, env: { DRP_HOME: home } });
    const elapsed = Date.now() - started;
    const id = sessionIds(home)[0] ?? '';
    const log = join(home, 'sessions', id, 'output', 'talk.log');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write the output log (${log}): the disk is full`);
    expect(result.stderr).not.toMatch(NO_TRACE);
    expect(elapsed, 'told at once, not after the 2 s command').toBeLessThan(2000);
    const [pid] = pidsInFile(join(work, 'pids'));
    await delay(2200);
    expect(pid !== undefined && alive(pid)).toBe(false);
    expect(existsSync(join(work, 'runs.log')), 'the command was stopped and nothing ran after it').toBe(false);
    const kept = readFileSync(journalPath(home, id));
    expect(parseJournal(kept.toString('utf8')).skipped).toBe(0);
    expect(replay(parseJournal(kept.toString('utf8')).events)?.steps.talk?.status).toBe('running');

    unlinkSync(log);
    const resumed = drp(['resume', id, '--non-interactive'], { cwd: work, env: { DRP_HOME: home } });
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = readFileSync(journalPath(home, id));
    expect(after.subarray(0, kept.length).equals(kept)).toBe(true);
    expect(readFileSync(join(work, 'runs.log'), 'utf8')).toBe('finished\nafter\n');
  }, 20_000);
});
