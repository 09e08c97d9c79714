// The play screen while commands run: Ctrl-C, q, a flood of output, scrolling, and the clock's banners.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/engine/session.js';
import type { PlayEnd } from '../../src/ui/hooks/use-play-driver.js';
import { PlayScreen } from '../../src/ui/screens/play.js';
import { renderUi, type UiHarness } from '../helpers/ui.js';
import { startFixture, useTempHome } from './fixtures.js';

let ui: UiHarness | undefined;
let session: Session | undefined;

beforeAll(() => {
  useTempHome();
});

afterEach(() => {
  ui?.unmount();
  session?.stopRunning();
  session?.close();
  ui = undefined;
  session = undefined;
});

function play(s: Session, size = { columns: 100, rows: 30 }): { ui: UiHarness; ended: Promise<PlayEnd> } {
  session = s;
  let resolveEnd: (end: PlayEnd) => void = () => {};
  const ended = new Promise<PlayEnd>((resolve) => (resolveEnd = resolve));
  ui = renderUi(<PlayScreen session={s} onEnd={resolveEnd} />, size);
  return { ui, ended };
}

describe('play screen: running commands', () => {
  it('Ctrl-C stops the running command, not the app; the step is interrupted and can run again', async () => {
    const { ui } = play(startFixture('slow.yaml'));
    await ui.waitForFrame('A command that takes long');
    await ui.press('enter');
    let frame = await ui.waitForFrame('  started');
    expect(frame).toContain('▶ RUNNING');
    expect(frame).toMatch(/Ctrl-C stop it +n note +Tab scroll/);
    expect(frame).toMatch(/step 00:0\d \/ est 1m/);
    await ui.press('ctrlC');
    frame = await ui.waitForFrame('⏸ INTERRUPTED: stopped by the operator');
    expect(frame).toMatch(/Enter run .*s skip/);
    expect(session!.state.finished).toBeUndefined();
    await ui.press('ctrlC');
    await ui.waitForFrame('Nothing is running. q leaves');
  });

  it('q while a command runs stops it, records it interrupted, and leaves the session resumable', async () => {
    const { ui, ended } = play(startFixture('slow.yaml'));
    await ui.waitForFrame('slow · run');
    await ui.press('enter');
    await ui.waitForFrame('  started');
    await ui.press('q');
    expect(await ended).toEqual({ kind: 'quit' });
    expect(session!.state.steps.slow?.status).toBe('interrupted');
    expect(session!.state.finished).toBeUndefined();
  });

  it('under a flood of output it shows the tail, coalesces frames, and answers keys', async () => {
    const { ui } = play(startFixture('slow.yaml'));
    await ui.waitForFrame('A command that takes long');
    await ui.press('s');
    await ui.type('not this time');
    await ui.press('enter');
    await ui.waitForFrame('›· A flood of output');
    const before = ui.frames().length;
    const started = Date.now();
    await ui.press('enter');
    await ui.waitForFrame('▶ RUNNING');
    // a key in the middle of the flood is answered
    await ui.press('?');
    await ui.waitForFrame('Keys — Esc or ? closes');
    await ui.press('escape');
    const frame = await ui.waitForFrame('! last line');
    const elapsed = Date.now() - started;
    expect(frame).toContain('  line 100000');
    // 100,000 lines, yet only about 15 frames a second (plus one per key and per journaled event)
    const frames = ui.frames().length - before;
    expect(frames).toBeLessThan(elapsed / 1000 * 15 + 30);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('Tab scrolls back through the output kept, End follows again', async () => {
    const { ui } = play(startFixture('slow.yaml'));
    await ui.waitForFrame('A command that takes long');
    await ui.press('s');
    await ui.type('no');
    await ui.press('enter', 'enter');
    await ui.waitForFrame('! last line');
    await ui.press('tab', 'pageUp');
    const frame = await ui.waitForFrame(/scrolled \d+ up/);
    expect(frame).not.toContain('! last line');
    expect(frame).toMatch(/↑↓ scroll +PgUp\/PgDn page +End follow/);
    await ui.press('end');
    await ui.waitForFrame('! last line');
  });
});

describe('play screen: the clock', () => {
  it('shows escalations and update reminders as banners, said in words', async () => {
    const { ui } = play(startFixture('slow.yaml', { impactAt: Date.now() - 16 * 60_000 }));
    let frame = await ui.waitForFrame('ESCALATE');
    expect(frame).toContain(' ESCALATE  to Team lead (lead@example.com): the incident clock passed 15m');
    expect(frame).toMatch(/T\+00:16:\d\d \/ RTO 30m \(53%\)/);
    session!.pollClock(Date.now() + 31 * 60_000);
    frame = await ui.waitForFrame('UPDATE');
    expect(frame).toContain(' UPDATE  status update #1 due: Post a status update');
  });

  it('says when the RTO nears and when it is passed, not only in colour', async () => {
    const near = play(startFixture('slow.yaml', { impactAt: Date.now() - 24 * 60_000 }));
    expect(await near.ui.waitForFrame('nearing RTO')).toMatch(/\(80%\) nearing RTO/);
    near.ui.unmount();
    session!.close();
    const over = play(startFixture('slow.yaml', { impactAt: Date.now() - 40 * 60_000 }));
    expect(await over.ui.waitForFrame('OVER RTO')).toMatch(/\(133%\) OVER RTO ████/);
    expect(over.ui.frame()).toMatch(/late\)/);
  });
});
