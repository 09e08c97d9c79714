/** The keys that do something now, from the keymap, on one or two lines. */
import { footerKeys, type KeyContext } from '../keymap.js';
import { packFooter } from '../layout.js';
import type { Line } from '../text-lines.js';
import { Lines } from './lines.js';

/** Props of {@link Footer}. */
export interface FooterProps {
  ctx: KeyContext;
  width: number;
  /** Lines it may take (see {@link footerLines}). */
  height: number;
}

/** The footer's lines for a context. */
export function footerLines(ctx: KeyContext, width: number, maxLines = 2): Line[] {
  return packFooter(footerKeys(ctx), width, maxLines).map((entries) =>
    entries.flatMap(([keys, word], i) => [
      { text: i === 0 ? '' : '  ' },
      { text: keys, bold: true, inverse: true },
      { text: ` ${word}` },
    ]),
  );
}

export function Footer({ ctx, width, height }: FooterProps) {
  return <Lines lines={footerLines(ctx, width, height)} width={width} height={height} />;
}
