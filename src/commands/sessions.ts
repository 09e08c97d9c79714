/** `drp sessions [--runbook ID] [--json]`: past and unfinished sessions. */
import { formatDuration } from '../runbook/duration.js';
import { storedSessions } from '../journal/sessions.js';

export function sessionsCommand(options: { runbook?: string; json?: boolean }): number {
  const rows = storedSessions()
    .filter((s) => options.runbook === undefined || s.state.runbook.id === options.runbook)
    .map(({ id, state }) => {
      const end = state.finished?.at ?? state.lastAt;
      return {
        id,
        runbook: state.runbook.id ?? '',
        mode: state.mode,
        started: new Date(state.startedAt).toISOString(),
        duration: formatDuration(end - state.impactAt),
        outcome: state.finished?.outcome ?? (state.interruptions.length > 0 ? 'interrupted' : 'unfinished'),
        rtoMet: state.finished ? state.finished.rtoMet : null,
      };
    });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write('no sessions yet\n');
    return 0;
  }
  const table = [['ID', 'MODE', 'STARTED (UTC)', 'DURATION', 'OUTCOME', 'RTO MET'], ...rows.map((r) => [r.id, r.mode, r.started.slice(0, 19).replace('T', ' '), r.duration, r.outcome, r.rtoMet === null ? '-' : r.rtoMet ? 'yes' : 'NO'])];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()}\n`);
  return 0;
}
