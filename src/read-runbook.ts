/** Reading a runbook file: the only IO next to the pure runbook module. */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';
import { loadRunbook, MAX_RUNBOOK_BYTES } from './runbook/load.js';
import { RunbookError } from './runbook/problem.js';
import type { Runbook } from './runbook/schema.js';

/** A runbook read from disk, or the RunbookError listing every problem in it. */
export function readRunbook(file: string): { runbook: Runbook; file: string } {
  const text = readText(file);
  const result = loadRunbook(text, file);
  if (!result.ok) throw new RunbookError(file, result.problems);
  return { runbook: result.runbook, file };
}

/** A runbook file's text; a huge file is refused before it is read whole. */
export function readText(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  if (size > MAX_RUNBOOK_BYTES) {
    throw new RunbookError(file, [{ line: 1, col: 1, message: `file is ${(size / 1_048_576).toFixed(1)} MB; a runbook is at most 1 MB: is this the right file?` }]);
  }
  const bytes = readFileSync(file);
  if (bytes.includes(0)) throw new RunbookError(file, [{ line: 1, col: 1, message: 'this is a binary file, not YAML text: point drp at a .yaml runbook' }]);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
