/**
 * Real sessions for the TUI tests: a runbook from test/ui/fixtures, variables resolved the way
 * `drp run` resolves them, the journal under a temporary DRP_HOME. Commands really run.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session } from '../../src/engine/session.js';
import { resolveVars } from '../../src/engine/vars.js';
import { readRunbook, readText } from '../../src/read-runbook.js';
import type { Mode, SessionEvent } from '../../src/session/events.js';

/** A fixture runbook's path. */
export function fixture(name: string): string {
  return resolve(import.meta.dirname, 'fixtures', name);
}

/** Points DRP_HOME (and the operator's name) at a new temporary folder; returns it. */
export function useTempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'drp-ui-'));
  process.env.DRP_HOME = home;
  process.env.DRP_OPERATOR = 'tester';
  return home;
}

/** Starts a session of a fixture as `drp run` would, the variables given like --var. */
export function startFixture(name: string, options: { mode?: Mode; vars?: Record<string, string>; impactAt?: number } = {}): Session {
  const file = fixture(name);
  const { runbook } = readRunbook(file);
  const mode = options.mode ?? 'drill';
  const { values, errors } = resolveVars(runbook, { mode, cli: options.vars ?? {}, answers: {}, env: {} });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return Session.start({ runbook, file, text: readText(file), mode, impactAt: options.impactAt, interactive: true, values, env: { PATH: process.env.PATH } });
}

/** The events of a session's journal, read from disk. */
export function journal(dir: string): SessionEvent[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SessionEvent);
}

/** The session folders under a DRP_HOME. */
export function sessionDirs(home: string): string[] {
  return readdirSync(join(home, 'sessions')).map((name) => join(home, 'sessions', name));
}
