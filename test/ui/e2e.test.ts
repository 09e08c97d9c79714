// The real binary in tmux at 100x30, as an operator plays it: from the overview to the finish,
// and a second session left with q and resumed in a new terminal. The journals say what happened.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/session/events.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { Tmux } from '../helpers/tmux.js';
import { journal } from './fixtures.js';

const DEMO = join(ROOT, 'runbooks', 'demo', 'folder-restore-drill.yaml');
// Clear screen and clear scrollback: never to be written (SPEC §5).
const CLEAR = ['\u001B[2J', '\u001B[3J'];

let tmux: Tmux;
let home: string;
let work: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'drp-e2e-'));
  home = join(work, 'home');
  tmux = new Tmux(work);
});

afterEach(() => {
  tmux.kill();
});

/** A shell command running drp in the work folder (reports land there), with the exit code printed after. */
function drp(args: string): string {
  return `cd ${work} && env -u CI DRP_HOME=${home} DRP_OPERATOR=e2e node ${BIN} ${args}; echo "EXIT=$?"; sleep 60`;
}

function sessionEvents(): SessionEvent[] {
  const [id] = readdirSync(join(home, 'sessions'));
  return journal(join(home, 'sessions', id ?? ''));
}

function statuses(events: SessionEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const event of events) if (event.type === 'step.finished' && !event.step.startsWith('adhoc')) out[event.step] = event.status;
  return out;
}

/** Plays the demo from the current step `from` to its end, the way the footer says. */
async function playDemo(name: string, from: 'prepare' | 'backup'): Promise<void> {
  if (from === 'prepare') {
    await tmux.waitFor(name, '›· Create the data to protect');
    tmux.keys(name, 'Enter');
  }
  await tmux.waitFor(name, '›· Back up the folder');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, '›· Verify the archive');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, '› 1. A file is corrupted');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, 'Enter, then type corrupt, runs it.');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, 'Dangerous step: type corrupt to run it');
  tmux.text(name, 'corrupt');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, '›· Detect the damage');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, '›· Restore from the archive');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, '›· Compare checksums');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, '[ ] Every file is back');
  for (const key of ['Space', 'Down', 'Space', 'Down', 'Space']) tmux.keys(name, key);
  await tmux.waitFor(name, '› [x] Backup archive kept');
  tmux.keys(name, 'Enter');
}

describe('drp in a terminal', () => {
  it('plays the demo drill from the overview to a finished session, through a resize', async () => {
    tmux.start('run', drp(`run ${DEMO} --drill`));
    let screen = await tmux.waitFor('run', 'Before the clock starts');
    expect(screen).toContain(' DRILL  Demo — back up a folder');
    expect(screen).toMatch(/› Impact began +▏ +empty = now/);
    tmux.keys('run', 'Enter');
    screen = await tmux.waitFor('run', '›· Create the data to protect');
    expect(screen).toMatch(/T\+00:00:0\d \/ RTO 5m \(\d+%\)/);
    expect(screen).toMatch(/Enter run +e edit +s skip +! ad-hoc +n note +Tab scroll +\? help +q quit/);
    tmux.keys('run', 'Enter');
    await tmux.waitFor('run', '  created 6 files');
    // the terminal shrinks mid-session: the frame follows, nothing clears the screen
    tmux.resize('run', 80, 24);
    await tmux.waitFor('run', /^.{0,80}RTO 5m/m);
    await playDemo('run', 'backup');
    screen = await tmux.waitFor('run', 'EXIT=0');
    expect(screen).toContain('✓ COMPLETED');
    expect(screen).toMatch(/RTO 5m: met/);
    expect(screen).toMatch(/Report: .*reports\/.*\.md/);

    const events = sessionEvents();
    expect(events[0]).toMatchObject({ type: 'session.started', mode: 'drill', interactive: true, operator: 'e2e' });
    expect(statuses(events)).toEqual({ prepare: 'ok', backup: 'ok', 'verify-backup': 'ok', disaster: 'ok', corrupt: 'ok', detect: 'ok', restore: 'ok', compare: 'ok', 'post-recovery': 'ok' });
    expect(events.at(-1)).toMatchObject({ type: 'session.finished', outcome: 'completed', exitCode: 0, rtoMet: true });
    const raw = tmux.raw('run');
    expect(raw.length).toBeGreaterThan(1000);
    for (const escape of CLEAR) expect(raw.includes(escape), `wrote ${JSON.stringify(escape)}`).toBe(false);
  });

  it('leaves a session with q mid-way, then drp resume in a new terminal finishes it', async () => {
    tmux.start('first', drp(`run ${DEMO} --drill`));
    await tmux.waitFor('first', 'Before the clock starts');
    tmux.keys('first', 'Enter');
    await tmux.waitFor('first', '›· Create the data to protect');
    tmux.keys('first', 'Enter');
    await tmux.waitFor('first', '›· Back up the folder');
    tmux.keys('first', 'q');
    let screen = await tmux.waitFor('first', 'EXIT=130');
    expect(screen).toContain('Left the session; it stays resumable');
    expect(screen).toMatch(/Resume: drp resume \S+demo-folder-restore/);

    tmux.start('second', drp('resume'));
    screen = await tmux.waitFor('second', '›· Back up the folder');
    expect(screen).toContain('✓ Create the data to protect');
    await playDemo('second', 'backup');
    screen = await tmux.waitFor('second', 'EXIT=0');
    expect(screen).toContain('✓ COMPLETED');

    const events = sessionEvents();
    expect(events.filter((e) => e.type === 'session.interrupted')).toMatchObject([{ reason: 'quit' }]);
    expect(events.filter((e) => e.type === 'session.resumed')).toHaveLength(1);
    expect(statuses(events)).toMatchObject({ prepare: 'ok', backup: 'ok', compare: 'ok', 'post-recovery': 'ok' });
    expect(events.at(-1)).toMatchObject({ type: 'session.finished', outcome: 'completed' });
    for (const name of ['first', 'second']) for (const escape of CLEAR) expect(tmux.raw(name).includes(escape)).toBe(false);
  });

  it('a lost terminal (SIGHUP) leaves the session interrupted, unlocked and resumable', async () => {
    tmux.start('lost', drp(`run ${DEMO} --drill`));
    await tmux.waitFor('lost', 'Before the clock starts');
    tmux.keys('lost', 'Enter');
    await tmux.waitFor('lost', '›· Create the data to protect');
    tmux.keys('lost', 'Enter');
    await tmux.waitFor('lost', '›· Back up the folder');
    tmux.kill();
    const [id] = readdirSync(join(home, 'sessions'));
    const dir = join(home, 'sessions', id ?? '');
    for (let i = 0; i < 300 && !sessionEvents().some((e) => e.type === 'session.interrupted'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sessionEvents().filter((e) => e.type === 'session.interrupted')).toMatchObject([{ reason: 'SIGHUP' }]);
    for (let i = 0; i < 300 && existsSync(join(dir, 'lock')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(join(dir, 'lock'))).toBe(false);

    tmux = new Tmux(work);
    tmux.start('again', drp(`resume ${id}`));
    const screen = await tmux.waitFor('again', '›· Back up the folder');
    expect(screen).toContain('resumed (left at');
  });
});
