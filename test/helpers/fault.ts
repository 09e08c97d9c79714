/**
 * Helpers for the fault-injection tests (test/fault): a seeded PRNG, a small concurrency pool,
 * finding and killing the command processes a kill -9'd drp left behind, and the journal on disk.
 */
import { existsSync, statSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import fc from 'fast-check';
import { alive } from './cli.js';

/** mulberry32: a tiny seeded PRNG, so a failing kill point can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `task` on every item, at most `concurrency` at a time; resolves with the results in order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Pids whose environment holds `NAME=value` exactly: the commands of one test's session. */
export function pidsWithEnv(entry: string): number[] {
  const needle = Buffer.from(`\0${entry}\0`);
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`);
      if (Buffer.concat([Buffer.from([0]), environ]).includes(needle) && alive(Number(name))) pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/**
 * Kills (SIGKILL, with their process groups) the commands a killed drp left running, found by a
 * variable only they have in their environment. A command may still be between fork and exec
 * when drp dies, so it scans until two scans in a row find nothing.
 */
export async function killOrphans(entry: string): Promise<number> {
  let killed = 0;
  let quiet = 0;
  while (quiet < 2) {
    const pids = pidsWithEnv(entry);
    if (pids.length === 0) quiet++;
    else quiet = 0;
    for (const pid of pids) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // not a group leader, or already gone
        }
      }
      killed++;
    }
    await delay(30);
  }
  return killed;
}

/** The session folders under a DRP_HOME, oldest first (ids start with the start time). */
export function sessionIds(home: string): string[] {
  const root = join(home, 'sessions');
  if (!existsSync(root)) return [];
  // Oldest first by creation: two sessions started in the same second have ids that sort by their
  // random suffix, not by time (a kill between creating a journal and its first event leaves one).
  const born = (id: string): number => statSync(join(root, id)).birthtimeMs || statSync(join(root, id)).ctimeMs;
  return readdirSync(root).sort((a, b) => born(a) - born(b) || a.localeCompare(b));
}

/** The journal path of a session (the only or the latest one under a DRP_HOME when no id is given). */
export function journalPath(home: string, id = sessionIds(home).at(-1) ?? ''): string {
  return join(home, 'sessions', id, 'journal.jsonl');
}

/** The journal's bytes, or an empty buffer when there is none yet. */
export function journalBytes(home: string): Buffer {
  const path = journalPath(home);
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
}

/** The journal up to and including its last newline: every event that was completely written. */
export function completeLines(journal: Buffer): Buffer {
  return journal.subarray(0, journal.lastIndexOf(0x0a) + 1);
}

/** Writes a runbook file (the YAML as given) and returns its path. */
export function writeRunbook(dir: string, name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** Pids written by a command as `pid=N` lines into a file. */
export function pidsInFile(path: string): number[] {
  if (!existsSync(path)) return [];
  return [...readFileSync(path, 'utf8').matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
}

const ASCII = [...' !"#$%&\'()+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'];
const UNICODE = ['é', 'ß', 'ø', '€', '漢', '字', 'ж', '😀', '🔑', 'e\u0301'];
/** A character of a secret: printable ASCII (URL- and JSON-special ones included) but `*`, the mask's; sometimes non-ASCII. */
export const secretChar = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ASCII) }, { weight: 1, arbitrary: fc.constantFrom(...UNICODE) });
/** A secret: 4-40 characters. */
export const secretArb = fc.string({ unit: secretChar, minLength: 4, maxLength: 40 });

/**
 * A session with every kind of step the kill tests need: short commands, a slow one that is safe
 * to re-run, a checklist, a decision, a slow one that must never run twice, a manual step. Each
 * command appends its id to $WORK/runs.log when it starts.
 */
export const SESSION_RUNBOOK = `drp: 1
id: kill9
title: Kill -9 anywhere
system: test
severity: low
objectives: { rto: 1h }
vars:
  WORK: { required: true }
steps:
  - { id: prepare, title: Prepare, run: 'echo prepare >> "\${WORK}/runs.log"' }
  - id: copy
    title: Copy the dump (slow; safe to re-run)
    run: 'echo copy >> "\${WORK}/runs.log"; sleep 0.25; echo copied'
    on_resume: rerun
  - id: checks
    title: Before the switch
    checklist: [Backups present, Replica healthy, Traffic drained]
  - id: replica
    title: Is a healthy replica available?
    choices:
      - { label: Promote it, goto: promote }
      - { label: Restore from the dump, goto: restore }
  - id: restore
    title: Restore (the path not taken)
    run: 'echo restore >> "\${WORK}/runs.log"'
  - id: promote
    title: Promote the replica (must never run twice)
    run: 'echo promote >> "\${WORK}/runs.log"; sleep 0.15; echo promoted'
    on_resume: skip
  - id: restart
    title: Restart the services
    do: Restart the app from the dashboard.
  - id: notify
    title: Tell the team
    run: 'echo notify >> "\${WORK}/runs.log"'
`;

/** The answers that play SESSION_RUNBOOK to its end unattended; WORK too, so a resume can find it again. */
export function sessionAnswers(work: string): string {
  return `vars:\n  WORK: ${work}\nsteps:\n  checks: true\n  replica: 1\n  restart: done\n`;
}
