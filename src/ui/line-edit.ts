/** A one-line text field as a value: insert, delete, move. Pure, shared by every prompt and field. */

/** The text being typed and the cursor's position in it. */
export interface LineEdit {
  text: string;
  /** Index in `text` where the next character goes. */
  cursor: number;
}

/** A field holding `text`, the cursor at its end. */
export function lineOf(text = ''): LineEdit {
  return { text, cursor: text.length };
}

/** Inserts typed or pasted text at the cursor (control characters dropped; a pasted newline stays, for commands). */
export function insert(edit: LineEdit, typed: string): LineEdit {
  // eslint-disable-next-line no-control-regex -- a paste may carry escape sequences; keep only text
  const clean = typed.replace(/\r\n?/g, '\n').replace(/[\x00-\x09\x0b-\x1f\x7f]/g, '');
  if (clean === '') return edit;
  return { text: edit.text.slice(0, edit.cursor) + clean + edit.text.slice(edit.cursor), cursor: edit.cursor + clean.length };
}

/** Deletes the character before the cursor. */
export function backspace(edit: LineEdit): LineEdit {
  if (edit.cursor === 0) return edit;
  return { text: edit.text.slice(0, edit.cursor - 1) + edit.text.slice(edit.cursor), cursor: edit.cursor - 1 };
}

/** Moves the cursor by `delta` characters, or to the start (-Infinity) or end (Infinity). */
export function move(edit: LineEdit, delta: number): LineEdit {
  const cursor = Math.max(0, Math.min(edit.text.length, edit.cursor + delta));
  return cursor === edit.cursor ? edit : { ...edit, cursor };
}

/**
 * The field as shown in `width` columns: newlines as `⏎`, secrets as `•`, a `▏` cursor, and a
 * window that keeps the cursor in view when the text is longer than the field.
 */
export function showLine(edit: LineEdit, width: number, secret = false): string {
  const shown = secret ? '•'.repeat(edit.text.length) : edit.text.replace(/\n/g, '⏎');
  const withCursor = `${shown.slice(0, edit.cursor)}▏${shown.slice(edit.cursor)}`;
  if (withCursor.length <= width) return withCursor;
  const start = Math.max(0, Math.min(edit.cursor - width + 2, withCursor.length - width));
  const window = withCursor.slice(start, start + width);
  return start > 0 ? `…${window.slice(1)}` : window;
}
