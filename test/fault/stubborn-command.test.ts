/**
 * A command that will not die: it ignores SIGTERM, has grandchildren, and leaves a background
 * process holding its stdout open. Played by `drp run` with a step timeout, nothing of it may be
 * alive once the timeout, the grace period (5 s, the engine's default) and 250 ms have passed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import { alive, startDrp, tempDir, testRunbook } from '../helpers/cli.js';
import { journalPath, pidsInFile, writeRunbook } from '../helpers/fault.js';

const TIMEOUT_MS = 1000;
const GRACE_MS = 5000;

const runbook = (script: string): string =>
  testRunbook(
    'stubborn',
    `  - id: stubborn
    title: Will not stop
    timeout: 1s
    run: |
${script
  .trim()
  .split('\n')
  .map((line) => `      ${line}`)
  .join('\n')}
  - { id: after, title: Never reached, run: 'touch "\${WORK}/after-ran"' }
`,
    { title: 'Stubborn command' },
  );

/** Plays the runbook; returns when the step started (journal time), the pids it wrote, and how drp ended. */
async function play(script: string): Promise<{ startedAt: number; pids: number[]; code: number | null; stdout: string; work: string }> {
  const work = tempDir('drp-stubborn-');
  const home = join(work, 'home');
  const file = writeRunbook(work, 'stubborn', runbook(script));
  const { code, stdout } = await startDrp(['run', file, '--non-interactive', '--var', `WORK=${work}`], { cwd: work, env: { DRP_HOME: home } }).exited;
  const events = parseJournal(readFileSync(journalPath(home), 'utf8')).events;
  const started = events.find((e) => e.type === 'step.started' && e.step === 'stubborn');
  return { startedAt: started?.at ?? 0, pids: pidsInFile(join(work, 'pids')), code, stdout, work };
}

/** Waits until the step's start + timeout + grace + 250 ms, then lists what is still alive. */
async function survivors(startedAt: number, pids: number[]): Promise<number[]> {
  const deadline = startedAt + TIMEOUT_MS + GRACE_MS + 250;
  await delay(Math.max(0, deadline - Date.now()));
  const left = pids.filter(alive);
  for (const pid of left) process.kill(pid, 'SIGKILL'); // leave nothing behind for the next test
  return left;
}

describe.concurrent('a command that will not stop', () => {
  it('ignores SIGTERM, has grandchildren and a background process on its stdout: all dead after timeout + grace + 250 ms', async () => {
    const { startedAt, pids, code, stdout } = await play(`
trap '' TERM
echo "pid=$$" >> "\${WORK}/pids"
( trap '' TERM; sleep 100 & echo "pid=$!" >> "\${WORK}/pids"; sleep 100 & echo "pid=$!" >> "\${WORK}/pids"; wait ) &
echo "pid=$!" >> "\${WORK}/pids"
sleep 100 &
echo "pid=$!" >> "\${WORK}/pids"
echo started
wait
`);
    expect(code, stdout).toBe(1);
    expect(stdout).toContain('timed out after');
    expect(pids).toHaveLength(5);
    expect(await survivors(startedAt, pids)).toEqual([]);
  }, 20_000);

  // The shell dies on SIGTERM, a grandchild that ignores it (its output redirected away) lives on,
  // and drp finishes before the grace period: the group's SIGKILL is sent on drp's way out.
  it('also when the shell dies on SIGTERM but a grandchild that ignores it lives on and drp exits first', async () => {
    const { startedAt, pids, code } = await play(`
( trap '' TERM; exec sleep 100 ) > /dev/null 2>&1 &
echo "pid=$!" >> "\${WORK}/pids"
echo "pid=$$" >> "\${WORK}/pids"
sleep 100
`);
    expect(code).toBe(1);
    expect(pids).toHaveLength(2);
    expect(await survivors(startedAt, pids)).toEqual([]);
  }, 20_000);
});
