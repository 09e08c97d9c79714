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

/** A duration written the runbook way, largest units first: `1h30m`, `2d`, `45s`. */
export function writeDuration(ms: number): string {
  let rest = Math.round(ms / 1000);
  if (rest <= 0) return '0s';
  let out = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) out += `${count}${unit}`;
  }
  return out;
}

const UNIT_WORDS: Record<string, keyof typeof UNIT_MS> = {
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
};

/**
 * What to write instead of something that is not a duration: `30 s` → `30s`, `1.5h` → `1h30m`,
 * `5 minutes` → `5m`; a bare number gets asked for a unit. Empty when there is no good guess.
 */
export function durationHint(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return `; a duration needs a unit: write ${value}s, ${value}m or ${value}h`;
  }
  if (typeof value !== 'string') return '';
  const parts = [...value.trim().toLowerCase().matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*(?:and\s+)?/g)];
  const joined = parts.map((part) => part[0]).join('');
  if (parts.length > 0 && joined.length === value.trim().length) {
    let ms = 0;
    for (const [, amount, word] of parts) {
      const unit = UNIT_WORDS[word ?? ''];
      if (unit === undefined) return '';
      ms += Number(amount) * UNIT_MS[unit];
    }
    if (ms >= 1000) return `; write ${writeDuration(ms)}`;
  }
  if (/^\d+(\.\d+)?$/.test(value.trim())) return `; a duration needs a unit: write ${value.trim()}s, ${value.trim()}m or ${value.trim()}h`;
  return '';
}
