/**
 * Text helpers of the screens: clock readings, the RTO bar, status marks, and cutting text to a
 * width. Pure, so that the layout is computed before React renders anything.
 */
import { formatDuration } from '../runbook/duration.js';
import type { StepStatus } from '../session/events.js';

/** `T+hh:mm:ss` (or `T-…` for a clock that has not started yet). */
export function clockText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const total = Math.floor(Math.abs(ms) / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `T${sign}${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** `mm:ss`, or `h:mm:ss` past an hour: a step's elapsed time. */
export function shortClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(total / 3600);
  return h > 0 ? `${h}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}` : `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** Local wall-clock time `HH:MM` (with the day when it is not today). */
export function wallTime(at: number, now: number): string {
  const date = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return new Date(now).toDateString() === date.toDateString() ? time : `${date.toISOString().slice(0, 10)} ${time}`;
}

/** How the incident clock stands against the RTO: a level, not only a colour. */
export type ClockLevel = 'ok' | 'warn' | 'over';

/** ok below 75 % of the RTO, warn from 75 %, over past 100 %. */
export function clockLevel(fraction: number): ClockLevel {
  if (fraction > 1) return 'over';
  if (fraction >= 0.75) return 'warn';
  return 'ok';
}

/** A bar of `width` cells filled to `fraction` (clamped to 1). */
export function bar(fraction: number, width: number): string {
  if (width <= 0) return '';
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** The mark of a step status, readable without colour. */
export const STATUS_MARK: Record<StepStatus, string> = {
  pending: '·',
  running: '▶',
  ok: '✓',
  failed: '✗',
  skipped: '↷',
  unattended: '•',
  interrupted: '⏸',
};

/** A duration as people read it, or `?` when unknown. */
export function durationText(ms: number | undefined): string {
  return ms === undefined ? '?' : formatDuration(ms);
}

/** Cuts a line to `width` characters, marking the cut with `…`. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** Pads or cuts a line to exactly `width` characters. */
export function cell(text: string, width: number): string {
  return fit(text, width).padEnd(Math.max(0, width));
}

// Control characters other than tab would move the cursor or ring the bell: never let them reach the terminal.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** A line safe to print: tabs expanded, control characters removed. */
export function printable(text: string): string {
  return text.replace(/\t/g, '  ').replace(CONTROL, '');
}

/**
 * Word-wraps a text to `width` columns: paragraphs kept, long words cut hard. Lines of the
 * result never exceed `width`, so a panel's height is known before it renders.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  const w = Math.max(1, width);
  for (const raw of printable(text).split('\n')) {
    let line = raw.trimEnd();
    if (line === '') {
      out.push('');
      continue;
    }
    let first = true;
    while (line.length > 0) {
      const room = first ? w : Math.max(1, w - indent.length);
      if (line.length <= room) {
        out.push(first ? line : indent + line);
        break;
      }
      let cut = line.lastIndexOf(' ', room);
      if (cut <= 0) cut = room;
      out.push((first ? '' : indent) + line.slice(0, cut).trimEnd());
      line = line.slice(cut).trimStart();
      first = false;
    }
  }
  return out;
}
