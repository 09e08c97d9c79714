/**
 * kill -9 at 50 seeded random points of a real session (commands, a checklist, a decision, a
 * manual step), each followed by `drp resume` until the session finishes. Some resumes are
 * killed too. Every kill is checked against the journal as it was right after the kill.
 * A failing seed replays alone with DRP_FAULT_SEED=N; DRP_FAULT_SUMMARY=1 prints where the kills landed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import type { SessionEvent } from '../../src/session/events.js';
import { replay } from '../../src/session/state.js';
import { eventually, startDrp, tempDir } from '../helpers/cli.js';
import { SESSION_RUNBOOK, completeLines, journalBytes, journalPath, killOrphans, mulberry32, pool, sessionAnswers, sessionIds, writeRunbook } from '../helpers/fault.js';

const SEEDS = 50;
/**
 * The session's own work takes ~0.6 s here. Most kills come 0-900 ms after its journal appears,
 * so that a slow node start on a loaded machine does not eat the range; one in five comes
 * 0-400 ms after the process starts, to cover drp's start (before and while the session begins).
 */
const MAX_KILL_MS = 900;
const EARLY_KILL_MS = 400;

/** What one seed saw, for the summary and the assertions. */
interface Trial {
  seed: number;
  kills: { afterMs: number; events: number; skipped: number; exitedFirst: boolean; last?: string }[];
  resumes: number;
  final: SessionEvent[];
  runs: string[];
  problems: string[];
}

/** One seed: run, kill -9 (and maybe kill the first resume too), resume until finished. */
async function trial(seed: number): Promise<Trial> {
  const random = mulberry32(seed);
  const work = tempDir('drp-k9-');
  const home = join(work, 'home');
  const file = writeRunbook(work, 'kill9', SESSION_RUNBOOK);
  const answers = join(work, 'answers.yaml');
  // WORK comes from the answers, also on resume: a kill before its var.set was journaled must not lose it.
  writeFileSync(answers, sessionAnswers(work));
  const marker = `WORK=${work}`;
  const env = { DRP_HOME: home };
  const out: Trial = { seed, kills: [], resumes: 0, final: [], runs: [], problems: [] };
  const killsWanted = random() < 0.4 ? 2 : 1;
  /** Every byte of the journal that a kill left complete: what later journals must start with. */
  let acknowledged: Buffer = Buffer.alloc(0);

  let args = ['run', file, '--non-interactive', '--answers', answers];
  for (let round = 0; round < 6; round++) {
    const running = startDrp(args, { cwd: work, env });
    if (out.kills.length < killsWanted) {
      const early = random() < 0.2;
      const afterMs = Math.floor(random() * (early ? EARLY_KILL_MS : MAX_KILL_MS));
      let exited = false;
      void running.exited.then(() => (exited = true));
      if (!early) await eventually(() => exited || existsSync(journalPath(home)), 'the journal to appear', 800, 10);
      const exitedFirst = await Promise.race([running.exited.then(() => true), delay(afterMs).then(() => false)]);
      running.child.kill('SIGKILL');
      await running.exited;
      await killOrphans(marker);
      const snapshot = journalBytes(home);
      const parsed = parseJournal(snapshot.toString('utf8'));
      const last = parsed.events.at(-1);
      out.kills.push({ afterMs, events: parsed.events.length, skipped: parsed.skipped, exitedFirst, last: last ? `${last.type}${'step' in last ? ` ${last.step}` : ''}` : undefined });
      if (parsed.skipped > 1) out.problems.push(`kill at ${afterMs} ms: ${parsed.skipped} unreadable lines`);
      if (!snapshot.subarray(0, acknowledged.length).equals(acknowledged)) out.problems.push(`kill at ${afterMs} ms: an earlier acknowledged event changed or vanished`);
      acknowledged = completeLines(snapshot);
    } else {
      const { code, stderr } = await running.exited;
      if (code !== 0 && code !== 2) out.problems.push(`${args[0]} exited ${code}: ${stderr}`);
    }
    const state = replay(parseJournal(journalBytes(home).toString('utf8')).events);
    if (state?.finished) break;
    if (!state) {
      // Killed before session.started was durable: nothing ran, and there is nothing to resume.
      if (existsSync(join(work, 'runs.log'))) out.problems.push('a command ran before the session was journaled');
      if (sessionIds(home).length > 1) out.problems.push('two sessions without a journal');
      args = ['run', file, '--non-interactive', '--answers', answers];
      acknowledged = Buffer.alloc(0);
      continue;
    }
    args = ['resume', '--non-interactive', '--answers', answers];
    out.resumes++;
  }
  const final = journalBytes(home);
  if (!final.subarray(0, acknowledged.length).equals(acknowledged)) out.problems.push('the finished journal does not start with every acknowledged event');
  out.final = parseJournal(final.toString('utf8')).events;
  out.runs = existsSync(join(work, 'runs.log')) ? readFileSync(join(work, 'runs.log'), 'utf8').trim().split('\n') : [];
  return out;
}

const count = (runs: string[], step: string): number => runs.filter((run) => run === step).length;
const interruptions = (events: SessionEvent[], step: string): number => events.filter((e) => e.type === 'step.finished' && e.step === step && e.status === 'interrupted').length;

describe('kill -9 at 50 random points, then resume', () => {
  it('never loses an acknowledged event, finishes every session, and re-runs only what was interrupted', async () => {
    const only = process.env.DRP_FAULT_SEED;
    const trials = await pool(only ? [Number(only)] : Array.from({ length: SEEDS }, (_, i) => i + 1), 4, trial);
    for (const t of trials) {
      const why = `seed ${t.seed}, kills ${JSON.stringify(t.kills)}, runs ${t.runs.join(',')}`;
      expect(t.problems, why).toEqual([]);
      for (const kill of t.kills) expect(kill.skipped, why).toBeLessThanOrEqual(1);
      const state = replay(t.final);
      expect(state?.finished?.outcome, why).toBe('completed');
      expect(state?.finished?.exitCode, why).toBe(0);
      // on_resume: skip never runs twice; when interrupted it is skipped, else it ran once.
      expect(count(t.runs, 'promote'), why).toBeLessThanOrEqual(1);
      expect(state?.steps.promote?.status, why).toBe(interruptions(t.final, 'promote') > 0 ? 'skipped' : 'ok');
      if (state?.steps.promote?.status === 'ok') expect(count(t.runs, 'promote'), why).toBe(1);
      // rerun and ask (unattended: rerun) run again only after an interruption.
      for (const step of ['prepare', 'copy', 'notify']) {
        expect(count(t.runs, step), `${step}: ${why}`).toBeGreaterThanOrEqual(1);
        expect(count(t.runs, step), `${step}: ${why}`).toBeLessThanOrEqual(1 + interruptions(t.final, step));
        expect(state?.steps[step]?.status, `${step}: ${why}`).toBe('ok');
      }
      expect(count(t.runs, 'restore'), why).toBe(0);
      expect(state?.steps.checks?.ticked, why).toEqual([true, true, true]);
      expect(state?.steps.replica?.choice?.label, why).toBe('Promote it');
      expect(state?.steps.restart?.status, why).toBe('ok');
    }
    if (process.env.DRP_FAULT_SUMMARY) console.log(JSON.stringify(killSummary(trials)));
    if (only) return;
    // The kills really landed all over the session, not only before or after it.
    const kills = trials.flatMap((t) => t.kills);
    expect(kills.length).toBeGreaterThanOrEqual(SEEDS);
    expect(kills.filter((k) => !k.exitedFirst && k.events > 0).length).toBeGreaterThan(SEEDS / 2);
    expect(trials.filter((t) => t.final.some((e) => e.type === 'step.finished' && e.status === 'interrupted')).length).toBeGreaterThan(5);
  }, 180_000);
});

/** Where the kills landed: the last event in the journal at each kill (DRP_FAULT_SUMMARY=1 prints it). */
function killSummary(trials: Trial[]): Record<string, number> {
  const by: Record<string, number> = {};
  for (const k of trials.flatMap((t) => t.kills)) {
    const key = k.exitedFirst ? 'after exit' : `${k.last ?? 'nothing'}${k.skipped ? ' +torn' : ''}`;
    by[key] = (by[key] ?? 0) + 1;
  }
  return by;
}
