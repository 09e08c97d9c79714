// The one key table: what a key resolves to in each context, and what the footer lists.
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { applyInput, footerKeys, KEYMAP, MAX_BURST, resolveInput, resolveKey, type KeyContext } from '../../src/ui/keymap.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key> = {}): Key => ({ ...none, ...k });
const play = (ctx: Partial<KeyContext> = {}): KeyContext => ({ screen: 'play', typing: false, step: { kind: 'run', status: 'pending', onFail: 'ask' }, ...ctx });
const words = (ctx: KeyContext): string[] => footerKeys(ctx).map(([k, w]) => `${k} ${w}`);

describe('keymap', () => {
  it('has each SPEC §1 key: Enter ↑↓ space s r e ! n Tab / ? q Ctrl-C', () => {
    const at = (input: string, k: Partial<Key> = {}): string | undefined => KEYMAP.find((b) => b.match(input, key(k)))?.id;
    expect(at('', { return: true })).toBe('enter');
    expect(at('', { upArrow: true })).toBe('up');
    expect(at('', { downArrow: true })).toBe('down');
    expect(at(' ')).toBe('space');
    expect(at('s')).toBe('skip');
    expect(at('r')).toBe('rerun');
    expect(at('e')).toBe('edit');
    expect(at('!')).toBe('adhoc');
    expect(at('n')).toBe('note');
    expect(at('', { tab: true })).toBe('scroll');
    expect(at('/')).toBe('scroll');
    expect(at('?')).toBe('help');
    expect(at('q')).toBe('quit');
    expect(at('c', { ctrl: true })).toBe('stop');
  });

  it('letters act on a step, but type into a focused field', () => {
    expect(resolveKey(play(), 's', key())).toEqual({ id: 'skip' });
    expect(resolveKey(play({ typing: true, overlay: 'prompt' }), 's', key())).toEqual({ text: 's' });
    expect(resolveKey(play({ typing: true, overlay: 'prompt' }), 'q', key())).toEqual({ text: 'q' });
    expect(resolveKey(play({ typing: true, overlay: 'prompt' }), '', key({ return: true }))).toEqual({ id: 'enter' });
  });

  it('Ctrl-C always reaches the screen (it stops a command; it never exits the app by itself)', () => {
    expect(resolveKey(play({ running: true }), 'c', key({ ctrl: true }))).toEqual({ id: 'stop' });
    expect(resolveKey(play({ typing: true, overlay: 'prompt' }), 'c', key({ ctrl: true }))).toEqual({ id: 'stop' });
    expect(resolveKey({ screen: 'picker', typing: true }, 'c', key({ ctrl: true }))).toEqual({ id: 'stop' });
  });

  it('a key that does nothing now resolves to nothing', () => {
    expect(resolveKey(play({ running: true }), 's', key())).toBeUndefined();
    expect(resolveKey(play(), 'r', key())).toBeUndefined();
    expect(resolveKey(play(), 'z', key())).toBeUndefined();
  });

  it('the footer lists only the keys valid now', () => {
    expect(words(play())).toEqual(['Enter run', 'e edit', 's skip', '! ad-hoc', 'n note', 'Tab scroll', '? help', 'q quit']);
    expect(words(play({ running: true, step: { kind: 'run', status: 'running', onFail: 'ask' } }))).toEqual(['Ctrl-C stop it', 'n note', 'Tab scroll', '? help', 'q quit']);
    expect(words(play({ step: { kind: 'run', status: 'failed', onFail: 'ask' } }))).toEqual(['r re-run', 'e edit', 's skip', 'c continue', 'x end session', '! ad-hoc', 'n note', 'Tab scroll', '? help', 'q quit']);
    expect(words(play({ step: { kind: 'checklist', status: 'pending', onFail: 'ask' } }))).toContain('space tick');
    expect(words(play({ typing: true, overlay: 'prompt', prompt: 'confirm' }))).toEqual(['Enter confirm', 'Esc cancel']);
    expect(words(play({ overlay: 'scroll' }))).toEqual(['↑↓ scroll', 'PgUp/PgDn page', 'End follow', 'Esc close', 'Tab follow', 'q quit']);
    expect(words({ screen: 'picker', typing: true })).toEqual(['type to filter', 'Enter open', '↑↓ move', 'Esc leave']);
    expect(words({ screen: 'overview', typing: false, modeField: true })).toEqual(['Enter start the clock', '↑↓ move', 'Esc back', 'space switch mode']);
  });

  it('every binding has help text for the ? overlay', () => {
    for (const binding of KEYMAP) expect(binding.help.length, binding.id).toBeGreaterThan(3);
  });
});

describe('one read, several keys', () => {
  it('text and its Enter in one read are the text, then Enter, in a field', () => {
    const typing: KeyContext = { screen: 'play', typing: true, overlay: 'prompt' };
    expect(resolveInput(typing, 'corrupt\r', key())).toEqual([{ text: 'corrupt' }, { id: 'enter' }]);
  });

  it('a pasted block with line breaks inside stays text, and is no keys outside a field', () => {
    const typing: KeyContext = { screen: 'play', typing: true, overlay: 'prompt' };
    expect(resolveInput(typing, 'ls\rrm -rf x\r', key())).toEqual([{ text: 'ls\rrm -rf x\r' }]);
    expect(resolveInput(play(), 'sx\r', key())).toEqual([]);
  });
});

describe('a burst of keys outside a field', () => {
  // A toy screen: keys are logged; `s` opens a field, after which keys type into it.
  type Toy = { log: string[]; field: boolean };
  const ctxOf = (t: Toy): KeyContext => (t.field ? { screen: 'play', typing: true, overlay: 'prompt' } : play());
  const apply = (t: Toy, r: { id: string } | { text: string }): Toy => ({ log: [...t.log, 'text' in r ? `text:${r.text}` : r.id], field: t.field || ('id' in r && r.id === 'skip') });
  const run = (input: string): string[] => applyInput({ log: [], field: false }, input, key(), ctxOf, apply).log;

  it('is taken one key at a time, each in the state the one before left', () => {
    expect(run('s')).toEqual(['skip']);
    expect(run('sno')).toEqual(['skip', 'text:no']);
    expect(run('n?')).toEqual(['note', 'help']);
  });

  it('two Enters in one read in a field are Enter, then Enter read in the state the first left', () => {
    // `s` opens the field; the first Enter submits it (the toy closes nothing, so log the keys)
    const toy = (input: string): string[] => applyInput({ log: [], field: true }, input, key(), ctxOf, apply).log;
    expect(toy('\r\r')).toEqual(['enter', 'enter']);
    expect(toy('no\r\r')).toEqual(['text:no', 'enter', 'enter']);
    expect(toy('ls\rrm -rf x\r')).toEqual(['text:ls\rrm -rf x\r']);
  });

  it('a longer burst outside a field is a paste and does nothing', () => {
    expect('rm -rf /'.length).toBeGreaterThan(MAX_BURST);
    expect(run('rm -rf /')).toEqual([]);
  });
});
