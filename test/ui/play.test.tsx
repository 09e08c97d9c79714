// The play screen on real sessions: every step kind and every key, commands really run, the journal checked.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/engine/session.js';
import type { PlayEnd } from '../../src/ui/hooks/use-play-driver.js';
import { PlayScreen } from '../../src/ui/screens/play.js';
import { renderUi, type UiHarness } from '../helpers/ui.js';
import { journal, startFixture, useTempHome } from './fixtures.js';

const SECRET = 'tok-SECRET-123';
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

describe('play screen: every kind of step', () => {
  it('plays a runbook to its end with the keys, and the journal says what happened', async () => {
    const { ui, ended } = play(startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: SECRET } }));
    // header, list, panel with the command after substitution, the secret masked
    let frame = await ui.waitForFrame('$ echo "hello-drill db token=***"');
    expect(frame).toContain(' DRILL ');
    expect(frame).toMatch(/T\+00:00:0\d \/ RTO 1h \(0%\)/);
    expect(frame).toContain('projected finish');
    expect(frame).toContain('›· Say hello');
    expect(frame).toContain('Enter run');

    await ui.press('enter');
    frame = await ui.waitForFrame('✓ Say hello');
    expect(frame).toContain('  hello-drill db token=***');
    expect(frame).toContain('! to stderr');
    expect(frame).not.toContain(SECRET);

    // a failure: r re-runs it, c continues past it
    await ui.press('enter');
    frame = await ui.waitForFrame('✗ FAILED (attempt 1): exit 3');
    expect(frame).toMatch(/r re-run +e edit +s skip +c continue +x end session/);
    await ui.press('r');
    await ui.waitForFrame('✗ FAILED (attempt 2)');
    await ui.press('c');

    // a dangerous step: its word, typed wrong then right
    frame = await ui.waitForFrame('⚠ DANGEROUS');
    await ui.press('enter');
    await ui.waitForFrame('Dangerous step: type really to run it');
    await ui.type('nope');
    await ui.press('enter');
    await ui.waitForFrame('✗ Type really exactly');
    await ui.press('backspace', 'backspace', 'backspace', 'backspace');
    // typed fast: the word and its Enter arrive in one read
    await ui.type('really\r');
    await ui.waitForFrame('  danger done');

    // in a drill the incident-only step is skipped by itself; the decision is next
    frame = await ui.waitForFrame(/↷ Only in an incident +skipped/);
    await ui.waitForFrame('› 1. Manual path  → manual');
    await ui.press('down', 'up', 'enter');

    // a manual step: the markdown instructions, Enter when done
    frame = await ui.waitForFrame('Restart backend with `systemctl restart backend`.');
    expect(frame).toContain('• then read the logs');
    await ui.press('enter');

    // an input: refused off its pattern, then given
    await ui.waitForFrame('Enter to type the value of BACKUP_FILE');
    await ui.press('enter');
    await ui.type('dump.sql');
    await ui.press('enter');
    await ui.waitForFrame('does not match the pattern ^backup-');
    await ui.press('home');
    await ui.type('backup-');
    await ui.press('enter');

    // a checklist: space ticks, ↓ moves, Enter completes; the session then finishes
    await ui.waitForFrame('[ ] Services up');
    await ui.press('space');
    await ui.waitForFrame('[x] Services up');
    await ui.press('down', 'space');
    await ui.waitForFrame('[x] Monitoring green');
    await ui.press('enter');
    expect(await ended).toEqual({ kind: 'finished' });

    const state = session!.state;
    expect(state.finished).toMatchObject({ outcome: 'completed', exitCode: 0 });
    const statuses = Object.fromEntries(Object.values(state.steps).map((s) => [s.id, s.status]));
    expect(statuses).toEqual({ hello: 'ok', fails: 'failed', danger: 'ok', 'incident-only': 'skipped', pick: 'ok', manual: 'ok', capture: 'ok', checks: 'ok' });
    const events = journal(session!.dir);
    expect(events.find((e) => e.type === 'input.given')).toMatchObject({ var: 'BACKUP_FILE', value: 'backup-dump.sql' });
    expect(events.filter((e) => e.type === 'step.finished' && e.step === 'fails').at(-1)).toMatchObject({ status: 'failed', continued: true, attempt: 2, exitCode: 3 });
    expect(events.find((e) => e.type === 'checklist.ticked' && e.item === 1)).toMatchObject({ checked: true });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('s skips with a reason, n adds a note, ! runs an ad-hoc command, e runs an edited one', async () => {
    const { ui } = play(startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: SECRET } }));
    await ui.waitForFrame('Say hello');
    await ui.press('n');
    await ui.waitForFrame('Note for the journal and the report');
    expect(ui.frame()).toMatch(/Enter done +Esc cancel/);
    await ui.type('paged the DBA');
    await ui.press('enter');
    await ui.waitForFrame((f) => !f.includes('Note for the journal'));

    await ui.press('!');
    await ui.waitForFrame('Ad-hoc command');
    await ui.type('echo adhoc-output');
    await ui.press('enter');
    await ui.waitForFrame('  adhoc-output');

    await ui.press('e');
    await ui.waitForFrame('> echo "${GREETING} ${TARGET} token=${TOKEN}"; echo "to stderr" >&2▏');
    await ui.press(...Array.from({ length: 22 }, () => 'backspace'));
    await ui.type('; echo edited');
    await ui.press('enter');
    await ui.waitForFrame('  edited');
    await ui.waitForFrame('fails · run');

    await ui.press('s');
    await ui.waitForFrame('Why skip "A command that fails"?');
    await ui.press('enter');
    await ui.waitForFrame('✗ Say why');
    await ui.type('known broken');
    await ui.press('enter');
    await ui.waitForFrame(/↷ A command that fails +skipped/);

    const events = journal(session!.dir);
    expect(events.find((e) => e.type === 'note.added')).toMatchObject({ text: 'paged the DBA', by: 'tester', step: 'hello' });
    expect(events.find((e) => e.type === 'step.started' && e.adhoc)).toMatchObject({ step: 'adhoc-1', command: 'echo adhoc-output' });
    expect(events.find((e) => e.type === 'step.started' && e.step === 'hello')).toMatchObject({ edited: true, command: 'echo "hello-drill db token=***"; echo edited' });
    expect(events.find((e) => e.type === 'step.finished' && e.step === 'fails')).toMatchObject({ status: 'skipped', reason: 'known broken' });
  });

  it('x ends the session after a failure, as failed with exit 1', async () => {
    const { ui, ended } = play(startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: SECRET } }));
    await ui.waitForFrame('Say hello');
    await ui.press('enter');
    await ui.waitForFrame('fails · run');
    await ui.press('enter');
    await ui.waitForFrame('✗ FAILED');
    await ui.press('x');
    await ui.type('cannot fix it now');
    await ui.press('enter');
    expect(await ended).toEqual({ kind: 'finished' });
    expect(session!.state.finished).toMatchObject({ outcome: 'failed', exitCode: 1, reason: 'cannot fix it now' });
  });

  it('steps a decision left aside are marked – once passed', async () => {
    const { ui } = play(startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: SECRET } }));
    await ui.waitForFrame('Say hello');
    for (const id of ['hello', 'fails', 'danger']) {
      await ui.waitForFrame(`${id} · run`);
      await ui.press('s');
      await ui.type('not now');
      await ui.press('enter');
    }
    await ui.waitForFrame('pick · choices');
    await ui.press('down', 'enter');
    const frame = await ui.waitForFrame('checks · checklist');
    expect(frame).toMatch(/ – Do something by hand/);
    expect(frame).toMatch(/ – Record the backup file/);
    expect(frame).toMatch(/↷ A command that fails +skipped/);
  });

  it('a resumed session says so, with when it was left', async () => {
    const first = startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: SECRET } });
    first.interrupt('quit');
    first.close();
    const { Session } = await import('../../src/engine/session.js');
    const { ui } = play(Session.resume(first.id, { interactive: true, values: first.values, env: { PATH: process.env.PATH } }));
    await ui.waitForFrame(/» resumed \(left at \d\d:\d\d: quit\); the incident clock kept running from \d\d:\d\d/);
  });

  it('? shows every key and Esc closes it', async () => {
    const { ui } = play(startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: SECRET } }));
    await ui.waitForFrame('Say hello');
    await ui.press('?');
    const frame = await ui.waitForFrame('Keys — Esc or ? closes');
    for (const text of ['Ctrl-C', 'Tab or /', 'run an ad-hoc command', 'leave; the session stays resumable']) expect(frame).toContain(text);
    await ui.press('escape');
    await ui.waitForFrame((f) => !f.includes('Keys — Esc') && f.includes('$ echo'));
  });

  it('q leaves mid-way: the session is journaled as interrupted and stays open', async () => {
    const { ui, ended } = play(startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: SECRET } }));
    await ui.waitForFrame('Say hello');
    await ui.press('q');
    expect(await ended).toEqual({ kind: 'quit' });
    expect(session!.state.finished).toBeUndefined();
    expect(session!.state.interruptions).toMatchObject([{ reason: 'quit' }]);
  });
});

describe('play screen: checks and secrets', () => {
  it('shows a check\'s settings and result; on_fail: continue moves on; a secret input is never shown or journaled', async () => {
    const { ui, ended } = play(startFixture('more.yaml'));
    let frame = await ui.waitForFrame('port · check');
    expect(frame).toContain('check tcp');
    expect(frame).toContain('host: 127.0.0.1');
    expect(frame).toContain('Enter runs the check.');
    await ui.press('enter');
    await ui.waitForFrame('password · input');
    // continued past: the list keeps it failed, the output says why
    frame = await ui.waitForFrame(/ {2}FAILED: .*127\.0\.0\.1:1/);
    expect(frame).toMatch(/✗ Is the database port.* failed/);
    await ui.press('enter');
    await ui.waitForFrame('Value (secret: not shown, not journaled)');
    await ui.type('hunter2-secret');
    frame = await ui.waitForFrame('> ••••••••••••••▏');
    expect(frame).not.toContain('hunter2');
    await ui.press('enter');
    await ui.waitForFrame('use · run');
    await ui.press('enter');
    frame = await ui.waitForFrame('  password is ***');
    await ended;
    expect(frame).not.toContain('hunter2');
    const events = journal(session!.dir);
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(events.find((e) => e.type === 'step.finished' && e.step === 'port')).toMatchObject({ status: 'failed', continued: true });
    expect(session!.state.finished).toMatchObject({ outcome: 'completed' });
  });
});
