/**
 * Answers for an unattended run (`--answers FILE.yaml`): values for variables and, per step id,
 * what an operator would have done.
 *
 *   vars:   { TARGET_TIME: "2026-11-22 01:00" }
 *   steps:
 *     replica: "No, restore from backup"   # a decision: the label or its number (1-based)
 *     capture: backup-2026-11-21.sql.gz     # an input
 *     restart: done                         # a manual step: done (else it is recorded unattended)
 *     post-recovery: true                   # a checklist: true (all), or the items ticked
 *     promote: promote                      # a step with confirm: the confirmation word
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';

export interface Answers {
  vars: Record<string, string>;
  steps: Record<string, unknown>;
}

export const NO_ANSWERS: Answers = { vars: {}, steps: {} };

/** Reads an answers file; a bad one is a usage error (exit 2) before anything runs. */
export function readAnswers(file: string | undefined): Answers {
  if (!file) return NO_ANSWERS;
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`--answers ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return NO_ANSWERS;
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`--answers ${file}: expected a mapping with "vars:" and "steps:"`);
  const { vars = {}, steps = {}, ...rest } = data as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new UsageError(`--answers ${file}: unknown key ${unknown.map((key) => `"${key}"`).join(', ')}; expected "vars" and "steps"`);
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) throw new UsageError(`--answers ${file}: "vars" must be a mapping of NAME: value`);
  if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) throw new UsageError(`--answers ${file}: "steps" must be a mapping of step-id: answer`);
  return { vars: Object.fromEntries(Object.entries(vars).map(([key, value]) => [key, String(value)])), steps: steps as Record<string, unknown> };
}
