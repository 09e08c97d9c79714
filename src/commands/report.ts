/** `drp report SESSION [--format md|json] [-o FILE]`: the report of a session, finished or not. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { findSessionDir } from '../report/history.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { reportOf } from '../report/write.js';

/** Options of `drp report`. */
export interface ReportCommandOptions {
  format?: string;
  output?: string;
}

export function reportCommand(session: string, options: ReportCommandOptions): number {
  const format = options.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`unknown report format "${format}"; expected md or json`);
  const report = reportOf(findSessionDir(session));
  const text = format === 'json' ? renderJson(report) : renderMarkdown(report);
  if (options.output === undefined || options.output === '-') {
    process.stdout.write(text);
    return 0;
  }
  mkdirSync(dirname(options.output), { recursive: true });
  writeFileSync(options.output, text);
  process.stderr.write(`report written to ${options.output}\n`);
  return 0;
}
