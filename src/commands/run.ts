/** `drp run FILE` and `drp resume [SESSION]`: option parsing, then a driver plays the session. */
import { formatDuration, parseDuration } from '../runbook/duration.js';
import { readRunbook } from '../read-runbook.js';
import { UsageError } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';
import type { Mode } from '../session/events.js';
import { readAnswers, type Answers } from '../engine/answers.js';
import { Session } from '../engine/session.js';
import { playUnattended, type DriveResult } from '../engine/unattended.js';
import { resolveVars, type ResolvedVar } from '../engine/vars.js';
import { findSession } from '../journal/sessions.js';
import { JournalWriteError } from '../journal/store.js';
import { attachConsole } from './console-view.js';
import { printDryRun } from './dry-run.js';

export interface RunOptions {
  nonInteractive?: boolean;
  drill?: boolean;
  incident?: boolean;
  dryRun?: boolean;
  var?: string[];
  answers?: string;
  impactAt?: string;
}

/** `drp run FILE`. */
export async function runCommand(file: string, options: RunOptions): Promise<number> {
  if (options.drill && options.incident) throw new UsageError('--drill and --incident exclude each other');
  const mode = options.drill ? 'drill' : 'incident';
  const { runbook, text } = readRunbook(file);
  const answers = readAnswers(options.answers);
  const cli = parseVarFlags(options.var ?? []);
  const impactAt = options.impactAt !== undefined ? parseImpactAt(options.impactAt) : undefined;
  const resolution = resolveVars(runbook, { mode, cli, answers: answers.vars, env: process.env });
  if (resolution.errors.length > 0) throw new UsageError(resolution.errors.join('\n'));
  if (options.dryRun) return printDryRun(runbook, mode, resolution.values, process.stdout);
  if (!options.nonInteractive) {
    const { runInteractive } = await import('../ui/start-tui.js');
    return runInteractive({ file, runbook, mode, impactAt, values: resolution.values, needed: resolution.needed });
  }
  if (resolution.needed.length > 0) throw new UsageError(neededMessage(runbook, resolution.needed.map((n) => ({ name: n.name, question: n.question }))));
  let session: Session;
  try {
    session = Session.start({ runbook, file, text, mode, impactAt, interactive: false, values: resolution.values });
  } catch (error) {
    if (error instanceof JournalWriteError) throw new JournalWriteError(error.message, error.code, 'Nothing ran. Point DRP_HOME at a writable folder (or make room), then run again.');
    throw error;
  }
  return driveUnattended(session, answers);
}

/** `drp resume [SESSION]`. */
export async function resumeCommand(id: string | undefined, options: Pick<RunOptions, 'nonInteractive' | 'answers' | 'var'>): Promise<number> {
  const stored = findSession(id);
  const answers = readAnswers(options.answers);
  const values = resumedValues(stored.state.runbook, stored.state.vars, parseVarFlags(options.var ?? []), answers, stored.state.mode);
  if (!options.nonInteractive) {
    const { resumeInteractive } = await import('../ui/start-tui.js');
    return resumeInteractive({ id: stored.id, values });
  }
  const session = Session.resume(stored.id, { interactive: false, values });
  return driveUnattended(session, answers);
}

/**
 * The values of a resumed session: what the journal recorded, and the secrets (never journaled)
 * read again from --var, the answers or the environment. A variable the journal has no var.set
 * for (drp was killed between session.started and its var.set events) is resolved again as at
 * the start, never left empty: an empty ${WORK} would point a command at "/".
 */
export function resumedValues(runbook: Runbook, recorded: Record<string, { value: string; secret: boolean; source: ResolvedVar['source'] }>, cli: Record<string, string>, answers: Answers, mode: Mode = recorded.DRP_MODE?.value === 'drill' ? 'drill' : 'incident'): Map<string, ResolvedVar> {
  const values = new Map<string, ResolvedVar>();
  const missing: { name: string; question: string }[] = [];
  for (const [name, entry] of Object.entries(recorded)) {
    if (name.startsWith('DRP_')) continue;
    if (!entry.secret) {
      values.set(name, entry);
      continue;
    }
    const spec = runbook.vars?.[name];
    const value = cli[name] ?? answers.vars[name] ?? (spec?.env ? process.env[spec.env] : undefined);
    if (value === undefined) missing.push({ name, question: spec?.prompt ?? `${name}${spec?.env ? ` [or set ${spec.env}]` : ''}` });
    else values.set(name, { value, secret: true, source: entry.source });
  }
  const unrecorded = Object.keys(runbook.vars ?? {}).filter((name) => !(name in recorded));
  if (unrecorded.length > 0) {
    const again = resolveVars(runbook, { mode, cli, answers: answers.vars, env: process.env });
    for (const name of unrecorded) {
      const value = again.values.get(name);
      const need = again.needed.find((n) => n.name === name);
      if (value) values.set(name, value);
      else if (need) missing.push({ name, question: need.question });
    }
    const errors = again.errors.filter((error) => unrecorded.some((name) => error.startsWith(`${name}:`)));
    if (errors.length > 0) throw new UsageError(errors.join('\n'));
  }
  if (missing.length > 0) {
    const secrets = missing.some((m) => recorded[m.name]?.secret);
    throw new UsageError(`${neededMessage(runbook, missing)}${secrets ? '\nSecrets are never written to the journal, so a resumed session needs them again.' : ''}`);
  }
  return values;
}

async function driveUnattended(session: Session, answers: Answers): Promise<number> {
  // A lost terminal (SIGHUP, a dropped SSH session) makes writes to it fail with EIO, a closed
  // pipe with EPIPE, as async 'error' events that would crash drp. The journal is the record and
  // the console only a view of it: the run goes on, and stops as the signal handler says.
  const ignore = (): void => undefined;
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  if (session.skippedLines > 0) process.stderr.write(`drp: ${session.skippedLines} unreadable journal line(s) left out (a write cut short by a crash, or damage); every readable event is kept\n`);
  process.stdout.write(`drp: session ${session.id} (${session.state.mode}) — ${session.state.runbook.title}\n     journal: ${session.dir}/journal.jsonl\n`);
  const detach = attachConsole(session);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    try {
      session.interrupt(signal);
    } catch {
      // the journal may be what failed; the exit below still happens
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGHUP', 'SIGTERM'];
  for (const signal of signals) process.on(signal, onSignal);
  let result: DriveResult;
  try {
    result = await playUnattended(session, answers, () => interrupted);
  } catch (error) {
    // The journal or a log could not be written: the command was stopped and nothing else runs.
    if (error instanceof JournalWriteError) {
      throw new JournalWriteError(error.message, error.code, `The run stopped: nothing runs without a record. Nothing already journaled is lost (${session.dir}/journal.jsonl).\nMake room or fix the disk, then: drp resume ${session.id} --non-interactive`);
    }
    throw error;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    detach();
    session.close();
  }
  const state = session.state;
  const elapsed = formatDuration((state.finished?.at ?? Date.now()) - state.impactAt);
  if (result.finished && state.finished) {
    const objectives = `RTO ${state.runbook.objectives.rto} ${state.finished.rtoMet ? 'met' : 'MISSED'} (${elapsed})${state.finished.rpoMet === undefined ? '' : `, RPO ${state.runbook.objectives.rpo} ${state.finished.rpoMet ? 'met' : 'MISSED'}`}`;
    process.stdout.write(`\ndrp: ${state.finished.outcome} — ${objectives}; exit ${result.exitCode}\n`);
    const report = await writeReport(session.dir);
    if (report) process.stdout.write(`drp: report ${report}\n`);
  } else {
    process.stderr.write(`\ndrp: ${result.message ?? 'stopped'}\n     resume with: drp resume ${session.id} --non-interactive${result.exitCode === 1 ? ' --answers FILE' : ''}\n`);
    const report = await writeReport(session.dir);
    if (report) process.stderr.write(`     report so far: ${report}\n`);
  }
  if (result.finished && result.message) process.stderr.write(`drp: ${result.message}\n`);
  return result.exitCode;
}

/** Writes the session's report (finished or not); a failure to write it never changes the exit code. */
async function writeReport(dir: string): Promise<string | undefined> {
  try {
    const { writeSessionReport } = await import('../report/write.js');
    return writeSessionReport(dir);
  } catch (error) {
    process.stderr.write(`drp: could not write the report: ${(error as Error).message}\n`);
    return undefined;
  }
}

function neededMessage(runbook: Runbook, needed: { name: string; question: string }[]): string {
  return needed
    .map((n) => {
      const spec = runbook.vars?.[n.name];
      // A secret on the command line stands in argv for `ps` to show: the environment is the way in.
      if (spec?.secret) return `variable ${n.name} needs a value (${n.question}): it is a secret, so set ${spec.env ?? n.name} in the environment (not --var, which ps would show)`;
      return `variable ${n.name} needs a value (${n.question}): pass --var ${n.name}=VALUE or put it under "vars:" in --answers`;
    })
    .join('\n');
}

/** `--var K=V` flags as a map; a bad one is a usage error. */
export function parseVarFlags(flags: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq < 0 ? flag : flag.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--var ${flag}: expected NAME=VALUE`);
    out[name] = flag.slice(eq + 1);
  }
  return out;
}

/** `--impact-at`: an ISO time or a negative offset from now (`-25m`, `-1h30m`). */
export function parseImpactAt(text: string, now = Date.now()): number {
  const relative = /^-(.+)$/.exec(text.trim());
  const ms = relative ? parseDuration(relative[1] ?? '') : undefined;
  const at = ms !== undefined ? now - ms : Date.parse(text);
  if (Number.isNaN(at)) throw new UsageError(`--impact-at ${text}: expected an ISO time (2026-11-22T01:40:00Z) or an offset such as -25m`);
  if (at > now + 60_000) throw new UsageError(`--impact-at ${text}: that is in the future`);
  return at;
}
