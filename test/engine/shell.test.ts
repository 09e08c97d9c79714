import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StepOutput } from '../../src/engine/output.js';
import { shellRunner } from '../../src/runners/shell.js';
import { Redactor } from '../../src/session/redact.js';
import { alive, eventually, tempDir } from '../helpers/cli.js';

const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));

async function run(command: string, options: { timeoutMs?: number; graceMs?: number; secrets?: string[]; signal?: AbortSignal } = {}) {
  const log = join(tempDir(), 'step.log');
  const output = new StepOutput(log, new Redactor(options.secrets ?? []));
  const result = await shellRunner.run({ command, env, graceMs: options.graceMs ?? 500 }, { signal: options.signal ?? new AbortController().signal, timeoutMs: options.timeoutMs, output, redact: (t) => t });
  const tail = output.end();
  return { result, tail, log: readFileSync(log, 'utf8'), bytes: output.bytes };
}

const pidsIn = (text: string): number[] => [...text.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));

describe('shell runner', () => {
  it('passes exit 0 and fails other exit codes, keeping stdout and stderr apart', async () => {
    const { result, tail } = await run('echo out; echo err >&2; exit 3');
    expect(result.ok).toBe(false);
    expect(result.exitCode).toBe(3);
    expect(tail).toEqual(expect.arrayContaining([{ stream: 'stdout', text: 'out' }, { stream: 'stderr', text: 'err' }]));
  });

  it('stops a timed-out command and every process it started (sh -c "sleep 100 & sleep 100")', async () => {
    const { result, log } = await run(`sh -c 'sleep 100 & echo pid=$!; echo pid=$$; sleep 100'`, { timeoutMs: 1000 });
    expect(result.ok).toBe(false);
    expect(result.timedOut).toBe(true);
    const pids = pidsIn(log);
    expect(pids).toHaveLength(2);
    await eventually(() => pids.every((pid) => !alive(pid)), 'both sleeps to die', 40);
  });

  it('kills a command that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const { result, log } = await run(`trap '' TERM; echo pid=$$; sleep 100 & echo pid=$!; wait`, { timeoutMs: 500, graceMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    await eventually(() => pidsIn(log).every((pid) => !alive(pid)), 'the group to die', 40);
  });

  it('resolves when the command exits even if a background process holds stdout open, and stops that process', async () => {
    const { result, log } = await run(`sleep 100 & echo pid=$!; echo started`);
    expect(result.ok).toBe(true);
    expect(log).toContain('started');
    const [pid] = pidsIn(log);
    await eventually(() => pid !== undefined && !alive(pid), 'the background sleep to be stopped', 40);
  });

  it('is stopped by its abort signal (Ctrl-C) with its whole group', async () => {
    const controller = new AbortController();
    const pending = run(`sleep 100 & echo pid=$!; sleep 100`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const { result, log } = await pending;
    expect(result.aborted).toBe(true);
    await eventually(() => pidsIn(log).every((pid) => !alive(pid)), 'the group to die', 40);
  });

  it('does not hang on 10 MB written to stderr only', async () => {
    const { result, bytes, tail } = await run(`head -c 10000000 /dev/zero | tr '\\0' 'e' | fold -w 100 >&2`);
    expect(result.ok).toBe(true);
    expect(bytes).toBeGreaterThanOrEqual(10_000_000);
    expect(tail.at(-1)?.stream).toBe('stderr');
  });

  it('survives a single 10 MB line: the log keeps it whole, the tail shows it clipped', async () => {
    const { result, tail, bytes } = await run(`head -c 10000000 /dev/zero | tr '\\0' 'x'; echo; echo done`);
    expect(result.ok).toBe(true);
    expect(bytes).toBe(10_000_000 + 1 + 5);
    expect(tail.at(-2)?.text, JSON.stringify(tail.map((l) => [l.stream, l.text.slice(0, 10), l.text.length]))).toMatch(/^x{2000}…$/);
    expect(tail.at(-1)?.text).toBe('done');
  });

  it('shows invalid UTF-8 as replacement characters instead of crashing', async () => {
    const { result, tail } = await run(`printf 'bad \\xff\\xfe bytes\\n'; printf '\\xe2\\x82'; printf '\\xac split euro\\n'`);
    expect(result.ok).toBe(true);
    expect(tail.map((line) => line.text)).toEqual(['bad \uFFFD\uFFFD bytes', '€ split euro']);
  });

  it('masks a secret split across output chunks in the log and the tail', async () => {
    const secret = 'hunter2-very-secret';
    const { log, tail } = await run(`printf 'pass=hunter2-'; sleep 0.1; printf 'very-secret!\\n'`, { secrets: [secret] });
    expect(log).toContain('pass=***!');
    expect(log).not.toContain('hunter2');
    expect(tail[0]?.text).toBe('pass=***!');
  });
});
