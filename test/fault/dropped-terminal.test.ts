/**
 * A dropped terminal: `drp run --non-interactive` in a real tmux pane, and the tmux session
 * killed in the middle of a long step (the kernel hangs up the pane's terminal: SIGHUP, and every
 * later write to it fails with EIO). The journal must record the interruption and the step as
 * interrupted, drp must not crash on the dead terminal, and a new process must finish the session.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import { replay } from '../../src/session/state.js';
import { alive, BIN, drp, eventually, tempDir, testRunbook } from '../helpers/cli.js';
import { journalPath, pidsInFile, writeRunbook } from '../helpers/fault.js';

const TMUX = '/usr/bin/tmux';

const RUNBOOK = testRunbook(
  'dropped',
  `  - { id: first, title: First, run: 'echo first >> "\${WORK}/runs.log"' }
  - id: long
    title: Long step
    run: |
      echo long >> "\${WORK}/runs.log"
      if [ -e "\${WORK}/pids" ]; then exit 0; fi
      echo "pid=$$" > "\${WORK}/pids"
      for i in $(seq 1 40); do echo "tick $i"; sleep 0.2; done
  - { id: last, title: Last, run: 'echo last >> "\${WORK}/runs.log"' }
`,
  { title: 'Dropped terminal' },
);

describe.runIf(existsSync(TMUX))('a dropped terminal (tmux kill-session)', () => {
  it('records SIGHUP and the step as interrupted, without crashing on the dead terminal; a new process finishes the session', async () => {
    const work = tempDir('drp-tmux-');
    const home = join(work, 'home');
    const file = writeRunbook(work, 'dropped', RUNBOOK);
    const socket = `drp-test-${process.pid}-${Date.now()}`;
    const tmux = (...args: string[]): string => execFileSync(TMUX, ['-L', socket, ...args], { encoding: 'utf8' });
    // stdout and stdin stay the pane's terminal; stderr goes to a file so the test can read what drp said after the hangup.
    const command = `cd '${work}' && exec env DRP_HOME='${home}' NO_COLOR=1 '${process.execPath}' '${BIN}' run '${file}' --non-interactive --var 'WORK=${work}' 2> '${join(work, 'stderr.txt')}'`;
    try {
      tmux('new-session', '-d', '-s', 'drp', '-x', '120', '-y', '40', command);
      const [shellPid] = await eventually(() => (pidsInFile(join(work, 'pids')).length > 0 ? pidsInFile(join(work, 'pids')) : undefined), 'the long step to start');
      tmux('kill-session', '-t', 'drp');
      const events = await eventually(() => {
        const found = existsSync(journalPath(home)) ? parseJournal(readFileSync(journalPath(home), 'utf8')).events : [];
        return found.some((e) => e.type === 'step.finished' && e.step === 'long') ? found : undefined;
      }, 'drp to record the interrupted step');
      const state = replay(events);
      expect(state?.interruptions.map((i) => i.reason)).toEqual(['SIGHUP']);
      expect(state?.steps.long?.status).toBe('interrupted');
      // drp itself recorded it (not a later resume), then left; its command was stopped with it.
      const drpPid = events.find((e) => e.type === 'session.started' && 'pid' in e)?.pid ?? 0;
      await eventually(() => !alive(drpPid), 'drp to exit');
      await eventually(() => shellPid !== undefined && !alive(shellPid), 'the long step to be stopped');
      const stderr = readFileSync(join(work, 'stderr.txt'), 'utf8');
      expect(stderr).toContain('drp resume');
      expect(stderr).not.toMatch(/Error|Assertion|\n\s+at |Native stack/);
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone with its last session
      }
    }

    const resumed = drp(['resume', '--non-interactive'], { cwd: work, env: { DRP_HOME: home } });
    expect(resumed.code, resumed.stderr).toBe(0);
    const state = replay(parseJournal(readFileSync(journalPath(home), 'utf8')).events);
    expect(state?.finished?.outcome).toBe('completed');
    expect(state?.resumes).toHaveLength(1);
    expect(readFileSync(join(work, 'runs.log'), 'utf8').trim().split('\n')).toEqual(['first', 'long', 'long', 'last']);
  }, 30_000);
});
