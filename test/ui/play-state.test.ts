// The play reducer without rendering: what each key does in each state, and what it asks the session to do.
import { describe, expect, it } from 'vitest';
import { keyOf, type KeyId } from '../../src/ui/keymap.js';
import { BANNER_MS, initialPlayUi, playKeyContext, playReducer, type PlayUi, type PlayView, type StepView } from '../../src/ui/play-state.js';

const run: StepView = { id: 'hello', kind: 'run', status: 'pending', items: 0, ticked: [], onFail: 'ask', command: 'echo ${X}' };
const view = (step: Partial<StepView> = {}, running = false): PlayView => ({ step: { ...run, ...step }, running });

function press(ui: PlayUi, ...keys: (KeyId | { text: string })[]): PlayUi {
  return keys.reduce((state, key) => playReducer(state, typeof key === 'string' ? { type: 'key', id: key, output: { lines: 100, page: 10 } } : { type: 'text', text: key.text }), ui);
}

const start = (v: PlayView = view()): PlayUi => initialPlayUi(v, 1_000_000);

describe('play reducer: the current step', () => {
  it('Enter runs a command step', () => {
    expect(press(start(), 'enter').outbox).toEqual([{ type: 'run' }]);
  });

  it('Enter on a dangerous step asks for the word first; a wrong word is refused, the right one runs it', () => {
    let ui = press(start(view({ confirm: 'promote' })), 'enter');
    expect(ui.prompt?.purpose).toBe('confirm');
    expect(ui.outbox).toEqual([]);
    ui = press(ui, { text: 'promot' }, 'enter');
    expect(ui.prompt?.error).toMatch(/Type promote exactly/);
    expect(ui.outbox).toEqual([]);
    ui = press(ui, { text: 'e' }, 'enter');
    expect(ui.prompt).toBeUndefined();
    expect(ui.outbox).toEqual([{ type: 'run' }]);
  });

  it('e edits the command (prefilled as the runbook writes it) and Enter runs the edited one', () => {
    let ui = press(start(), 'edit');
    expect(ui.prompt?.edit.text).toBe('echo ${X}');
    ui = press(ui, 'erase', 'erase', 'erase', 'erase', { text: 'done' }, 'enter');
    expect(ui.outbox).toEqual([{ type: 'run', command: 'echo done' }]);
  });

  it('an edited dangerous command still needs the word, then runs as edited', () => {
    let ui = press(start(view({ confirm: 'yes' })), 'edit', 'end', { text: ' -v' }, 'enter');
    expect(ui.prompt?.purpose).toBe('confirm');
    ui = press(ui, { text: 'yes' }, 'enter');
    expect(ui.outbox).toEqual([{ type: 'run', command: 'echo ${X} -v' }]);
  });

  it('s asks for a reason and refuses an empty one', () => {
    let ui = press(start(), 'skip', 'enter');
    expect(ui.prompt?.error).toMatch(/Say why/);
    ui = press(ui, { text: 'not needed today' }, 'enter');
    expect(ui.outbox).toEqual([{ type: 'skip', reason: 'not needed today' }]);
  });

  it('a failed step offers r, c and x; Enter does nothing there', () => {
    const failed = start(view({ status: 'failed' }));
    expect(press(failed, 'enter').outbox).toEqual([]);
    expect(press(failed, 'rerun').outbox).toEqual([{ type: 'run' }]);
    expect(press(failed, 'continue').outbox).toEqual([{ type: 'continue' }]);
    const ending = press(failed, 'abort', { text: 'database gone' }, 'enter');
    expect(ending.outbox).toEqual([{ type: 'abort', reason: 'database gone' }]);
  });

  it('on_fail: stop offers no continue', () => {
    expect(press(start(view({ status: 'failed', onFail: 'stop' })), 'continue').outbox).toEqual([]);
  });

  it('choices: ↑↓ move (wrapping), Enter chooses the highlighted one', () => {
    const ui = press(start(view({ kind: 'choices', items: 3 })), 'down', 'down', 'down', 'up', 'enter');
    expect(ui.outbox).toEqual([{ type: 'choose', index: 2 }]);
  });

  it('checklist: space ticks and unticks the highlighted item, Enter completes', () => {
    let ui = start(view({ kind: 'checklist', items: 2, ticked: [false, true] }));
    ui = press(ui, 'space', 'down', 'space', 'enter');
    expect(ui.outbox).toEqual([{ type: 'tick', item: 0, checked: true }, { type: 'tick', item: 1, checked: false }, { type: 'complete' }]);
  });

  it('do: Enter completes', () => {
    expect(press(start(view({ kind: 'do' })), 'enter').outbox).toEqual([{ type: 'complete' }]);
  });

  it('input: Enter opens the field; a value off the pattern is refused before the session sees it', () => {
    let ui = press(start(view({ kind: 'input', input: { var: 'FILE', pattern: '^backup-', secret: false } })), 'enter');
    expect(ui.prompt?.purpose).toBe('input');
    ui = press(ui, { text: 'dump.sql' }, 'enter');
    expect(ui.prompt?.error).toMatch(/does not match the pattern/);
    ui = press(ui, 'home', { text: 'backup-' }, 'enter');
    expect(ui.outbox).toEqual([{ type: 'input', value: 'backup-dump.sql' }]);
  });

  it('a secret input is marked secret and its value is not echoed in the problem', () => {
    let ui = press(start(view({ kind: 'input', input: { var: 'PW', pattern: '^x', secret: true } })), 'enter');
    expect(ui.prompt?.secret).toBe(true);
    ui = press(ui, { text: 'hunter2' }, 'enter');
    expect(ui.prompt?.error).not.toContain('hunter2');
  });
});

describe('play reducer: keys that work anywhere', () => {
  it('n adds a note, also while a command runs; an empty note is dropped', () => {
    const running = start(view({ status: 'running' }, true));
    expect(press(running, 'note', { text: 'paged the DBA' }, 'enter').outbox).toEqual([{ type: 'note', text: 'paged the DBA' }]);
    expect(press(running, 'note', 'enter').outbox).toEqual([]);
  });

  it('! runs an ad-hoc command, not while another runs', () => {
    expect(press(start(), 'adhoc', { text: 'df -h' }, 'enter').outbox).toEqual([{ type: 'adhoc', command: 'df -h' }]);
    expect(press(start(view({}, true)), 'adhoc').prompt).toBeUndefined();
  });

  it('Ctrl-C stops what runs; otherwise it cancels a prompt or says how to leave', () => {
    expect(press(start(view({ status: 'running' }, true)), 'stop').outbox).toEqual([{ type: 'stop' }]);
    expect(press(start(), 'note', 'stop').prompt).toBeUndefined();
    const idle = press(start(), 'stop');
    expect(idle.outbox).toEqual([]);
    expect(idle.banners[0]?.text).toMatch(/Nothing is running. q leaves/);
  });

  it('Ctrl-C stops a running command even while a note is being typed', () => {
    const ui = press(start(view({ status: 'running' }, true)), 'note', { text: 'half a note' }, 'stop');
    expect(ui.outbox).toEqual([{ type: 'stop' }]);
    expect(ui.prompt?.edit.text).toBe('half a note');
  });

  it('q quits, also from the help and from scroll mode; in a prompt q is a letter', () => {
    expect(press(start(), 'quit').outbox).toEqual([{ type: 'quit' }]);
    expect(press(start(), 'help', 'quit').outbox).toEqual([{ type: 'quit' }]);
    expect(press(start(), 'scroll', 'quit').outbox).toEqual([{ type: 'quit' }]);
    const typing = press(start(), 'note', { text: 'q' });
    expect(typing.outbox).toEqual([]);
    expect(typing.prompt?.edit.text).toBe('q');
  });

  it('? opens the help, Esc or ? closes it, and keys do nothing else meanwhile', () => {
    const help = press(start(), 'help');
    expect(help.help).toBe(true);
    expect(press(help, 'enter').help).toBe(false);
    expect(press(help, 'skip').prompt).toBeUndefined();
    expect(press(help, 'back').help).toBe(false);
  });

  it('Tab scrolls: ↑ and PgUp go back within the output, End and Esc follow again', () => {
    let ui = press(start(), 'scroll');
    expect(ui.scroll).toBe(0);
    ui = press(ui, 'up', 'up', 'pageUp');
    expect(ui.scroll).toBe(12);
    ui = press(ui, 'pageDown', 'down');
    expect(ui.scroll).toBe(1);
    ui = press(ui, 'home');
    expect(ui.scroll).toBe(90);
    expect(press(ui, 'end').scroll).toBeUndefined();
    expect(press(ui, 'back').scroll).toBeUndefined();
  });

  it('scrolling stops at the oldest line kept', () => {
    const ui = playReducer(press(start(), 'scroll'), { type: 'key', id: 'pageUp', output: { lines: 15, page: 10 } });
    expect(ui.scroll).toBe(5);
  });
});

describe('play reducer: following the session', () => {
  it('a new current step resets the cursor and drops a prompt about the old step, but keeps a note', () => {
    let ui = press(start(view({ kind: 'choices', items: 2 })), 'down');
    expect(ui.cursor).toBe(1);
    ui = playReducer(press(ui, 'skip'), { type: 'sync', view: view({ id: 'next' }) });
    expect(ui.cursor).toBe(0);
    expect(ui.prompt).toBeUndefined();
    const noting = playReducer(press(start(), 'note'), { type: 'sync', view: view({ id: 'next' }) });
    expect(noting.prompt?.purpose).toBe('note');
  });

  it('a key carries the session as it is now: Enter right after a step finished acts on the new step', () => {
    const ui = playReducer(start(), { type: 'key', id: 'enter', view: view({ id: 'choose', kind: 'choices', items: 2 }) });
    expect(ui.outbox).toEqual([{ type: 'choose', index: 0 }]);
  });

  it('effects leave the outbox once the driver took them', () => {
    const ui = press(start(), 'enter');
    expect(playReducer(ui, { type: 'taken', count: 1 }).outbox).toEqual([]);
  });

  it('banners stay for a while (escalations two minutes, notices seconds), newest first', () => {
    let ui = playReducer(start(), { type: 'banner', banner: { at: 1_000_000, kind: 'escalation', text: 'to lead' } });
    ui = playReducer(ui, { type: 'banner', banner: { at: 1_000_000, kind: 'notice', text: 'hi' } });
    expect(ui.banners.map((b) => b.text)).toEqual(['hi', 'to lead']);
    ui = playReducer(ui, { type: 'tick', now: 1_000_000 + BANNER_MS.notice });
    expect(ui.banners.map((b) => b.text)).toEqual(['to lead']);
    ui = playReducer(ui, { type: 'tick', now: 1_000_000 + BANNER_MS.escalation });
    expect(ui.banners).toEqual([]);
  });

  it('an input the session refused opens again with its problem', () => {
    const ui = playReducer(start(view({ kind: 'input' })), { type: 'rejected', purpose: 'input', text: 'x', problem: 'bad' });
    expect(ui.prompt).toMatchObject({ purpose: 'input', error: 'bad', edit: { text: 'x' } });
  });

  it('while a command runs, keys that would start another thing do nothing', () => {
    const running = start(view({ status: 'running' }, true));
    for (const id of ['enter', 'skip', 'rerun', 'edit', 'adhoc', 'space'] as const) {
      const after = press(running, id);
      expect(after.outbox, id).toEqual([]);
      expect(after.prompt, id).toBeUndefined();
    }
  });

  it('a read of several keys is resolved key by key in the reducer: s, then the reason typed', () => {
    const ui = playReducer(start(), { type: 'input', input: 'sno', key: keyOf('') });
    expect(ui.prompt).toMatchObject({ purpose: 'skip', edit: { text: 'no' } });
    const submitted = playReducer(ui, { type: 'input', input: ' time\r', key: keyOf('') });
    expect(submitted.outbox).toEqual([{ type: 'skip', reason: 'no time' }]);
  });

  it('its key context says what is open', () => {
    expect(playKeyContext(press(start(), 'note'))).toMatchObject({ typing: true, overlay: 'prompt', prompt: 'note' });
    expect(playKeyContext(press(start(), 'scroll'))).toMatchObject({ typing: false, overlay: 'scroll' });
    expect(playKeyContext(start(view({}, true)))).toMatchObject({ running: true, step: { kind: 'run' } });
  });
});
