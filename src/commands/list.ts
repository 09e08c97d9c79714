import { displayPath, findRunbookFiles, defaultRunbookDir } from '../files.js';
import { readRunbook } from '../read-runbook.js';
import { RunbookError } from '../runbook/problem.js';
import { flatSteps } from '../runbook/steps.js';

/** One row of `drp list`. */
export interface RunbookSummary {
  id: string;
  title: string;
  system: string;
  severity: string;
  rto: string;
  rpo: string | null;
  steps: number;
  file: string;
}

/** Every valid runbook under the paths, and the files that are not. */
export function summarizeRunbooks(paths: string[]): { runbooks: RunbookSummary[]; invalid: RunbookError[] } {
  const runbooks: RunbookSummary[] = [];
  const invalid: RunbookError[] = [];
  for (const file of findRunbookFiles(paths)) {
    try {
      const { runbook } = readRunbook(file);
      runbooks.push({
        id: runbook.id ?? '',
        title: runbook.title,
        system: runbook.system,
        severity: runbook.severity,
        rto: runbook.objectives.rto,
        rpo: runbook.objectives.rpo ?? null,
        steps: flatSteps(runbook).length,
        file: displayPath(file),
      });
    } catch (error) {
      if (error instanceof RunbookError) invalid.push(error);
      else throw error;
    }
  }
  return { runbooks, invalid };
}

/** `drp list [PATH] [--json]`. */
export function listCommand(path: string | undefined, options: { json?: boolean }): number {
  const { runbooks, invalid } = summarizeRunbooks([path ?? defaultRunbookDir()]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(runbooks, null, 2)}\n`);
  } else {
    const rows = [['ID', 'SYSTEM', 'SEVERITY', 'RTO', 'RPO', 'STEPS', 'TITLE'], ...runbooks.map((r) => [r.id, r.system, r.severity, r.rto, r.rpo ?? '-', String(r.steps), r.title])];
    const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
    for (const row of rows) process.stdout.write(`${row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')}\n`);
  }
  for (const error of invalid) process.stderr.write(`${displayPath(error.file)}: invalid runbook (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}); see drp validate ${displayPath(error.file)}\n`);
  return invalid.length > 0 ? 2 : 0;
}
