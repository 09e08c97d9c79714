/** Times as a report shows them: always UTC, always with the incident clock's offset beside. */
import { formatDuration } from '../runbook/duration.js';

/** ISO 8601 in UTC: what the JSON report carries. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2026-11-22 01:40:00 UTC`: seconds are enough for people; the JSON keeps the milliseconds. */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * `T+00:12:30`: the incident clock, hours not wrapped at a day so that a 26-hour incident reads
 * T+26:00:00. Rounded down to the second, as a wall clock shows it.
 */
export function tOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const total = Math.floor(Math.abs(ms) / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `T${sign}${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** `2026-11-22 01:40:00 UTC (T+00:12:30)`. */
export function utcWithOffset(ms: number, impactAt: number): string {
  return `${utc(ms)} (${tOffset(ms - impactAt)})`;
}

/** The same from an ISO time and an offset, as the report model carries them. */
export function when(at: string, offsetMs: number): string {
  return `${utc(Date.parse(at))} (${tOffset(offsetMs)})`;
}

/** A duration, or a dash when there is none. */
export function dur(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}
