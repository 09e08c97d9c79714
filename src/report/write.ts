/** Writing reports to disk: at the end of every run, and for `drp report`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { getConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { listSessions, readJournal } from './history.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { buildReport } from './model.js';
import type { Report } from './schema.js';

/** The folder reports go to: the `reports` setting, else ./reports under the working directory. */
export function reportsDir(): string {
  return resolve(getConfig('reports') ?? 'reports');
}

/** The report of the session in this folder, with the history of every session kept here. */
export function reportOf(sessionDir: string, now = Date.now()): Report {
  const events = readJournal(sessionDir);
  if (!events || events[0]?.type !== 'session.started') throw new UsageError(`${sessionDir}: no readable session journal`);
  return buildReport(events, { history: listSessions(), generatedAt: now, sessionDir });
}

/**
 * Writes `<reports>/<session-id>.md` and the `.json` beside it; returns the markdown's path.
 * The engine calls it when a run ends, finished or interrupted: a report is always there to paste.
 */
export function writeSessionReport(sessionDir: string): string {
  const report = reportOf(sessionDir);
  const dir = reportsDir();
  mkdirSync(dir, { recursive: true });
  const id = report.summary.session || basename(sessionDir);
  const md = join(dir, `${id}.md`);
  writeFileSync(md, renderMarkdown(report));
  writeFileSync(join(dir, `${id}.json`), renderJson(report));
  return md;
}
