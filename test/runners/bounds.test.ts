import { describe, expect, it } from 'vitest';
import { boundsFailure, showBounds, toNumber } from '../../src/runners/bounds.js';

describe('bounds', () => {
  it('compares numeric strings (pg bigint, numeric) as numbers', () => {
    expect(toNumber('50012')).toBe(50012);
    expect(toNumber('1.50')).toBe(1.5);
    expect(toNumber('')).toBeUndefined();
    expect(toNumber('abc')).toBeUndefined();
    expect(boundsFailure('n', '10', { min: 9 })).toBeUndefined();
    expect(boundsFailure('n', '10', { min: 11 })).toBe('n = 10, below the minimum 11');
    expect(boundsFailure('n', '100', { max: 99 })).toBe('n = 100, above the maximum 99');
    expect(boundsFailure('n', '1.50', { equals: '1.5' })).toBeUndefined();
    expect(boundsFailure('n', '1.50', { equals: 1.5 })).toBeUndefined();
  });

  it('names the column, the value and the bound', () => {
    expect(boundsFailure('status', 'down', { equals: 'up' })).toBe('status = "down", expected "up"');
    expect(boundsFailure('n', 'many', { min: 1 })).toBe('n = "many" is not a number (expected min 1)');
    expect(boundsFailure('n', null, { min: 1 })).toBe('n = null is not a number (expected min 1)');
    expect(boundsFailure('ok', true, { equals: true })).toBeUndefined();
    expect(boundsFailure('ok', false, { equals: true })).toBe('ok = false, expected true');
    expect(boundsFailure('gone', null, { equals: null })).toBeUndefined();
  });

  it('shows bounds as written', () => {
    expect(showBounds({ min: 1, max: 10 })).toBe('min 1, max 10');
    expect(showBounds({ equals: 'up' })).toBe('= "up"');
  });
});
