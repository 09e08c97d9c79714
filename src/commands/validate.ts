import { existsSync } from 'node:fs';
import { findRunbookFiles, defaultRunbookDir } from '../files.js';
import { checkFiles } from './validate-files.js';

/** `drp validate [PATH...]`: every problem of every file as file:line:col; exit 2 if any file is invalid. */
export async function validateCommand(paths: string[]): Promise<number> {
  let invalid = 0;
  const out: string[] = [];
  const files: string[] = [];
  // A path that does not exist is one more invalid input, not a reason to leave the others unchecked.
  for (const target of paths.length > 0 ? paths : [defaultRunbookDir()]) {
    if (existsSync(target)) files.push(...findRunbookFiles([target]));
    else {
      invalid++;
      out.push(`${target}: no such file or folder`);
    }
  }
  if (files.length === 0 && invalid === 0) {
    process.stderr.write(`no runbooks (*.yaml) found in ${paths.join(', ')}\n`);
    return 2;
  }
  // Bundled, this module lives in dist/chunks/ and the worker entry in dist/.
  const workerUrl = import.meta.url.includes('/dist/') ? new URL('../validate-worker.js', import.meta.url) : undefined;
  for (const lines of await checkFiles(files, workerUrl)) {
    if (!lines) continue;
    invalid++;
    out.push(...lines);
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  const total = files.length + out.filter((line) => line.endsWith(': no such file or folder')).length;
  const summary = invalid === 0 ? `${total} runbook${total === 1 ? '' : 's'} valid` : `${invalid} of ${total} runbook${total === 1 ? '' : 's'} invalid`;
  (invalid === 0 ? process.stdout : process.stderr).write(`${summary}\n`);
  return invalid === 0 ? 0 : 2;
}
