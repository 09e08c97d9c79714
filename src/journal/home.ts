/** Where drp keeps state: $DRP_HOME, else the platform's state directory (e.g. ~/.local/state/drp). */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function drpHome(): string {
  if (process.env.DRP_HOME) return process.env.DRP_HOME;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'drp');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'drp', 'State');
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'drp');
}

export function sessionsDir(): string {
  return join(drpHome(), 'sessions');
}

export function sessionDir(id: string): string {
  return join(sessionsDir(), id);
}
