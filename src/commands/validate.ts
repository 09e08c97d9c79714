import { existsSync } from 'node:fs';
import { displayPath, findRunbookFiles, defaultRunbookDir } from '../files.js';
import { readRunbook } from '../read-runbook.js';
import { formatProblem, RunbookError } from '../runbook/problem.js';
import { DrpError } from '../errors.js';

/** `drp validate [PATH...]`: every problem of every file as file:line:col; exit 2 if any file is invalid. */
export function validateCommand(paths: string[]): number {
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
  for (const file of files) {
    try {
      readRunbook(file);
    } catch (error) {
      if (!(error instanceof DrpError || error instanceof RunbookError)) throw error;
      invalid++;
      if (error instanceof RunbookError) for (const problem of error.problems) out.push(formatProblem(displayPath(file), problem));
      // readText's messages already start with the file's name.
      else out.push(error.message.startsWith(file) ? `${displayPath(file)}${error.message.slice(file.length)}` : `${displayPath(file)}: ${error.message}`);
    }
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  const total = files.length + out.filter((line) => line.endsWith(': no such file or folder')).length;
  const summary = invalid === 0 ? `${total} runbook${total === 1 ? '' : 's'} valid` : `${invalid} of ${total} runbook${total === 1 ? '' : 's'} invalid`;
  (invalid === 0 ? process.stdout : process.stderr).write(`${summary}\n`);
  return invalid === 0 ? 0 : 2;
}
