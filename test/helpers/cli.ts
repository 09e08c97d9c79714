import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built binary, as a user runs it. */
export const BIN = join(ROOT, 'bin', 'drp');

/** What a finished drp process left behind. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real binary to completion, with DRP_HOME in a temporary folder unless given. */
export function drp(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, DRP_HOME: process.env.DRP_HOME ?? tempDir('drp-home-'), NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A new temporary folder. */
export function tempDir(prefix = 'drp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
