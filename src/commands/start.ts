import { getConfig } from '../config.js';
import { defaultRunbookDir, displayPath } from '../files.js';
import { summarizeRunbooks } from './list.js';

/**
 * `drp` with no command: the TUI's picker in a terminal; when stdin or stdout is not a terminal
 * (a pipe, cron), the runbooks and how to play one, as text.
 */
export async function startCommand(): Promise<number> {
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const { startPicker } = await import('../ui/start-tui.js');
    return startPicker();
  }
  // the same folder the picker shows: the `runbooks` setting, else ./runbooks, else the bundled ones
  const dir = defaultRunbookDir(getConfig('runbooks'));
  const { runbooks } = summarizeRunbooks([dir]);
  const ordered = [...runbooks.filter((r) => r.system === 'demo'), ...runbooks.filter((r) => r.system !== 'demo')];
  process.stdout.write(`drp: ${ordered.length} runbooks in ${displayPath(dir)}\n\n`);
  let system = '';
  for (const r of ordered) {
    if (r.system !== system) process.stdout.write(`${(system = r.system)}\n`);
    process.stdout.write(`  ${r.severity.padEnd(8)}  RTO ${r.rto.padEnd(5)}  ${String(r.steps).padStart(2)} steps  ${r.title}\n      ${r.file}\n`);
  }
  const demo = ordered[0];
  if (demo) process.stdout.write(`\nPlay one:  drp run ${demo.file} --drill\n`);
  return 0;
}
