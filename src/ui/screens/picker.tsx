/** `drp` with no arguments: pick a session to resume or a runbook to play. */
import { Box } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { clockText, wallTime } from '../format.js';
import { footerLines } from '../components/footer.js';
import { Lines } from '../components/lines.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { windowAround } from '../layout.js';
import { showLine } from '../line-edit.js';
import { initialPicker, pickerKeyContext, pickerReducer, visibleItems, type PickerItem, type PickerUi } from '../picker-state.js';
import type { Line } from '../text-lines.js';
import type { Tone } from '../theme.js';

/** Props of {@link PickerScreen}. */
export interface PickerScreenProps {
  items: PickerItem[];
  /** Where the runbooks come from, for the title line. */
  folder: string;
  /** Runbooks that did not load, said once under the title. */
  invalid?: number;
  onPick: (item: PickerItem) => void;
  onLeave: () => void;
}

const SEVERITY_TONE: Record<string, Tone> = { critical: 'red', high: 'yellow', medium: 'cyan', low: 'green' };

/** The list's rows (group headings and items) and the index of the selected row. */
export function pickerRows(ui: PickerUi, now: number): { rows: Line[]; focus: number } {
  const rows: Line[] = [];
  let focus = 0;
  let group = '';
  visibleItems(ui).forEach((item, i) => {
    const heading = item.kind === 'session' ? 'Unfinished sessions — Enter resumes' : item.system;
    if (heading !== group) {
      group = heading;
      rows.push([{ text: heading, bold: true, tone: item.kind === 'session' ? 'yellow' : undefined }]);
    }
    const on = i === ui.selected;
    if (on) focus = rows.length;
    const pointer = { text: on ? '› ' : '  ', bold: true };
    if (item.kind === 'session') {
      // Two lines: the runbook's title is long, and where the session stands matters as much.
      rows.push([pointer, { text: 'resume ', bold: true }, { text: item.title, inverse: on, bold: true }]);
      rows.push([{ text: `         ${item.mode} · started ${wallTime(item.startedAt, now)} · clock at ${clockText(now - item.impactAt)}${item.at ? ` · next: ${item.at}` : ''}`, dim: true }]);
    } else {
      rows.push([
        pointer,
        { text: item.severity.padEnd(9), tone: SEVERITY_TONE[item.severity] },
        { text: `RTO ${item.rto.padEnd(6)}${String(item.steps).padStart(3)} steps  `, dim: true },
        { text: item.title, inverse: on, bold: on },
      ]);
    }
  });
  return { rows, focus };
}

export function PickerScreen({ items, folder, invalid = 0, onPick, onLeave }: PickerScreenProps) {
  const size = useTerminalSize();
  const [ui, dispatch] = useReducer(pickerReducer, items, initialPicker);
  const ctx = pickerKeyContext(ui);
  useKeys((input, key) => dispatch({ type: 'input', input, key }));
  const pick = useRef(onPick);
  pick.current = onPick;
  const leave = useRef(onLeave);
  leave.current = onLeave;
  useEffect(() => {
    if (ui.chosen) pick.current(ui.chosen);
    else if (ui.leave) leave.current();
  }, [ui.chosen, ui.leave]);

  const width = Math.max(1, size.columns);
  const now = Date.now();
  const count = visibleItems(ui).length;
  const head: Line[] = [
    [{ text: 'drp', bold: true }, { text: ` — pick a runbook to play (${ui.items.filter((i) => i.kind === 'runbook').length} in ${folder})${invalid > 0 ? ` · ${invalid} invalid: drp validate` : ''}`, dim: true }],
    [{ text: 'Filter: ', bold: true }, { text: showLine(ui.filter, Math.max(8, width - 30)) }, { text: `  ${count} of ${ui.items.length}`, dim: true }],
  ];
  const { rows, focus } = pickerRows(ui, now);
  if (rows.length === 0) rows.push([{ text: '  Nothing matches; Backspace or Esc clears the filter.', dim: true }]);
  const footer = footerLines(ctx, width, 2);
  const listHeight = Math.max(0, size.rows - 1 - head.length - footer.length);
  const { start, end } = windowAround(rows.length, listHeight, focus);
  return (
    <Box flexDirection="column" width={width} height={head.length + listHeight + footer.length}>
      <Lines lines={head} width={width} height={head.length} />
      <Lines lines={rows.slice(start, end)} width={width} height={listHeight} />
      <Lines lines={footer} width={width} height={footer.length} />
    </Box>
  );
}
