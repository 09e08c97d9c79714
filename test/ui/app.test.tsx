// The whole app with the real services: the picker over the bundled runbooks, the overview, play,
// leaving with q, resuming from the picker, and the finish frame with the report written.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../../src/config.js';
import { storedSessions } from '../../src/journal/sessions.js';
import { App } from '../../src/ui/app.js';
import { realServices } from '../../src/ui/services.js';
import { renderUi, type UiHarness } from '../helpers/ui.js';
import { useTempHome } from './fixtures.js';

let ui: UiHarness | undefined;
let reports = '';

beforeAll(() => {
  useTempHome();
  reports = mkdtempSync(join(tmpdir(), 'drp-reports-'));
  setConfig('reports', reports);
});

afterEach(() => {
  ui?.unmount();
  ui = undefined;
});

function app(): { ui: UiHarness; exited: Promise<{ code: number; error?: unknown }> } {
  let exit: (result: { code: number; error?: unknown }) => void = () => {};
  const exited = new Promise<{ code: number; error?: unknown }>((resolve) => (exit = resolve));
  ui = renderUi(<App start={{ screen: 'picker' }} services={realServices()} onExit={(code, error) => exit({ code, error })} />);
  return { ui, exited };
}

describe('the app from the picker', () => {
  it('picks the demo (first, with severity, RTO and steps), starts it as a drill, leaves with q, resumes it and finishes', async () => {
    let run = app();
    let frame = await run.ui.waitForFrame('pick a runbook');
    const lines = frame.split('\n');
    expect(lines[2]).toBe('demo');
    expect(lines[3]).toMatch(/^› low +RTO 5m +10 steps +Demo — back up a folder, damage it, restore it/);
    expect(frame).toMatch(/critical +RTO 2h +\d+ steps/);
    expect(frame).toMatch(/type to filter +Enter open +↑↓ move +Esc leave/);

    await run.ui.type('mongo');
    frame = await run.ui.waitForFrame(/Filter: mongo▏ +\d of/);
    expect(frame).not.toContain('Demo — back up');
    await run.ui.press('escape');
    await run.ui.waitForFrame('Demo — back up');
    await run.ui.press('enter');

    frame = await run.ui.waitForFrame('Before the clock starts');
    expect(frame).toContain(' INCIDENT  Demo — back up');
    await run.ui.press('space');
    await run.ui.waitForFrame(' DRILL  Demo — back up');
    await run.ui.press('enter');
    await run.ui.waitForFrame('Create the data to protect  prepare · run');
    await run.ui.press('enter');
    await run.ui.waitForFrame('✓ Create the data to protect');
    await run.ui.press('q');
    frame = await run.ui.waitForFrame('Left the session');
    expect(await run.exited).toEqual({ code: 130, error: undefined });
    const [stored] = storedSessions();
    expect(stored?.state.finished).toBeUndefined();
    expect(frame).toContain(`drp resume ${stored?.id}`);
    run.ui.unmount();

    run = app();
    frame = await run.ui.waitForFrame('Unfinished sessions — Enter resumes');
    expect(frame).toMatch(/› resume Demo — back up a folder, damage it, restore it\n +drill · started \d\d:\d\d · clock at T\+00:00:\d\d · next: Back up the folder \(tar \+ gzip\)/);
    await run.ui.press('enter');
    await run.ui.waitForFrame('Back up the folder (tar + gzip)  backup · run');
    await run.ui.press('enter');
    await run.ui.waitForFrame('verify-backup · run');
    await run.ui.press('enter');
    await run.ui.waitForFrame('disaster · choices');
    await run.ui.press('down', 'enter');
    await run.ui.waitForFrame('delete · run');
    await run.ui.press('enter');
    await run.ui.type('delete');
    await run.ui.press('enter');
    await run.ui.waitForFrame('detect · run');
    await run.ui.press('enter');
    await run.ui.waitForFrame('restore · run');
    await run.ui.press('enter');
    await run.ui.waitForFrame('compare · run');
    await run.ui.press('enter');
    await run.ui.waitForFrame('post-recovery · checklist');
    await run.ui.press('space', 'down', 'space', 'down', 'space', 'enter');
    frame = await run.ui.waitForFrame('Report: ');
    expect(await run.exited).toEqual({ code: 0, error: undefined });
    expect(frame).toContain('✓ COMPLETED');
    expect(frame).toMatch(/RTO 5m: met/);
    const report = join(reports, `${stored?.id}.md`);
    expect(frame).toContain(`Report: ${report}`);
    expect(existsSync(report)).toBe(true);
    const state = storedSessions()[0]?.state;
    expect(Object.fromEntries(Object.values(state?.steps ?? {}).map((s) => [s.id, s.status]))).toMatchObject({ prepare: 'ok', backup: 'ok', disaster: 'ok', corrupt: 'pending', delete: 'ok', detect: 'ok', compare: 'ok', 'post-recovery': 'ok' });
  });

  it('Esc on the picker leaves with 130, nothing started', async () => {
    const before = storedSessions().length;
    const run = app();
    await run.ui.waitForFrame('pick a runbook');
    await run.ui.press('escape');
    expect((await run.exited).code).toBe(130);
    expect(storedSessions()).toHaveLength(before);
  });
});
