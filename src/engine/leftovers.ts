/**
 * What a killed drp left running. A kill -9 of drp does not reach its command (the command has
 * its own process group), so a restore can still be running when the session is resumed; running
 * the step again beside it would be two restores at once. Before the resumed session goes on,
 * that group is stopped — but only once /proc shows it is this session's (its processes carry
 * DRP_SESSION_ID in their environment), so a recycled process id is never killed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export type LeftoverOutcome = 'gone' | 'stopped' | 'killed' | 'not ours';

/** The processes of a process group that carry this session's id. */
function members(pgid: number, session: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const marker = `DRP_SESSION_ID=${session}\0`;
  const out: number[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid || fields[0] === 'Z') continue;
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) out.push(Number(pid));
    } catch {
      // gone meanwhile, or not readable
    }
  }
  return out;
}

function signal(pgid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pgid, name);
  } catch {
    // already gone
  }
}

/** Stops the session's leftover process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopLeftover(pgid: number, session: string, graceMs = 5000): Promise<LeftoverOutcome> {
  if (members(pgid, session).length === 0) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return 'gone';
    }
    return 'not ours';
  }
  signal(pgid, 'SIGTERM');
  for (let waited = 0; waited < graceMs; waited += 50) {
    await delay(50);
    if (members(pgid, session).length === 0) return 'stopped';
  }
  signal(pgid, 'SIGKILL');
  for (let waited = 0; waited < 2000 && members(pgid, session).length > 0; waited += 50) await delay(50);
  return 'killed';
}
