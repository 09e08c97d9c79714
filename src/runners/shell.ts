/**
 * Runs a command through zx, configured for an incident: never verbose (it would print secrets),
 * output streamed to the sink and not kept by zx (its default store keeps every byte), the command
 * in its own process group so a timeout or Ctrl-C reaches every descendant. Resolves when the
 * shell exits, not when its pipes close: a background process holding stdout open must not hang
 * the step. Whatever the command leaves running in its group is stopped with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { $, type Options } from 'zx';
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

/** A zx output store that keeps nothing: drp streams output to the sink and the log instead. */
class NoStore extends Array<string | Buffer> {
  override push(): number {
    return 0;
  }
}
const noStore = (): NoStore => new NoStore();

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
        if (killTimer) return;
        group('SIGTERM');
        killTimer = setTimeout(() => group('SIGKILL'), config.graceMs ?? DEFAULT_GRACE_MS);
        killTimer.unref();
      };
      const onAbort = (): void => {
        aborted = true;
        stop();
      };

      const options: Partial<Options> = {
        quiet: true,
        verbose: false,
        nothrow: true,
        detached: true,
        shell: '/bin/bash',
        prefix: SHELL_PREFIX,
        postfix: '',
        env: config.env,
        cwd: config.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        store: { stdout: noStore(), stderr: noStore(), stdall: noStore() },
        spawn: ((command: string, args: readonly string[], options: Parameters<typeof spawn>[2]) => {
          child = spawn(command, args, options);
          return child;
        }) as typeof spawn,
      };
      const processPromise = $(options)(template(config.command));
      processPromise.catch(() => undefined);

      processPromise.stdout.on('data', (chunk: Buffer) => context.output.write('stdout', chunk));
      processPromise.stderr.on('data', (chunk: Buffer) => context.output.write('stderr', chunk));

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
        if (group('SIGTERM') && !killTimer) {
          killTimer = setTimeout(() => group('SIGKILL'), config.graceMs ?? DEFAULT_GRACE_MS);
          killTimer.unref();
        }
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
          const streams = [processPromise.stdout, processPromise.stderr];
          let open = streams.filter((stream) => !stream.readableEnded && !stream.destroyed).length;
          const done = (): void => finish(code, signal);
          if (open === 0) return done();
          const drainTimer = setTimeout(() => {
            group('SIGKILL');
            for (const stream of streams) stream.destroy();
            done();
          }, DRAIN_MS);
          for (const stream of streams) {
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

/** A command as a template with no interpolations: zx runs it as written (variables are already env references). */
function template(command: string): TemplateStringsArray {
  return Object.assign([command], { raw: [command] }) as unknown as TemplateStringsArray;
}
