/**
 * The picker as a pure reducer: unfinished sessions first (to resume), then the runbooks grouped
 * by system, the demo first; typing filters, ↑↓ move, Enter chooses.
 */
import type { Key } from 'ink';
import { applyInput, type KeyContext, type KeyId } from './keymap.js';
import { backspace, insert, lineOf, type LineEdit } from './line-edit.js';

/** Something to pick: a session to resume or a runbook to play. */
export type PickerItem =
  | { kind: 'session'; id: string; title: string; system: string; mode: string; startedAt: number; impactAt: number; at?: string }
  | { kind: 'runbook'; file: string; id: string; title: string; system: string; severity: string; rto: string; steps: number };

/** The picker's state: the items, the filter, the selection, and what was chosen. */
export interface PickerUi {
  items: PickerItem[];
  filter: LineEdit;
  /** Index in `visibleItems`. */
  selected: number;
  chosen?: PickerItem;
  leave?: boolean;
}

/** A key or typed text. */
export type PickerAction = { type: 'key'; id: KeyId } | { type: 'text'; text: string } | { type: 'input'; input: string; key: Key };

/** Sessions first (newest first), then runbooks by system with the demo system first, then by title. */
export function orderItems(items: PickerItem[]): PickerItem[] {
  const sessions = items.filter((i) => i.kind === 'session').sort((a, b) => (b.kind === 'session' && a.kind === 'session' ? b.startedAt - a.startedAt : 0));
  const runbooks = items
    .filter((i) => i.kind === 'runbook')
    .sort((a, b) => Number(b.system === 'demo') - Number(a.system === 'demo') || a.system.localeCompare(b.system) || a.title.localeCompare(b.title));
  return [...sessions, ...runbooks];
}

export function initialPicker(items: PickerItem[]): PickerUi {
  return { items: orderItems(items), filter: lineOf(), selected: 0 };
}

/** The items matching the filter: every word of it appears in the item's title, system, id, severity or file. */
export function visibleItems(ui: PickerUi): PickerItem[] {
  const words = ui.filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return ui.items;
  return ui.items.filter((item) => {
    const hay = (item.kind === 'session' ? `${item.title} ${item.system} ${item.id} ${item.mode} resume` : `${item.title} ${item.system} ${item.id} ${item.severity} ${item.file}`).toLowerCase();
    return words.every((word) => hay.includes(word));
  });
}

export function pickerKeyContext(ui: PickerUi): KeyContext {
  return { screen: 'picker', typing: true, filtered: ui.filter.text !== '' };
}

export function pickerReducer(ui: PickerUi, action: PickerAction): PickerUi {
  if (action.type === 'input') {
    return applyInput(ui, action.input, action.key, pickerKeyContext, (state, resolved) => pickerReducer(state, 'text' in resolved ? { type: 'text', text: resolved.text } : { type: 'key', id: resolved.id }));
  }
  if (action.type === 'text') return { ...ui, filter: insert(ui.filter, action.text.replace(/\n/g, '')), selected: 0 };
  const count = visibleItems(ui).length;
  switch (action.id) {
    case 'up':
      return count === 0 ? ui : { ...ui, selected: (ui.selected - 1 + count) % count };
    case 'down':
      return count === 0 ? ui : { ...ui, selected: (ui.selected + 1) % count };
    case 'pageUp':
      return { ...ui, selected: Math.max(0, ui.selected - 10) };
    case 'pageDown':
      return { ...ui, selected: Math.max(0, Math.min(count - 1, ui.selected + 10)) };
    case 'erase':
      return { ...ui, filter: backspace(ui.filter), selected: 0 };
    case 'back':
      return ui.filter.text !== '' ? { ...ui, filter: lineOf(), selected: 0 } : { ...ui, leave: true };
    case 'stop':
      return { ...ui, leave: true };
    case 'enter': {
      const item = visibleItems(ui)[ui.selected];
      return item ? { ...ui, chosen: item } : ui;
    }
    default:
      return ui;
  }
}
