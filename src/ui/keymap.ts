/**
 * Every key of the app, in one table (SPEC §1). A binding says which keys trigger it, what it
 * does, and — from the screen's state — whether it does something now and the word the footer
 * shows for it. `useInput` handlers only turn a key into an action through `resolveKey`; the
 * footer and the help overlay read the same table, so they cannot drift from what keys do.
 */
import type { Key } from 'ink';
import type { StepStatus } from '../session/events.js';
import type { StepKind } from '../runbook/schema.js';

/** What a key asks for. */
export type KeyId =
  | 'enter'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'pageUp'
  | 'pageDown'
  | 'space'
  | 'erase'
  | 'back'
  | 'stop'
  | 'skip'
  | 'rerun'
  | 'edit'
  | 'continue'
  | 'abort'
  | 'adhoc'
  | 'note'
  | 'scroll'
  | 'help'
  | 'quit';

/** The screens of the app. */
export type Screen = 'picker' | 'overview' | 'play' | 'finish';

/** What the keys depend on: the screen and its state. */
export interface KeyContext {
  screen: Screen;
  /** A text field has the focus: printable keys type into it. */
  typing: boolean;
  /** play: what is open over the step panel. */
  overlay?: 'help' | 'prompt' | 'scroll';
  /** play: the prompt's purpose, for the Enter label. */
  prompt?: string;
  /** play: the current step, when there is one. */
  step?: { kind: StepKind; status: StepStatus; onFail: 'ask' | 'stop' | 'continue' };
  /** play: a command or check is running (the current step's or an ad-hoc one). */
  running?: boolean;
  /** overview: the focused field is the drill/incident switch. */
  modeField?: boolean;
  /** picker: the filter holds text. */
  filtered?: boolean;
}

/** One row of the table. */
export interface KeyBinding {
  id: KeyId;
  /** The keys as people write them: `Enter`, `↑↓`, `s`. */
  keys: string;
  /** What it does, for the help overlay. */
  help: string;
  /** A printable key: while a field has the focus, it types instead. */
  printable: boolean;
  match: (input: string, key: Key) => boolean;
  /** The footer's word for it in this context; undefined when the key does nothing here. */
  label: (ctx: KeyContext) => string | undefined;
}

const idle = (ctx: KeyContext): boolean => ctx.screen === 'play' && ctx.overlay === undefined && !ctx.running;
const playing = (ctx: KeyContext): boolean => ctx.screen === 'play' && ctx.overlay === undefined;
const commandStep = (ctx: KeyContext): boolean => ctx.step?.kind === 'run' || ctx.step?.kind === 'check';
const failed = (ctx: KeyContext): boolean => ctx.step?.status === 'failed' || ctx.step?.status === 'interrupted';
const inList = (ctx: KeyContext): boolean => playing(ctx) && !ctx.running && (ctx.step?.kind === 'choices' || ctx.step?.kind === 'checklist');
const moves = (ctx: KeyContext): string | undefined => (ctx.screen === 'picker' || ctx.screen === 'overview' || inList(ctx) ? 'move' : ctx.overlay === 'scroll' ? 'scroll' : undefined);

function enterLabel(ctx: KeyContext): string | undefined {
  if (ctx.screen === 'picker') return 'open';
  if (ctx.screen === 'overview') return 'start the clock';
  if (ctx.overlay === 'prompt') return ctx.prompt === 'confirm' ? 'confirm' : 'done';
  if (ctx.overlay !== undefined || ctx.running || !ctx.step) return undefined;
  switch (ctx.step.kind) {
    case 'run':
    case 'check':
      return ctx.step.status === 'pending' || ctx.step.status === 'interrupted' ? (ctx.step.kind === 'run' ? 'run' : 'check') : undefined;
    case 'choices':
      return 'choose';
    case 'input':
      return 'answer';
    default:
      return 'done';
  }
}

/** The table. Order is the footer's order. */
export const KEYMAP: readonly KeyBinding[] = [
  { id: 'enter', keys: 'Enter', help: 'start the session; run, do or confirm the current step; submit what you typed', printable: false, match: (_, k) => k.return, label: enterLabel },
  {
    id: 'up',
    keys: '↑↓',
    help: 'move within a list (choices, checklist items, runbooks, fields); scroll the output in scroll mode',
    printable: false,
    match: (_, k) => k.upArrow,
    label: moves,
  },
  { id: 'down', keys: '↓', help: '(with ↑)', printable: false, match: (_, k) => k.downArrow, label: (ctx) => (moves(ctx) !== undefined ? '' : undefined) },
  { id: 'left', keys: '←→', help: 'move the cursor in a field; switch drill/incident', printable: false, match: (_, k) => k.leftArrow, label: (ctx) => (ctx.typing || ctx.modeField ? '' : undefined) },
  { id: 'right', keys: '→', help: '(with ←)', printable: false, match: (_, k) => k.rightArrow, label: (ctx) => (ctx.typing || ctx.modeField ? '' : undefined) },
  { id: 'pageUp', keys: 'PgUp/PgDn', help: 'scroll the output a page', printable: false, match: (_, k) => k.pageUp, label: (ctx) => (ctx.overlay === 'scroll' ? 'page' : undefined) },
  { id: 'pageDown', keys: 'PgDn', help: '(with PgUp)', printable: false, match: (_, k) => k.pageDown, label: (ctx) => (ctx.overlay === 'scroll' ? '' : undefined) },
  { id: 'home', keys: 'Home', help: 'start of the field; oldest output line kept', printable: false, match: (_, k) => k.home, label: () => undefined },
  { id: 'end', keys: 'End', help: 'end of the field; follow the output again', printable: false, match: (_, k) => k.end, label: (ctx) => (ctx.overlay === 'scroll' ? 'follow' : undefined) },
  { id: 'erase', keys: 'Backspace', help: 'delete the character before the cursor', printable: false, match: (_, k) => k.backspace || k.delete, label: () => undefined },
  {
    id: 'back',
    keys: 'Esc',
    help: 'cancel what you are typing; close the help; leave scroll mode; clear the filter; go back',
    printable: false,
    match: (_, k) => k.escape,
    label: (ctx) => {
      if (ctx.screen === 'picker') return ctx.filtered ? 'clear' : 'leave';
      if (ctx.screen === 'overview') return 'back';
      if (ctx.overlay === 'prompt') return 'cancel';
      if (ctx.overlay === 'help' || ctx.overlay === 'scroll') return 'close';
      return undefined;
    },
  },
  {
    id: 'stop',
    keys: 'Ctrl-C',
    help: 'stop the running command or check (never the app: q leaves)',
    printable: false,
    match: (input, k) => k.ctrl && input === 'c',
    label: (ctx) => (ctx.screen === 'play' && ctx.running ? 'stop it' : undefined),
  },
  { id: 'space', keys: 'space', help: 'tick or untick the checklist item; switch drill/incident on the overview', printable: true, match: (input) => input === ' ', label: (ctx) => (ctx.modeField ? 'switch mode' : playing(ctx) && ctx.step?.kind === 'checklist' && !ctx.running ? 'tick' : undefined) },
  { id: 'rerun', keys: 'r', help: 're-run the current command or check', printable: true, match: (input) => input === 'r', label: (ctx) => (idle(ctx) && commandStep(ctx) && failed(ctx) ? 're-run' : undefined) },
  { id: 'edit', keys: 'e', help: 'edit the command before it runs (recorded as a deviation)', printable: true, match: (input) => input === 'e', label: (ctx) => (idle(ctx) && ctx.step?.kind === 'run' && ctx.step.status !== 'running' ? 'edit' : undefined) },
  { id: 'skip', keys: 's', help: 'skip the current step (asks for a reason)', printable: true, match: (input) => input === 's', label: (ctx) => (idle(ctx) && ctx.step ? 'skip' : undefined) },
  { id: 'continue', keys: 'c', help: 'continue past a failed step (it stays failed in the report)', printable: true, match: (input) => input === 'c', label: (ctx) => (idle(ctx) && ctx.step?.status === 'failed' && ctx.step.onFail === 'ask' ? 'continue' : undefined) },
  { id: 'abort', keys: 'x', help: 'end the session now as failed or aborted (asks for a reason)', printable: true, match: (input) => input === 'x', label: (ctx) => (idle(ctx) && failed(ctx) ? 'end session' : undefined) },
  { id: 'adhoc', keys: '!', help: 'run an ad-hoc command that is not in the runbook (recorded as a deviation)', printable: true, match: (input) => input === '!', label: (ctx) => (idle(ctx) ? 'ad-hoc' : undefined) },
  { id: 'note', keys: 'n', help: 'add a note to the journal and the report', printable: true, match: (input) => input === 'n', label: (ctx) => (playing(ctx) ? 'note' : undefined) },
  { id: 'scroll', keys: 'Tab or /', help: 'scroll the output (↑↓, PgUp/PgDn; End follows again)', printable: true, match: (input, k) => k.tab || input === '/', label: (ctx) => (playing(ctx) ? 'scroll' : ctx.overlay === 'scroll' ? 'follow' : undefined) },
  { id: 'help', keys: '?', help: 'show every key', printable: true, match: (input) => input === '?', label: (ctx) => (playing(ctx) ? 'help' : ctx.overlay === 'help' ? 'close' : undefined) },
  { id: 'quit', keys: 'q', help: 'leave; the session stays resumable (drp resume)', printable: true, match: (input) => input === 'q', label: (ctx) => (ctx.screen === 'play' && ctx.overlay !== 'prompt' ? 'quit' : undefined) },
];

/** What a key press means in a context: a key of the table, typed text, or nothing. */
export type Resolved = { id: KeyId } | { text: string } | undefined;

/** Finds what a key does now. Special keys first, then typing into a focused field, then letters. */
export function resolveKey(ctx: KeyContext, input: string, key: Key): Resolved {
  for (const binding of KEYMAP) {
    if (!binding.printable && binding.match(input, key) && active(binding, ctx)) return { id: binding.id };
  }
  if (key.ctrl || key.meta || key.tab) {
    if (key.tab && !ctx.typing) return firstPrintable(ctx, input, key);
    return undefined;
  }
  if (ctx.typing) return input === '' ? undefined : { text: input };
  return firstPrintable(ctx, input, key);
}

/**
 * What one read from the terminal means: usually one key. Typed text and its Enter can arrive in
 * one read (a fast typist, a loaded machine, a laggy SSH link): in a field, `word\r` is the word,
 * then Enter. A paste with line breaks inside stays text, so that pasting several lines never
 * submits the first and runs the rest as keys.
 */
export function resolveInput(ctx: KeyContext, input: string, key: Key): NonNullable<Resolved>[] {
  const body = input.slice(0, -1);
  if (ctx.typing && input.length > 1 && input.endsWith('\r') && !body.includes('\r') && !key.ctrl && !key.meta) {
    return [{ text: body }, { id: 'enter' }];
  }
  const one = resolveKey(ctx, input, key);
  return one ? [one] : [];
}

/** Keys batched in one read outside a field that are still taken as keys; a longer burst is a paste. */
export const MAX_BURST = 4;

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

/** The key a single character of a burst stands for. */
export function keyOf(char: string): Key {
  return { ...NO_KEY, return: char === '\r', tab: char === '\t', backspace: char === '\b', delete: char === '\u007F' };
}

/**
 * Folds one read from the terminal into a screen's state. Each key is resolved in the state the
 * one before left, inside the reducer, never against a context a render has not caught up with.
 * In a field, see resolveInput. Elsewhere a short burst (space then Enter; `s` then a reason's
 * first letters) is taken one key at a time; a longer burst outside a field is a paste and does
 * nothing, so pasted text never runs as a string of commands.
 */
export function applyInput<S>(state: S, input: string, key: Key, contextOf: (state: S) => KeyContext, apply: (state: S, resolved: NonNullable<Resolved>) => S): S {
  const ctx = contextOf(state);
  // In a field, an Enter followed by a short burst (two Enters sent together: start the clock,
  // then run the step) is that Enter, then the burst read against the state the Enter left. A
  // longer tail is a paste with line breaks and stays text (resolveInput), never run as keys.
  const cut = ctx.typing && !key.ctrl && !key.meta && !input.includes('\u001B') ? input.indexOf('\r') : -1;
  if (cut >= 0 && cut < input.length - 1 && input.length - cut - 1 <= MAX_BURST) {
    const head = input.slice(0, cut + 1);
    const rest = input.slice(cut + 1);
    const next = resolveInput(ctx, head, head === '\r' ? keyOf('\r') : NO_KEY).reduce(apply, state);
    return applyInput(next, rest, rest.length === 1 ? keyOf(rest) : NO_KEY, contextOf, apply);
  }
  if (ctx.typing || input.length <= 1 || key.ctrl || key.meta || input.includes('\u001B')) return resolveInput(ctx, input, key).reduce(apply, state);
  if (input.length > MAX_BURST) return state;
  let next = state;
  for (let i = 0; i < input.length; i++) {
    const now = contextOf(next);
    // once a key opened a field, the rest of the burst is typed into it
    if (now.typing) return applyInput(next, input.slice(i), NO_KEY, contextOf, apply);
    const char = input.slice(i, i + 1);
    next = resolveInput(now, char, keyOf(char)).reduce(apply, next);
  }
  return next;
}

function firstPrintable(ctx: KeyContext, input: string, key: Key): Resolved {
  for (const binding of KEYMAP) {
    if (binding.printable && binding.match(input, key) && active(binding, ctx)) return { id: binding.id };
  }
  return undefined;
}

// Editing keys and Ctrl-C always reach the screen's reducer, which knows what they do there (Ctrl-C
// on the picker leaves; in a prompt it cancels); the footer lists only what matters.
const ALWAYS: ReadonlySet<KeyId> = new Set(['home', 'end', 'pageUp', 'pageDown', 'erase', 'left', 'right', 'stop']);

function active(binding: KeyBinding, ctx: KeyContext): boolean {
  return ALWAYS.has(binding.id) || binding.label(ctx) !== undefined;
}

/** The footer: the keys that do something now, as `[keys, word]` pairs. */
export function footerKeys(ctx: KeyContext): [string, string][] {
  const out: [string, string][] = [];
  if (ctx.screen === 'picker') out.push(['type', 'to filter']);
  for (const binding of KEYMAP) {
    const label = binding.label(ctx);
    if (label === undefined || label === '') continue;
    if (ctx.typing && binding.printable) continue;
    out.push([binding.keys === 'Tab or /' ? 'Tab' : binding.keys, label]);
  }
  return out;
}
