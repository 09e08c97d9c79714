/** The sessions kept under $DRP_HOME/sessions, read for the drill history and `drp sessions`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_FILE, parseJournal } from '../journal/file-store.js';
import { sessionsDir } from '../journal/home.js';
import { findSession } from '../journal/sessions.js';
import type { SessionEvent } from '../session/events.js';
import { summarizeSession, type SessionSummary } from './summary.js';

/** Every readable session, oldest first. A journal without a session.started is left out, not fatal. */
export function listSessions(): SessionSummary[] {
  const root = sessionsDir();
  if (!existsSync(root)) return [];
  const out: SessionSummary[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const events = readJournal(join(root, entry.name));
    const summary = events ? summarizeSession(events) : undefined;
    if (summary) out.push(summary);
  }
  return out.sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}

/** A session folder's events, or undefined when it has no journal. */
export function readJournal(dir: string): SessionEvent[] | undefined {
  const path = join(dir, JOURNAL_FILE);
  if (!existsSync(path)) return undefined;
  return parseJournal(readFileSync(path, 'utf8')).events;
}

/** The folder of the session with this id, or with this unique id prefix. */
export function findSessionDir(idOrPrefix: string): string {
  return findSession(idOrPrefix).dir;
}
