/** Durations as written in runbooks: `90s`, `15m`, `2h`, `1d`, `1h30m`. Units in descending order, each at most once. */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** Milliseconds of a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [, d, h, m, s] = match;
  return (
    Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m + Number(s ?? 0) * UNIT_MS.s
  );
}

/** A duration for people: `1h05m`, `4m30s`, `12s`, `850ms`. */
export function formatDuration(ms: number): string {
  const negative = ms < 0;
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) return `${negative ? '-' : ''}${rest}ms`;
  rest = Math.floor(rest / 1000);
  const d = Math.floor(rest / 86_400);
  const h = Math.floor((rest % 86_400) / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  let out: string;
  if (d > 0) out = `${d}d${pad(h)}h${pad(m)}m`;
  else if (h > 0) out = `${h}h${pad(m)}m`;
  else if (m > 0) out = `${m}m${pad(s)}s`;
  else out = `${s}s`;
  return negative ? `-${out}` : out;
}
