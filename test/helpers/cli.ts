import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

/** A drp process running in the background, for tests that kill or signal it. */
export interface RunningDrp {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) and the output so far. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  stdout(): string;
}

/** Starts the real binary without waiting for it. */
export function startDrp(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningDrp {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited, stdout: () => stdout };
}

/**
 * Waits for a condition that another process brings about (a file appearing, a process dying),
 * checking it at most `tries` times, `everyMs` apart. Fails loudly instead of hanging.
 */
export async function eventually<T>(check: () => T | undefined | false, what: string, tries = 400, everyMs = 25): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Whether a process id is alive (a zombie, dead but not yet reaped by its parent, counts as dead). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Runs the real binary to completion without blocking this process (servers in the test keep serving; spawnSync would block them). */
export function drpAsync(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const running = startDrp(args, options);
  return running.exited.then(({ code, stdout, stderr }) => ({ code, stdout, stderr }));
}

/**
 * A test runbook's text: the header every runbook needs, a required WORK folder (where commands
 * leave their traces), any more `vars` lines, then `steps` (YAML, items indented two spaces).
 */
export function testRunbook(id: string, steps: string, options: { title?: string; vars?: string } = {}): string {
  return `drp: 1\nid: ${id}\ntitle: ${options.title ?? id}\nsystem: test\nseverity: low\nobjectives: { rto: 1h }\nvars:\n  WORK: { required: true }\n${options.vars ?? ''}steps:\n${steps}`;
}
