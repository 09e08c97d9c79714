/** `drp sessions [--runbook ID] [--json]`: past and unfinished sessions, as the reports count them. */
import { formatDuration } from '../runbook/duration.js';
import { listSessions } from '../report/history.js';

export function sessionsCommand(options: { runbook?: string; json?: boolean }): number {
  const rows = listSessions()
    .filter((s) => options.runbook === undefined || s.runbook === options.runbook)
    .map((s) => ({
      id: s.id,
      runbook: s.runbook,
      mode: s.mode,
      started: new Date(s.startedAt).toISOString(),
      duration: formatDuration(s.durationMs),
      outcome: s.outcome,
      rtoMet: s.rtoMet,
    }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write(options.runbook ? `no sessions of ${options.runbook} yet\n` : 'no sessions yet\n');
    return 0;
  }
  const table = [['ID', 'MODE', 'STARTED (UTC)', 'DURATION', 'OUTCOME', 'RTO MET'], ...rows.map((r) => [r.id, r.mode, r.started.slice(0, 19).replace('T', ' '), r.duration, r.outcome, String(r.rtoMet)])];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()}\n`);
  return 0;
}
