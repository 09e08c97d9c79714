/** Scrolling the output pane back through the lines kept: pure, used by the play reducer. */
import type { KeyId } from './keymap.js';

/** The output's size, sent with keys so scrolling stays within it. */
export interface OutputSize {
  lines: number;
  page: number;
}

/**
 * The scroll offset (lines up from the end) after a key in scroll mode: undefined follows the
 * end again, 'pass' means the key is not a scrolling key.
 */
export function scrollKey(offset: number, id: KeyId, output: OutputSize | undefined): number | undefined | 'pass' {
  const page = Math.max(1, output?.page ?? 10);
  const max = Math.max(0, (output?.lines ?? Infinity) - page);
  const clamp = (n: number): number => Math.max(0, Math.min(max, n));
  switch (id) {
    case 'up':
      return clamp(offset + 1);
    case 'down':
      return clamp(offset - 1);
    case 'pageUp':
      return clamp(offset + page);
    case 'pageDown':
      return clamp(offset - page);
    case 'home':
      return max === Infinity ? offset : max;
    case 'end':
    case 'back':
    case 'scroll':
      return undefined;
    default:
      return 'pass';
  }
}
