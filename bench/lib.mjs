// Shared helpers for the benchmarks: timing whole commands with their peak RSS (GNU time's %M is
// the largest resident set of the process and the descendants it waited for).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname;

export function tempDir(prefix = 'drp-bench-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs a command once; returns wall ms and peak RSS in MB. */
export function measure(command, args, options = {}) {
  const timeFile = join(tempDir(), 'time');
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args], { stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'], env: { ...process.env, ...options.env }, cwd: options.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const rssMb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024;
  if (result.status !== 0 && !options.allowFail) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wallMs, rssMb, status: result.status };
}

/** Median and p95 of repeated runs of fn (which returns ms). */
export function repeat(times, fn) {
  const samples = [];
  for (let i = 0; i < times; i++) samples.push(fn());
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p95: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)], min: samples[0] };
}

export function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const cores = readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0;
  const memGb = Math.round(Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s*(\d+)/)?.[1] ?? 0) / 1048576);
  return `${cpu}, ${cores} cores, ${memGb} GiB RAM, Node ${process.version}, ${process.platform}`;
}
