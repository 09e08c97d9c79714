import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import { replay } from '../../src/session/state.js';
import { alive, drp, eventually, startDrp, tempDir, testRunbook, type RunningDrp } from '../helpers/cli.js';

/** A runbook whose middle step runs long: the point where the tests kill or interrupt drp. */
function longRunbook(dir: string, onResume: 'skip' | 'rerun'): string {
  const file = join(dir, `long-${onResume}.yaml`);
  writeFileSync(
    file,
    testRunbook(
      `long-${onResume}`,
      `  - { id: first, title: First, run: 'echo first >> "\${WORK}/runs.log"' }
  - id: long
    title: Long step
    run: |
      echo long >> "\${WORK}/runs.log"
      if [ -e "\${WORK}/long-started" ]; then exit 0; fi
      echo "pid=$$" > "\${WORK}/long-started"
      sleep 30 & wait
    on_resume: ${onResume}
  - { id: last, title: Last, run: 'echo last >> "\${WORK}/runs.log"' }
`,
      { title: 'Long step' },
    ),
  );
  return file;
}

const sessionId = (home: string): string => readdirSync(join(home, 'sessions'))[0] ?? '';
const events = (home: string) => parseJournal(readFileSync(join(home, 'sessions', sessionId(home), 'journal.jsonl'), 'utf8')).events;
const startedPid = (work: string): number | undefined => {
  const path = join(work, 'long-started');
  const match = existsSync(path) ? /pid=(\d+)/.exec(readFileSync(path, 'utf8')) : null;
  return match ? Number(match[1]) : undefined;
};

/** The pid of the long step's shell once it runs; on a timeout, fails with what drp printed. */
async function longStepStarted(running: RunningDrp, work: string): Promise<number> {
  try {
    return await eventually(() => startedPid(work), 'the long step to start');
  } catch (error) {
    running.child.kill('SIGKILL');
    const { stdout, stderr } = await running.exited;
    throw new Error(`${(error as Error).message}\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
}

describe('resume after kill -9', () => {
  for (const onResume of ['skip', 'rerun'] as const) {
    it(`finishes the same session with earlier events intact (on_resume: ${onResume})`, async () => {
      const work = tempDir();
      const home = tempDir();
      const file = longRunbook(work, onResume);
      const running = startDrp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { env: { DRP_HOME: home } });
      const shellPid = await longStepStarted(running, work);
      const before = events(home);
      running.child.kill('SIGKILL');
      await running.exited;
      expect(alive(shellPid), 'kill -9 of drp does not reach its command (own process group)').toBe(true);

      const resumed = drp(['resume', '--non-interactive'], { env: { DRP_HOME: home } });
      expect(resumed.code, resumed.stderr).toBe(0);
      const after = events(home);
      expect(after.slice(0, before.length)).toEqual(before);
      const state = replay(after);
      expect(state?.session).toBe(sessionId(home));
      expect(state?.finished?.outcome).toBe('completed');
      const runs = readFileSync(join(work, 'runs.log'), 'utf8').trim().split('\n');
      expect(runs).toEqual(onResume === 'skip' ? ['first', 'long', 'last'] : ['first', 'long', 'long', 'last']);
      const interrupted = after.find((e) => e.type === 'step.finished' && e.step === 'long' && e.status === 'interrupted');
      expect(interrupted).toBeDefined();
      // the command the killed drp left running was stopped before anything else ran
      expect(alive(shellPid)).toBe(false);
      const note = after.find((e) => e.type === 'note.added' && e.text.includes(`process group ${shellPid}`));
      expect(note).toBeDefined();
      expect(after.indexOf(note!)).toBeLessThan(after.findIndex((e) => e.type === 'step.started' && e.step === 'last'));
      expect(state?.steps.long?.status).toBe(onResume === 'skip' ? 'skipped' : 'ok');
    });
  }
});

describe('signals and the driver lock', () => {
  it('SIGINT stops the running command with its group, exits 130 and leaves the session resumable', async () => {
    const work = tempDir();
    const home = tempDir();
    const running = startDrp(['run', longRunbook(work, 'rerun'), '--non-interactive', '--var', `WORK=${work}`], { env: { DRP_HOME: home } });
    const shellPid = await longStepStarted(running, work);
    running.child.kill('SIGINT');
    const { code, stderr } = await running.exited;
    expect(code).toBe(130);
    expect(stderr).toContain(`drp resume ${sessionId(home)}`);
    await eventually(() => !alive(shellPid), 'the command to be stopped', 100);
    const state = replay(events(home));
    expect(state?.interruptions.map((i) => i.reason)).toEqual(['SIGINT']);
    expect(state?.steps.long?.status).toBe('interrupted');
    expect(state?.finished).toBeUndefined();
  });

  it('SIGHUP (a dropped SSH session) is recorded and the session resumes from a new process', async () => {
    const work = tempDir();
    const home = tempDir();
    const running = startDrp(['run', longRunbook(work, 'skip'), '--non-interactive', '--var', `WORK=${work}`], { env: { DRP_HOME: home } });
    await longStepStarted(running, work);
    running.child.kill('SIGHUP');
    expect((await running.exited).code).toBe(130);
    const resumed = drp(['resume', '--non-interactive'], { env: { DRP_HOME: home } });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(replay(events(home))?.interruptions.map((i) => i.reason)).toEqual(['SIGHUP']);
  });

  it('refuses a second process on the same session with a clear message', async () => {
    const work = tempDir();
    const home = tempDir();
    const running = startDrp(['run', longRunbook(work, 'rerun'), '--non-interactive', '--var', `WORK=${work}`], { env: { DRP_HOME: home } });
    await longStepStarted(running, work);
    const second = drp(['resume', sessionId(home), '--non-interactive'], { env: { DRP_HOME: home } });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`this session is being driven by process ${running.child.pid}`);
    running.child.kill('SIGINT');
    expect((await running.exited).code).toBe(130);
  });
});
