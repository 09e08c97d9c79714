/**
 * `{min, max, equals}` bounds on a value a check found (a column of the first row, a row count,
 * a document count). Drivers hand numbers over as strings (pg's bigint and numeric, so that no
 * precision is lost): a numeric string compares as a number.
 */
import type { Bounds } from '../runbook/schema.js';

/** The number a value stands for, or undefined when it is not numeric. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A value as an operator reads it: strings quoted, numbers bare. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return toNumber(value) !== undefined ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The bounds as written: "min 1, max 10", "= 'up'". */
export function showBounds(bounds: Bounds): string {
  const parts: string[] = [];
  if (bounds.equals !== undefined) parts.push(`= ${showValue(bounds.equals)}`);
  if (bounds.min !== undefined) parts.push(`min ${bounds.min}`);
  if (bounds.max !== undefined) parts.push(`max ${bounds.max}`);
  return parts.join(', ');
}

function equalsValue(value: unknown, expected: Bounds['equals']): boolean {
  if (expected === null) return value === null || value === undefined;
  if (typeof expected === 'number') return toNumber(value) === expected;
  if (typeof expected === 'boolean') return value === expected || String(value) === String(expected);
  // A string: compare as numbers when both are ("1.50" equals "1.5"), else as text.
  const a = toNumber(value);
  const b = toNumber(expected);
  if (a !== undefined && b !== undefined) return a === b;
  return value !== null && value !== undefined && String(value instanceof Date ? value.toISOString() : value) === expected;
}

/**
 * Why `name = value` is outside the bounds ("n = 0, below the minimum 1"), or undefined when it
 * is within them.
 */
export function boundsFailure(name: string, value: unknown, bounds: Bounds): string | undefined {
  const shown = `${name} = ${showValue(value)}`;
  if (bounds.equals !== undefined && !equalsValue(value, bounds.equals)) return `${shown}, expected ${showValue(bounds.equals)}`;
  if (bounds.min === undefined && bounds.max === undefined) return undefined;
  const number = toNumber(value);
  if (number === undefined) return `${shown} is not a number (expected ${showBounds(bounds)})`;
  if (bounds.min !== undefined && number < bounds.min) return `${shown}, below the minimum ${bounds.min}`;
  if (bounds.max !== undefined && number > bounds.max) return `${shown}, above the maximum ${bounds.max}`;
  return undefined;
}
