/** Reading a runbook file: the only IO next to the pure runbook module. */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';
import { loadRunbook, MAX_RUNBOOK_BYTES } from './runbook/load.js';
import { RunbookError } from './runbook/problem.js';
import type { Runbook } from './runbook/schema.js';

/** A runbook read from disk (with the text it was read from), or the RunbookError listing every problem in it. */
export function readRunbook(file: string): { runbook: Runbook; file: string; text: string } {
  const text = readText(file);
  const result = loadRunbook(text, file);
  if (!result.ok) throw new RunbookError(file, result.problems);
  return { runbook: result.runbook, file, text };
}

/**
 * A runbook file's text. Reads at most MAX_RUNBOOK_BYTES + 1 bytes whatever the file is (a huge
 * file, a pipe, /dev/zero), so a wrong path costs no more than a megabyte.
 */
export function readText(file: string): string {
  // Opening a named pipe blocks until something writes to it: refuse it (a pipe drp is handed,
  // such as bash's <(...) under /dev/fd, already has its writer).
  try {
    if (statSync(file).isFIFO() && !/^\/(dev|proc\/self)\/fd\//.test(file)) throw new UsageError(`${file}: is a named pipe, not a runbook file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw fsError(file, error);
  }
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw fsError(file, error);
  }
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UsageError(`${file}: is a folder, not a runbook file`);
    if (stat.isFile() && stat.size > MAX_RUNBOOK_BYTES) throw tooBig(file, stat.size);
    const buffer = Buffer.allocUnsafe((stat.isFile() ? stat.size : MAX_RUNBOOK_BYTES) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_RUNBOOK_BYTES) throw tooBig(file, length);
    bytes = buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RunbookError) throw error;
    throw fsError(file, error);
  } finally {
    closeSync(fd);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new RunbookError(file, [{ line: 1, col: 1, message: 'saved as UTF-16: save the runbook as UTF-8' }]);
  }
  // Bytes that are not UTF-8 become U+FFFD, which loadRunbook reports at their line and column.
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function tooBig(file: string, size: number): RunbookError {
  const shown = size > MAX_RUNBOOK_BYTES + 1 ? `${(size / 1_048_576).toFixed(1)} MB` : 'over 1 MB';
  return new RunbookError(file, [{ line: 1, col: 1, message: `file is ${shown}; a runbook is at most 1 MB: is this the right file?` }]);
}

function fsError(file: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`${file}: no such file`);
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${file}: permission denied`, 'Check the file permissions, or run drp as a user who may read it.');
  if (code === 'EISDIR') return new UsageError(`${file}: is a folder, not a runbook file`);
  return new UsageError(`${file}: cannot read it (${code ?? (error as Error).message})`);
}
