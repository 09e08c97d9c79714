/** The sessions under $DRP_HOME: listing them and finding one by id or prefix. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { replay, type SessionState } from '../session/state.js';
import { FileJournal, JOURNAL_FILE } from './file-store.js';
import { sessionsDir } from './home.js';

/** A session on disk and its replayed state. */
export interface StoredSession {
  id: string;
  dir: string;
  state: SessionState;
}

/** Every readable session, oldest first. */
export function storedSessions(): StoredSession[] {
  const root = sessionsDir();
  if (!existsSync(root)) return [];
  const out: StoredSession[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const dir = join(root, entry.name);
    if (!entry.isDirectory() || !existsSync(join(dir, JOURNAL_FILE))) continue;
    const state = replay(new FileJournal(dir).replay().events);
    if (state) out.push({ id: entry.name, dir, state });
  }
  return out.sort((a, b) => a.state.startedAt - b.state.startedAt);
}

/** The session with this id or unique id prefix; the latest unfinished one when none is given. */
export function findSession(idOrPrefix: string | undefined): StoredSession {
  const all = storedSessions();
  if (idOrPrefix === undefined) {
    const open = all.filter((session) => !session.state.finished);
    const latest = open.at(-1);
    if (!latest) throw new UsageError('no unfinished session to resume', 'Start one with: drp run FILE');
    return latest;
  }
  const exact = all.find((session) => session.id === idOrPrefix);
  if (exact) return exact;
  const matches = all.filter((session) => session.id.startsWith(idOrPrefix) || session.id.includes(idOrPrefix));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) throw new UsageError(`"${idOrPrefix}" matches ${matches.length} sessions: ${matches.slice(0, 5).map((s) => s.id).join(', ')}`, 'Give more of the id.');
  const dir = join(sessionsDir(), idOrPrefix);
  if (!idOrPrefix.includes('/') && existsSync(join(dir, JOURNAL_FILE))) {
    // The folder is there but its journal does not begin with a readable session.started
    // (drp was killed before writing it, or the file is damaged): say so, not "no session".
    throw new UsageError(`session ${idOrPrefix} has no readable journal (${join(dir, JOURNAL_FILE)}): its first event, session.started, is missing or damaged, so there is nothing to resume`, 'Start the runbook again with: drp run FILE');
  }
  throw new UsageError(`no session "${idOrPrefix}"`, 'See drp sessions for the sessions there are.');
}
