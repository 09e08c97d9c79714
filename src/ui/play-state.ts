/**
 * The play screen's UI state as a pure reducer (in the manner of Shopify cli-kit's
 * use-select-state): keys and typed text come in as actions; what the session must do goes out
 * as effects in `outbox`, which the driver hook carries out and acknowledges. No IO here, so every
 * key's meaning is tested without rendering.
 */
import type { StepKind } from '../runbook/schema.js';
import type { StepStatus } from '../session/events.js';
import { patternProblem } from '../engine/vars.js';
import type { Key } from 'ink';
import { applyInput, type KeyContext, type KeyId } from './keymap.js';
import { backspace, insert, lineOf, move, type LineEdit } from './line-edit.js';
import { scrollKey, type OutputSize } from './scroll.js';

export type { OutputSize } from './scroll.js';

/** What the reducer knows of the current step. */
export interface StepView {
  id: string;
  kind: StepKind;
  status: StepStatus;
  /** Number of choices or checklist items. */
  items: number;
  ticked: boolean[];
  /** The word a dangerous step asks for. */
  confirm?: string;
  onFail: 'ask' | 'stop' | 'continue';
  /** The command as the runbook writes it (with `${VAR}`), to edit. */
  command?: string;
  /** An input step's variable and pattern. */
  input?: { var: string; pattern?: string; secret: boolean };
}

/** The session as the reducer sees it. */
export interface PlayView {
  step?: StepView;
  /** A command or check runs (the step's or an ad-hoc one). */
  running: boolean;
}

/** Why a prompt is open. */
export type PromptPurpose = 'skip' | 'note' | 'adhoc' | 'edit' | 'confirm' | 'input' | 'abort';

/** A line the operator is typing. */
export interface Prompt {
  purpose: PromptPurpose;
  edit: LineEdit;
  error?: string;
  /** confirm: the word to type. */
  word?: string;
  /** confirm: the edited command to run once confirmed. */
  command?: string;
  secret?: boolean;
}

/** A line over the screen: an escalation, an update reminder, or a short notice. */
export interface Banner {
  at: number;
  kind: 'escalation' | 'update' | 'notice';
  text: string;
}

/** What the session must do: the driver hook carries these out. */
export type Effect =
  | { type: 'run'; command?: string }
  | { type: 'complete' }
  | { type: 'tick'; item: number; checked: boolean }
  | { type: 'choose'; index: number }
  | { type: 'input'; value: string }
  | { type: 'skip'; reason: string }
  | { type: 'continue' }
  | { type: 'abort'; reason: string }
  | { type: 'note'; text: string }
  | { type: 'adhoc'; command: string }
  | { type: 'stop' }
  | { type: 'quit' };

/** The whole UI state of the play screen. */
export interface PlayUi {
  view: PlayView;
  /** The highlighted choice or checklist item. */
  cursor: number;
  prompt?: Prompt;
  help: boolean;
  /** Lines scrolled up from the end of the output; undefined follows the end. */
  scroll?: number;
  banners: Banner[];
  outbox: Effect[];
  now: number;
}

/** What the play reducer takes: keys and text from the keymap, and news from the session. */
export type PlayAction =
  | { type: 'sync'; view: PlayView }
  /** A key; `view` (the session as it is at the key press) is folded in first, so a key never acts on a stale step. */
  | { type: 'key'; id: KeyId; output?: OutputSize; view?: PlayView }
  /** One read from the terminal, resolved here through the keymap (see applyInput). */
  | { type: 'input'; input: string; key: Key; output?: OutputSize; view?: PlayView }
  | { type: 'text'; text: string }
  | { type: 'tick'; now: number }
  | { type: 'banner'; banner: Banner }
  | { type: 'taken'; count: number }
  | { type: 'rejected'; purpose: PromptPurpose; text: string; problem: string };

/** How long banners stay: escalations and reminders two minutes (the journal keeps them), notices a few seconds. */
export const BANNER_MS = { escalation: 120_000, update: 120_000, notice: 6_000 } as const;

export function initialPlayUi(view: PlayView, now: number): PlayUi {
  return { view, cursor: 0, help: false, banners: [], outbox: [], now };
}

/** The key context of this state, for the keymap and the footer. */
export function playKeyContext(ui: PlayUi): KeyContext {
  const step = ui.view.step;
  return {
    screen: 'play',
    typing: ui.prompt !== undefined,
    overlay: ui.prompt ? 'prompt' : ui.help ? 'help' : ui.scroll !== undefined ? 'scroll' : undefined,
    prompt: ui.prompt?.purpose,
    step: step ? { kind: step.kind, status: step.status, onFail: step.onFail } : undefined,
    running: ui.view.running,
  };
}

export function playReducer(ui: PlayUi, action: PlayAction): PlayUi {
  switch (action.type) {
    case 'sync':
      return sync(ui, action.view);
    case 'tick':
      return { ...ui, now: action.now, banners: ui.banners.filter((b) => action.now - b.at < BANNER_MS[b.kind]) };
    case 'banner':
      return { ...ui, banners: [action.banner, ...ui.banners.filter((b) => b.text !== action.banner.text)].slice(0, 4) };
    case 'taken':
      return { ...ui, outbox: ui.outbox.slice(action.count) };
    case 'rejected':
      return { ...ui, prompt: { purpose: action.purpose, edit: lineOf(action.text), error: action.problem, secret: ui.view.step?.input?.secret } };
    case 'text':
      return typed(ui, action.text);
    case 'key':
      return key(action.view ? sync(ui, action.view) : ui, action.id, action.output);
    case 'input':
      return applyInput(action.view ? sync(ui, action.view) : ui, action.input, action.key, playKeyContext, (state, resolved) =>
        'text' in resolved ? typed(state, resolved.text) : key(state, resolved.id, action.output),
      );
    default:
      return ui;
  }
}

function typed(ui: PlayUi, text: string): PlayUi {
  return ui.prompt ? { ...ui, prompt: { ...ui.prompt, edit: insert(ui.prompt.edit, text), error: undefined } } : ui;
}

function sync(ui: PlayUi, view: PlayView): PlayUi {
  const moved = view.step?.id !== ui.view.step?.id;
  // A prompt about the step (its skip reason, its confirmation) makes no sense once the step changed.
  const stale = moved && ui.prompt !== undefined && ui.prompt.purpose !== 'note' && ui.prompt.purpose !== 'adhoc';
  return { ...ui, view, cursor: moved ? 0 : Math.min(ui.cursor, Math.max(0, (view.step?.items ?? 1) - 1)), prompt: stale ? undefined : ui.prompt };
}

function emit(ui: PlayUi, effect: Effect, change: Partial<PlayUi> = {}): PlayUi {
  return { ...ui, ...change, outbox: [...ui.outbox, effect] };
}

function notice(ui: PlayUi, text: string): PlayUi {
  return playReducer(ui, { type: 'banner', banner: { at: ui.now, kind: 'notice', text } });
}

function open(ui: PlayUi, purpose: PromptPurpose, text = '', extra: Partial<Prompt> = {}): PlayUi {
  return { ...ui, help: false, prompt: { purpose, edit: lineOf(text), ...extra } };
}

function key(ui: PlayUi, id: KeyId, output?: OutputSize): PlayUi {
  const { view } = ui;
  if (id === 'stop') {
    if (view.running) return emit(ui, { type: 'stop' });
    if (ui.prompt) return { ...ui, prompt: undefined };
    return notice(ui, 'Nothing is running. q leaves (the session stays resumable).');
  }
  if (ui.prompt) return promptKey(ui, ui.prompt, id);
  if (ui.help) return id === 'help' || id === 'back' || id === 'enter' ? { ...ui, help: false } : id === 'quit' ? emit(ui, { type: 'quit' }) : ui;
  if (ui.scroll !== undefined) {
    const scrolled = scrollKey(ui.scroll, id, output);
    if (scrolled !== 'pass') return { ...ui, scroll: scrolled };
  }
  const step = view.step;
  switch (id) {
    case 'quit':
      return emit(ui, { type: 'quit' });
    case 'help':
      return { ...ui, help: true };
    case 'scroll':
      return { ...ui, scroll: 0 };
    case 'note':
      return open(ui, 'note');
    case 'up':
    case 'down': {
      if (!step || view.running || step.items === 0) return ui;
      const cursor = (ui.cursor + (id === 'up' ? -1 : 1) + step.items) % step.items;
      return { ...ui, cursor };
    }
    default:
      break;
  }
  if (view.running) return ui;
  switch (id) {
    case 'adhoc':
      return open(ui, 'adhoc');
    case 'enter':
      return step ? enter(ui, step) : ui;
    case 'space':
      return step?.kind === 'checklist' ? emit(ui, { type: 'tick', item: ui.cursor, checked: !step.ticked[ui.cursor] }) : ui;
    case 'skip':
      return step ? open(ui, 'skip') : ui;
    case 'rerun':
      return step && (step.kind === 'run' || step.kind === 'check') && step.status !== 'ok' ? runOrConfirm(ui, step) : ui;
    case 'edit':
      return step?.kind === 'run' ? open(ui, 'edit', step.command ?? '') : ui;
    case 'continue':
      return step?.status === 'failed' && step.onFail === 'ask' ? emit(ui, { type: 'continue' }) : ui;
    case 'abort':
      return step && (step.status === 'failed' || step.status === 'interrupted') ? open(ui, 'abort') : ui;
    default:
      return ui;
  }
}

function enter(ui: PlayUi, step: StepView): PlayUi {
  switch (step.kind) {
    case 'run':
    case 'check':
      return step.status === 'pending' || step.status === 'interrupted' ? runOrConfirm(ui, step) : ui;
    case 'choices':
      return emit(ui, { type: 'choose', index: ui.cursor });
    case 'input':
      return open(ui, 'input', '', { secret: step.input?.secret });
    default:
      return emit(ui, { type: 'complete' });
  }
}

function runOrConfirm(ui: PlayUi, step: StepView, command?: string): PlayUi {
  if (step.confirm !== undefined) return open(ui, 'confirm', '', { word: step.confirm, command });
  return emit(ui, command === undefined ? { type: 'run' } : { type: 'run', command }, { scroll: undefined });
}

function promptKey(ui: PlayUi, prompt: Prompt, id: KeyId): PlayUi {
  const edit = (next: LineEdit): PlayUi => ({ ...ui, prompt: { ...prompt, edit: next, error: next === prompt.edit ? prompt.error : undefined } });
  switch (id) {
    case 'back':
      return { ...ui, prompt: undefined };
    case 'erase':
      return edit(backspace(prompt.edit));
    case 'left':
      return edit(move(prompt.edit, -1));
    case 'right':
      return edit(move(prompt.edit, 1));
    case 'home':
      return edit(move(prompt.edit, -Infinity));
    case 'end':
      return edit(move(prompt.edit, Infinity));
    case 'enter':
      return submit(ui, prompt);
    default:
      return ui;
  }
}

function submit(ui: PlayUi, prompt: Prompt): PlayUi {
  const text = prompt.edit.text;
  const blank = text.trim() === '';
  const fail = (error: string): PlayUi => ({ ...ui, prompt: { ...prompt, error } });
  const done = (effect: Effect): PlayUi => emit(ui, effect, { prompt: undefined });
  const step = ui.view.step;
  switch (prompt.purpose) {
    case 'skip':
      return blank ? fail('Say why (the report lists every skip with its reason).') : done({ type: 'skip', reason: text.trim() });
    case 'abort':
      return blank ? fail('Say why the session ends here.') : done({ type: 'abort', reason: text.trim() });
    case 'note':
      return blank ? { ...ui, prompt: undefined } : done({ type: 'note', text: text.trim() });
    case 'adhoc':
      return blank ? fail('Type the command to run.') : ui.view.running ? fail('Wait for the running command to end.') : done({ type: 'adhoc', command: text });
    case 'edit':
      if (blank) return fail('The command is empty.');
      if (!step || ui.view.running) return { ...ui, prompt: undefined };
      return runOrConfirm({ ...ui, prompt: undefined }, step, text);
    case 'confirm':
      if (text.trim() !== prompt.word) return fail(`Type ${prompt.word} exactly to run this step, or Esc to cancel.`);
      return done(prompt.command === undefined ? { type: 'run' } : { type: 'run', command: prompt.command });
    case 'input': {
      const spec = step?.input;
      const problem = spec ? patternProblem(spec.var, { pattern: spec.pattern, secret: spec.secret }, text) : undefined;
      return problem ? fail(problem) : done({ type: 'input', value: text });
    }
    default:
      return ui;
  }
}
