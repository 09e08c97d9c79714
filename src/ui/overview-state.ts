/**
 * The overview's form as a pure reducer: the variables still to fill (pattern-checked, secrets
 * masked), when impact began (default now; `-25m` or an ISO time), and — when started from the
 * picker — drill or incident. Enter checks everything and, when all is well, sets `start`.
 */
import { parseImpactAt } from '../commands/run.js';
import { patternProblem } from '../engine/vars.js';
import type { Mode } from '../session/events.js';
import type { Key } from 'ink';
import { applyInput, type KeyContext, type KeyId } from './keymap.js';
import { backspace, insert, lineOf, move, type LineEdit } from './line-edit.js';

/** A variable the operator must give before the clock starts. */
export interface NeededVar {
  name: string;
  question: string;
  secret: boolean;
  pattern?: string;
}

/** One row of the form. */
export type Field = { kind: 'var'; need: NeededVar; edit: LineEdit } | { kind: 'impact'; edit: LineEdit } | { kind: 'mode' };

/** What Enter hands over once the form is valid. */
export interface StartRequest {
  mode: Mode;
  /** Undefined: now. */
  impactAt?: number;
  values: Record<string, string>;
}

/** The overview's form state. */
export interface OverviewUi {
  mode: Mode;
  /** `drp run --drill` fixed the mode; from the picker it can be switched. */
  modeFixed: boolean;
  /** The variables to ask for, per mode (drill values fill some of them). */
  needed: Record<Mode, NeededVar[]>;
  fields: Field[];
  focus: number;
  /** Problems found by the last Enter, by field key (variable name, `impact`). */
  problems: Record<string, string>;
  start?: StartRequest;
  back?: boolean;
}

/** A key (with the time, for `-25m`) or typed text. */
export type OverviewAction = { type: 'key'; id: KeyId; now: number } | { type: 'text'; text: string } | { type: 'input'; input: string; key: Key; now: number };

export function initialOverview(mode: Mode, modeFixed: boolean, needed: Record<Mode, NeededVar[]>, impact = ''): OverviewUi {
  return { mode, modeFixed, needed, fields: fieldsFor(mode, modeFixed, needed, [{ kind: 'impact', edit: lineOf(impact) }]), focus: 0, problems: {} };
}

/** The key a field's problem is filed under. */
export function fieldKey(field: Field): string {
  return field.kind === 'var' ? field.need.name : field.kind;
}

function fieldsFor(mode: Mode, modeFixed: boolean, needed: Record<Mode, NeededVar[]>, old: Field[]): Field[] {
  const typed = (key: string): LineEdit => {
    const before = old.find((f) => fieldKey(f) === key);
    return before && before.kind !== 'mode' ? before.edit : lineOf();
  };
  // The mode first: from the picker it is the first thing to decide (a drill or the real thing).
  const fields: Field[] = modeFixed ? [] : [{ kind: 'mode' }];
  for (const need of needed[mode]) fields.push({ kind: 'var', need, edit: typed(need.name) });
  fields.push({ kind: 'impact', edit: typed('impact') });
  return fields;
}

export function overviewKeyContext(ui: OverviewUi): KeyContext {
  const field = ui.fields[ui.focus];
  return { screen: 'overview', typing: field !== undefined && field.kind !== 'mode', modeField: field?.kind === 'mode' };
}

export function overviewReducer(ui: OverviewUi, action: OverviewAction): OverviewUi {
  if (action.type === 'input') {
    const { now } = action;
    return applyInput(ui, action.input, action.key, overviewKeyContext, (state, resolved) => overviewReducer(state, 'text' in resolved ? { type: 'text', text: resolved.text } : { type: 'key', id: resolved.id, now }));
  }
  const field = ui.fields[ui.focus];
  const edit = (change: (e: LineEdit) => LineEdit): OverviewUi => {
    if (!field || field.kind === 'mode') return ui;
    const fields = [...ui.fields];
    fields[ui.focus] = { ...field, edit: change(field.edit) };
    const problems = { ...ui.problems };
    delete problems[fieldKey(field)];
    return { ...ui, fields, problems };
  };
  if (action.type === 'text') return edit((e) => insert(e, action.text.replace(/\n/g, '')));
  switch (action.id) {
    case 'up':
      return { ...ui, focus: (ui.focus - 1 + ui.fields.length) % ui.fields.length };
    case 'down':
      return { ...ui, focus: (ui.focus + 1) % ui.fields.length };
    case 'erase':
      return edit(backspace);
    case 'left':
    case 'right':
      if (field?.kind === 'mode') return switchMode(ui);
      return edit((e) => move(e, action.id === 'left' ? -1 : 1));
    case 'home':
      return edit((e) => move(e, -Infinity));
    case 'end':
      return edit((e) => move(e, Infinity));
    case 'space':
      return field?.kind === 'mode' ? switchMode(ui) : ui;
    case 'back':
    case 'stop':
      return { ...ui, back: true };
    case 'enter':
      return submit(ui, action.now);
    default:
      return ui;
  }
}

function switchMode(ui: OverviewUi): OverviewUi {
  if (ui.modeFixed) return ui;
  const mode: Mode = ui.mode === 'incident' ? 'drill' : 'incident';
  const fields = fieldsFor(mode, false, ui.needed, ui.fields);
  return { ...ui, mode, fields, focus: 0, problems: {} };
}

function submit(ui: OverviewUi, now: number): OverviewUi {
  const problems: Record<string, string> = {};
  const values: Record<string, string> = {};
  let impactAt: number | undefined;
  for (const field of ui.fields) {
    if (field.kind === 'var') {
      const value = field.edit.text;
      if (value === '') problems[field.need.name] = `${field.need.name} needs a value`;
      else {
        const problem = patternProblem(field.need.name, { pattern: field.need.pattern, secret: field.need.secret }, value);
        if (problem) problems[field.need.name] = problem;
        else values[field.need.name] = value;
      }
    } else if (field.kind === 'impact' && field.edit.text.trim() !== '') {
      try {
        impactAt = parseImpactAt(field.edit.text.trim(), now);
      } catch (error) {
        problems.impact = (error as Error).message.replace(/^--impact-at /, '');
      }
    }
  }
  const first = ui.fields.findIndex((f) => problems[fieldKey(f)] !== undefined);
  if (first >= 0) return { ...ui, problems, focus: first };
  return { ...ui, problems: {}, start: { mode: ui.mode, impactAt, values } };
}
