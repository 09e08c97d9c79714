// The overview's form and the picker as pure reducers.
import { describe, expect, it } from 'vitest';
import type { KeyId } from '../../src/ui/keymap.js';
import { initialOverview, overviewKeyContext, overviewReducer, type NeededVar, type OverviewUi } from '../../src/ui/overview-state.js';
import { initialPicker, pickerReducer, visibleItems, type PickerItem, type PickerUi } from '../../src/ui/picker-state.js';

const NOW = Date.parse('2026-11-22T02:00:00Z');
const host: NeededVar = { name: 'HOST', question: 'Which host?', secret: false, pattern: '^[a-z]+$' };
const token: NeededVar = { name: 'TOKEN', question: 'API token', secret: true };

function form(ui: OverviewUi, ...keys: (KeyId | { text: string })[]): OverviewUi {
  return keys.reduce((state, k) => overviewReducer(state, typeof k === 'string' ? { type: 'key', id: k, now: NOW } : { type: 'text', text: k.text }), ui);
}

describe('overview form', () => {
  it('asks for each needed variable, then the impact time; Enter with all valid starts now', () => {
    let ui = initialOverview('incident', true, { incident: [host, token], drill: [] });
    expect(ui.fields.map((f) => f.kind)).toEqual(['var', 'var', 'impact']);
    ui = form(ui, { text: 'db' }, 'down', { text: 's3cret' }, 'enter');
    expect(ui.start).toEqual({ mode: 'incident', impactAt: undefined, values: { HOST: 'db', TOKEN: 's3cret' } });
  });

  it('Enter with a missing or off-pattern value names the problem and focuses that field', () => {
    let ui = form(initialOverview('incident', true, { incident: [host, token], drill: [] }), { text: 'DB1' }, 'enter');
    expect(ui.start).toBeUndefined();
    expect(ui.problems.HOST).toMatch(/does not match the pattern/);
    expect(ui.problems.TOKEN).toMatch(/needs a value/);
    expect(ui.focus).toBe(0);
    ui = form(ui, 'erase', 'erase', 'erase');
    expect(ui.problems.HOST).toBeUndefined();
  });

  it('a secret value is never quoted in its problem', () => {
    const ui = form(initialOverview('incident', true, { incident: [{ ...token, pattern: '^tok-' }], drill: [] }), { text: 'hunter2' }, 'enter');
    expect(ui.problems.TOKEN).not.toContain('hunter2');
  });

  it('impact: -25m backdates the clock, an ISO time is taken as is, anything else is refused', () => {
    const at = (text: string): OverviewUi => form(initialOverview('drill', true, { incident: [], drill: [] }), { text }, 'enter');
    expect(at('-25m').start?.impactAt).toBe(NOW - 25 * 60_000);
    expect(at('2026-11-22T01:40:00Z').start?.impactAt).toBe(Date.parse('2026-11-22T01:40:00Z'));
    expect(at('yesterday').problems.impact).toMatch(/expected an ISO time/);
    expect(at('2027-01-01T00:00:00Z').problems.impact).toMatch(/in the future/);
  });

  it('--impact-at fills the field', () => {
    const ui = initialOverview('incident', true, { incident: [], drill: [] }, '2026-11-22T01:00:00.000Z');
    expect(form(ui, 'enter').start?.impactAt).toBe(Date.parse('2026-11-22T01:00:00Z'));
  });

  it('from the picker: the mode field switches drill/incident with space or ←→, and the needed variables follow', () => {
    let ui = initialOverview('incident', false, { incident: [host], drill: [] });
    expect(ui.fields.map((f) => f.kind)).toEqual(['mode', 'var', 'impact']);
    expect(overviewKeyContext(ui)).toMatchObject({ modeField: true, typing: false });
    ui = form(ui, 'space');
    expect(ui.mode).toBe('drill');
    expect(ui.fields.map((f) => f.kind)).toEqual(['mode', 'impact']);
    ui = form(ui, 'left', 'enter');
    expect(ui.mode).toBe('incident');
    expect(ui.start).toBeUndefined();
    expect(ui.problems.HOST).toMatch(/needs a value/);
  });

  it('with the mode fixed by the command line, there is no switch', () => {
    const ui = form(initialOverview('drill', true, { incident: [], drill: [] }), 'space');
    expect(ui.mode).toBe('drill');
  });

  it('Esc and Ctrl-C go back', () => {
    expect(form(initialOverview('drill', true, { incident: [], drill: [] }), 'back').back).toBe(true);
    expect(form(initialOverview('drill', true, { incident: [], drill: [] }), 'stop').back).toBe(true);
  });
});

const rb = (system: string, title: string): PickerItem => ({ kind: 'runbook', file: `${system}/${title}.yaml`, id: title, title, system, severity: 'high', rto: '1h', steps: 3 });
const session = (id: string, startedAt: number): PickerItem => ({ kind: 'session', id, title: `Session ${id}`, system: 'x', mode: 'drill', startedAt, impactAt: startedAt });

function pick(ui: PickerUi, ...keys: (KeyId | { text: string })[]): PickerUi {
  return keys.reduce((state, k) => pickerReducer(state, typeof k === 'string' ? { type: 'key', id: k } : { type: 'text', text: k.text }), ui);
}

describe('picker', () => {
  const items = [rb('keneyapp', 'Database failure'), rb('demo', 'Folder restore'), rb('cotai', 'Mongo restore'), session('old', 1), session('new', 2)];

  it('offers unfinished sessions first (newest first), then the demo, then systems in order', () => {
    expect(initialPicker(items).items.map((i) => (i.kind === 'session' ? i.id : i.title))).toEqual(['new', 'old', 'Folder restore', 'Mongo restore', 'Database failure']);
  });

  it('typing filters on every word; Backspace and Esc widen it again; Esc on an empty filter leaves', () => {
    let ui = pick(initialPicker(items), { text: 'mongo' });
    expect(visibleItems(ui).map((i) => i.title)).toEqual(['Mongo restore']);
    ui = pick(ui, { text: ' keneyapp' });
    expect(visibleItems(ui)).toEqual([]);
    ui = pick(ui, 'back');
    expect(visibleItems(ui)).toHaveLength(5);
    expect(pick(ui, 'back').leave).toBe(true);
    expect(pick(initialPicker(items), 'stop').leave).toBe(true);
  });

  it('↑↓ move (wrapping) and Enter chooses', () => {
    expect(pick(initialPicker(items), 'down', 'down', 'enter').chosen).toMatchObject({ title: 'Folder restore' });
    expect(pick(initialPicker(items), 'up', 'enter').chosen).toMatchObject({ title: 'Database failure' });
    expect(pick(initialPicker(items), { text: 'resume' }, 'enter').chosen).toMatchObject({ kind: 'session', id: 'new' });
  });
});
