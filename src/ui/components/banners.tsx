/** Escalations and status update reminders as they are raised, newest first, and short notices. */
import type { Banner } from '../play-state.js';
import type { Line } from '../text-lines.js';
import { Lines } from './lines.js';

/** Props of {@link Banners}. */
export interface BannersProps {
  banners: readonly Banner[];
  width: number;
  height: number;
}

/** One line per banner; the kind is said in words (ESCALATE, UPDATE), not only in colour. */
export function bannerLines(banners: readonly Banner[]): Line[] {
  return banners.map((banner) => {
    if (banner.kind === 'escalation') return [{ text: ' ESCALATE ', tone: 'red', inverse: true, bold: true }, { text: ` ${banner.text}`, bold: true }];
    if (banner.kind === 'update') return [{ text: ' UPDATE ', tone: 'yellow', inverse: true, bold: true }, { text: ` ${banner.text}`, bold: true }];
    return [{ text: `» ${banner.text}` }];
  });
}

export function Banners({ banners, width, height }: BannersProps) {
  return <Lines lines={bannerLines(banners)} width={width} height={height} />;
}
