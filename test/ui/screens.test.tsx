// The overview, the finish frame and the play screen's layout at several terminal sizes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/engine/session.js';
import { readRunbook } from '../../src/read-runbook.js';
import type { StartRequest } from '../../src/ui/overview-state.js';
import { FinishScreen } from '../../src/ui/screens/finish.js';
import { OverviewScreen } from '../../src/ui/screens/overview.js';
import { PlayScreen } from '../../src/ui/screens/play.js';
import { overviewOf } from '../../src/ui/services.js';
import { frameLines, renderUi, type UiHarness } from '../helpers/ui.js';
import { fixture, startFixture, useTempHome } from './fixtures.js';

let ui: UiHarness | undefined;
let session: Session | undefined;

beforeAll(() => {
  useTempHome();
});

afterEach(() => {
  ui?.unmount();
  session?.close();
  ui = undefined;
  session = undefined;
});

function overview(mode: 'incident' | 'drill', modeFixed: boolean) {
  const data = overviewOf(fixture('kinds.yaml'), readRunbook(fixture('kinds.yaml')).runbook, mode);
  let start: (r: StartRequest) => void = () => {};
  const started = new Promise<StartRequest>((resolve) => (start = resolve));
  let back = false;
  ui = renderUi(<OverviewScreen runbook={data.runbook} mode={mode} modeFixed={modeFixed} needed={data.needed} onStart={start} onBack={() => (back = true)} />, { columns: 80, rows: 24 });
  return { ui, started, wentBack: () => back };
}

describe('overview', () => {
  it('shows what the runbook is for, its objectives and the mode in a word', async () => {
    const { ui } = overview('incident', true);
    const frame = await ui.waitForFrame('Before the clock starts');
    for (const text of [' INCIDENT  UI test — every kind of step', 'Objectives: RTO 1h · RPO 1h', '• The first symptom', 'Scenario: The TUI meets each step kind once', '8 steps']) expect(frame).toContain(text);
    expect(frame).toMatch(/› TARGET +▏ +Target host/);
    expect(frame).toMatch(/Impact began +now/);
    expect(frame).toMatch(/Enter start the clock +↑↓ move +Esc back/);
    expect(frameLines(frame).length).toBeLessThan(24);
  });

  it('asks for the variables still needed: pattern-checked, the secret masked while typed', async () => {
    const { ui, started } = overview('drill', true);
    await ui.waitForFrame('TARGET');
    await ui.type('DB');
    await ui.press('down');
    await ui.type('tok-123');
    await ui.waitForFrame('•••••••▏');
    expect(ui.frame()).not.toContain('tok-123');
    await ui.press('enter');
    await ui.waitForFrame('✗ TARGET: "DB" does not match the pattern ^[a-z]+$');
    await ui.press('backspace', 'backspace');
    await ui.type('db');
    await ui.press('down', 'down');
    await ui.type('-25m');
    await ui.press('enter');
    const request = await started;
    expect(request).toMatchObject({ mode: 'drill', values: { TARGET: 'db', TOKEN: 'tok-123' } });
    expect(Date.now() - (request.impactAt ?? 0)).toBeGreaterThanOrEqual(25 * 60_000);
  });

  it('from the picker, drill and incident switch with space', async () => {
    const { ui, started } = overview('incident', false);
    await ui.waitForFrame('drill [INCIDENT]');
    await ui.waitForFrame('space switches');
    expect(ui.frame()).toContain('space switch mode');
    await ui.press('space');
    await ui.waitForFrame(' DRILL  UI test');
    expect(ui.frame()).toContain('[DRILL] incident');
    await ui.press('down');
    await ui.type('db');
    await ui.press('down');
    await ui.type('t');
    await ui.press('enter');
    expect((await started).mode).toBe('drill');
  });

  it('keys that arrive in one read act one after the other: space switches, Enter starts', async () => {
    const data = overviewOf(fixture('slow.yaml'), readRunbook(fixture('slow.yaml')).runbook, 'incident');
    let start: (r: StartRequest) => void = () => {};
    const started = new Promise<StartRequest>((resolve) => (start = resolve));
    ui = renderUi(<OverviewScreen runbook={data.runbook} mode="incident" modeFixed={false} needed={data.needed} onStart={start} onBack={() => {}} />);
    await ui.waitForFrame('space switches');
    await ui.type(' \r');
    expect((await started).mode).toBe('drill');
  });

  it('Esc goes back', async () => {
    const { ui, wentBack } = overview('incident', true);
    await ui.waitForFrame('Before the clock starts');
    await ui.press('escape');
    await ui.waitForFrame(() => wentBack(), 'the back callback');
  });
});

describe('finish', () => {
  async function finish(s: Session, finished: boolean, writeReport?: (dir: string) => Promise<string | undefined>): Promise<{ frame: string; code: number }> {
    let done: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (done = resolve));
    ui = renderUi(<FinishScreen state={s.state} dir={s.dir} finished={finished} writeReport={writeReport} onDone={done} />);
    const code = await exited;
    return { frame: ui.frame(), code };
  }

  it('a completed session: outcome, objectives met, the report written; exit 0', async () => {
    session = startFixture('slow.yaml');
    session.finish('completed');
    const reports = mkdtempSync(join(tmpdir(), 'drp-reports-'));
    const { frame, code } = await finish(session, true, async (dir) => join(reports, `${dir.split('/').at(-1)}.md`));
    expect(code).toBe(0);
    expect(frame).toContain('✓ COMPLETED');
    expect(frame).toMatch(/RTO 30m: met \(T\+00:00:0\d from impact\)/);
    expect(frame).toContain(`Report: ${reports}/${session.id}.md`);
  });

  it('an objective missed: said in words, exit 3; a report that fails says how to write it', async () => {
    session = startFixture('slow.yaml', { impactAt: Date.now() - 45 * 60_000 });
    session.finish('completed');
    const { frame, code } = await finish(session, true, async () => {
      throw new Error('disk full');
    });
    expect(code).toBe(3);
    expect(frame).toMatch(/RTO 30m: MISSED \(T\+00:45:0\d from impact\)/);
    expect(frame).toContain(`The report could not be written (disk full); write it with: drp report ${session.id}`);
  });

  it('left with q: resumable, the command to resume, exit 130', async () => {
    session = startFixture('slow.yaml');
    session.interrupt('quit');
    const { frame, code } = await finish(session, false);
    expect(code).toBe(130);
    expect(frame).toContain('Left the session; it stays resumable');
    expect(frame).toContain(`drp resume ${session.id}`);
  });
});

describe('play screen layout', () => {
  const fits = (frame: string, columns: number, rows: number): void => {
    const lines = frameLines(frame);
    expect(lines.length, frame).toBeLessThan(rows);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
  };

  it('fits 80x24 and stays shorter than the terminal through resizes', async () => {
    session = startFixture('kinds.yaml', { vars: { TARGET: 'db', TOKEN: 'x' } });
    ui = renderUi(<PlayScreen session={session} onEnd={() => {}} />, { columns: 80, rows: 24 });
    // ink-testing-library draws its first frame at 100 columns; the harness then sets 80x24
    fits(await ui.waitForFrame((f) => f.includes('Say hello') && frameLines(f).every((l) => l.length <= 80), 'an 80-column frame'), 80, 24);
    expect(ui.frame()).toContain('T+00:00:0');
    for (const [columns, rows] of [[120, 40], [60, 15], [100, 30], [80, 24]] as const) {
      ui.resize(columns, rows);
      const frame = await ui.waitForFrame((f) => frameLines(f).length === rows - 1 && frameLines(f).every((l) => l.length <= columns), `a ${columns}x${rows} frame`);
      fits(frame, columns, rows);
      expect(frame).toMatch(/RTO 1h/);
    }
  });

  it('with a prompt and a banner open at 80x24, still shorter than the terminal', async () => {
    session = startFixture('slow.yaml', { impactAt: Date.now() - 16 * 60_000 });
    ui = renderUi(<PlayScreen session={session} onEnd={() => {}} />, { columns: 80, rows: 24 });
    await ui.waitForFrame('ESCALATE');
    await ui.press('n');
    fits(await ui.waitForFrame('Note for the journal'), 80, 24);
  });
});
