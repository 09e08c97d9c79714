/** Golden files: compared in a normal run, rewritten with UPDATE_GOLDEN=1 (then review the diff and commit it). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

export const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Asserts that `actual` equals the file's text, or writes it when updating. */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
