/**
 * Runs a command in bash, in its own process group so that a timeout or Ctrl-C reaches every
 * descendant, with stdin closed (no prompt can hang an unattended run). Output is streamed to
 * the sink as it comes and never kept here. Resolves when the shell exits, not when its pipes
 * close: a background process holding stdout open must not hang the step. Whatever the command
 * leaves running in its group is stopped with it.
 *
 * This is node:child_process, not zx: zx resolves on `close`, keeps every byte unless given a
 * store that drops them, and its extra stream hop cost ~35% of the throughput of a command
 * printing a gigabyte (1.33 s vs 0.9-1.0 s per GB here); drp uses none of its features (it quotes
 * variables itself and kills process groups itself).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Runner, RunResult } from './types.js';

export interface ShellConfig {
  /** The command after quoteVarRefs: variables are references to `env`. */
  command: string;
  env: Record<string, string>;
  cwd?: string;
  /** ms between SIGTERM and SIGKILL when stopping the group. */
  graceMs?: number;
  /** Exit codes that pass (default [0]). */
  okExit?: number[];
}

/**
 * `set -e`: a multi-line script stops at its first failing command, as CI runners do. Not
 * pipefail: `kubectl logs … | head` would then fail on SIGPIPE; a runbook that wants it says so.
 */
export const SHELL_PREFIX = 'set -e;';
const DEFAULT_GRACE_MS = 5000;
/** After the shell exits, how long its pipes may stay open before the group is stopped. */
const DRAIN_MS = 250;

/**
 * Process groups sent SIGTERM whose SIGKILL is still pending. The timers are unref'd (a step
 * must not keep drp alive), so drp may end first: whatever is left of these groups is killed on
 * the way out. Nothing a step started outlives drp.
 */
const doomed = new Set<number>();
let reaperInstalled = false;

function killLater(pgid: number, graceMs: number): NodeJS.Timeout {
  doomed.add(pgid);
  if (!reaperInstalled) {
    reaperInstalled = true;
    process.once('exit', () => {
      for (const group of doomed) {
        try {
          process.kill(-group, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  }
  const timer = setTimeout(() => {
    doomed.delete(pgid);
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  timer.unref();
  return timer;
}

export const shellRunner: Runner<ShellConfig> = {
  run(config, context) {
    return new Promise<RunResult>((resolve) => {
      const started = Date.now();
      let child: ChildProcess | undefined;
      let timedOut = false;
      let aborted = false;
      let killTimer: NodeJS.Timeout | undefined;
      let timeoutTimer: NodeJS.Timeout | undefined;
      let settled = false;

      const group = (signal: NodeJS.Signals): boolean => {
        if (!child?.pid) return false;
        try {
          process.kill(-child.pid, signal);
          return true;
        } catch {
          return false;
        }
      };
      const stop = (): void => {
        if (killTimer || !child?.pid) return;
        group('SIGTERM');
        killTimer = killLater(child.pid, config.graceMs ?? DEFAULT_GRACE_MS);
      };
      const onAbort = (): void => {
        aborted = true;
        stop();
      };

      try {
        child = spawn('/bin/bash', ['-c', `${SHELL_PREFIX}${config.command}`], { detached: true, env: config.env, cwd: config.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        if (child.pid !== undefined) context.onSpawn?.(child.pid);
      } catch (error) {
        resolve({ ok: false, summary: `could not start the command: ${(error as Error).message}` });
        return;
      }
      const streams = { stdout: child.stdout, stderr: child.stderr };
      streams.stdout?.on('data', (chunk: Buffer) => context.output.write('stdout', chunk));
      streams.stderr?.on('data', (chunk: Buffer) => context.output.write('stderr', chunk));

      if (context.signal.aborted) onAbort();
      else context.signal.addEventListener('abort', onAbort, { once: true });
      if (context.timeoutMs !== undefined) {
        timeoutTimer = setTimeout(() => {
          timedOut = true;
          stop();
        }, context.timeoutMs);
      }

      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timeoutTimer);
        context.signal.removeEventListener('abort', onAbort);
        // Nothing the step started outlives it: stop what is left of its group.
        if (group('SIGTERM') && !killTimer && child?.pid) killTimer = killLater(child.pid, config.graceMs ?? DEFAULT_GRACE_MS);
        const okExit = config.okExit ?? [0];
        const ok = !timedOut && !aborted && spawnError === undefined && code !== null && okExit.includes(code);
        resolve({
          ok,
          exitCode: code,
          signal,
          timedOut,
          aborted,
          summary: spawnError
            ? `could not start the command: ${spawnError.message}`
            : timedOut
              ? `timed out after ${Math.round((Date.now() - started) / 1000)}s; the command and everything it started were stopped`
              : aborted
                ? 'stopped by the operator'
                : code === null
                  ? `killed by ${signal ?? 'a signal'}`
                  : ok
                    ? `exit ${code}`
                    : `exit ${code}${okExit.length === 1 && okExit[0] === 0 ? '' : ` (expected ${okExit.join(' or ')})`}`,
        });
      };

      const attach = (): void => {
        if (!child) {
          setImmediate(attach);
          return;
        }
        child.once('error', (error) => finish(null, null, error));
        child.once('exit', (code, signal) => {
          // Let the pipes drain; if something in the group still holds them, stop it.
          const pipes = [streams.stdout, streams.stderr].filter((stream) => stream !== null);
          let open = pipes.filter((stream) => !stream.readableEnded && !stream.destroyed).length;
          const done = (): void => finish(code, signal);
          if (open === 0) return done();
          const drainTimer = setTimeout(() => {
            group('SIGKILL');
            for (const stream of pipes) stream.destroy();
            done();
          }, DRAIN_MS);
          for (const stream of pipes) {
            stream.once('end', () => {
              open--;
              if (open === 0) {
                clearTimeout(drainTimer);
                done();
              }
            });
          }
        });
      };
      attach();
    });
  },
};
