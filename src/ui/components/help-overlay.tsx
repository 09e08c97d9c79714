/** Every key of the keymap with what it does (`?`). */
import { KEYMAP } from '../keymap.js';
import { wrapped, type Line } from '../text-lines.js';
import { Lines } from './lines.js';

/** Props of {@link HelpOverlay}. */
export interface HelpOverlayProps {
  width: number;
  height: number;
}

/** The help's lines: the table, keys that pair with another (↓ with ↑) folded into it. */
export function helpLines(width: number): Line[] {
  const rows = KEYMAP.filter((b) => !b.help.startsWith('(with'));
  const keyWidth = Math.max(...rows.map((b) => b.keys.length)) + 2;
  const out: Line[] = [[{ text: 'Keys — Esc or ? closes', bold: true }]];
  for (const binding of rows) {
    const [first, ...rest] = wrapped(binding.help, Math.max(10, width - keyWidth));
    out.push([{ text: binding.keys.padEnd(keyWidth), bold: true }, ...(first ?? [])]);
    for (const more of rest) out.push([{ text: ''.padEnd(keyWidth) }, ...more]);
  }
  out.push([{ text: 'Everything you do is journaled; q leaves and drp resume continues with the clocks intact.', dim: true }]);
  return out;
}

export function HelpOverlay({ width, height }: HelpOverlayProps) {
  return <Lines lines={helpLines(width)} width={width} height={height} />;
}
