// SPEC §5: journal append + fsync p99 against a bare writeSync + fsyncSync loop, and the resume
// (read, parse, fold) of a 100,000-event journal.
import { closeSync, fsyncSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FileJournal } from '../src/journal/file-store.js';
import { loadRunbook } from '../src/runbook/load.js';
import type { SessionEvent } from '../src/session/events.js';
import { replay } from '../src/session/state.js';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const dir = mkdtempSync(join(tmpdir(), 'drp-bench-journal-'));
const text = readFileSync(new URL('../runbooks/keneyapp/database-failure.yaml', import.meta.url), 'utf8');
const loaded = loadRunbook(text, 'database-failure.yaml');
if (!loaded.ok) throw new Error('bundled runbook invalid');
const runbook = loaded.runbook;
const steps = (runbook.steps ?? runbook.phases?.flatMap((p) => p.steps) ?? []).map((s) => s.id);
const started: SessionEvent = { type: 'session.started', at: Date.now(), session: 'bench', runbook, file: 'x.yaml', digest: 'x', mode: 'drill', impactAt: Date.now(), operator: 'bench', host: 'bench', pid: 1, interactive: false, version: '0' };

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0;
}

// append + fsync
const N = 2000;
const journal = FileJournal.create(join(dir, 'append'));
journal.append(started);
const appendMs: number[] = [];
for (let i = 0; i < N; i++) {
  const t = process.hrtime.bigint();
  journal.append({ type: 'checklist.ticked', at: Date.now(), step: steps[0] ?? 'x', item: i % 5, checked: true });
  appendMs.push(Number(process.hrtime.bigint() - t) / 1e6);
}
journal.close();
const bareFd = openSync(join(dir, 'bare.jsonl'), 'a');
const bareMs: number[] = [];
const line = Buffer.from(`${JSON.stringify({ type: 'checklist.ticked', at: Date.now(), step: 'x', item: 1, checked: true })}\n`);
for (let i = 0; i < N; i++) {
  const t = process.hrtime.bigint();
  writeSync(bareFd, line);
  fsyncSync(bareFd);
  bareMs.push(Number(process.hrtime.bigint() - t) / 1e6);
}
closeSync(bareFd);

// 100,000-event resume
const lines = [JSON.stringify(started)];
let at = Date.now();
for (let i = 0; lines.length < 100_000; i++) {
  const step = steps[i % steps.length] ?? 'x';
  lines.push(JSON.stringify({ type: 'step.started', at: at++, step, attempt: 1, command: 'echo x', log: `output/${step}.log` }));
  for (let k = 0; k < 40 && lines.length < 99_999; k++) lines.push(JSON.stringify({ type: 'output.stored', at: at++, step, bytes: k * 4096 }));
  lines.push(JSON.stringify({ type: 'step.finished', at: at++, step, status: 'ok', attempt: 1, durationMs: 10, tail: [{ stream: 'stdout', text: 'line of output' }] }));
}
const big = join(dir, 'big');
FileJournal.create(big);
writeFileSync(join(big, 'journal.jsonl'), `${lines.slice(0, 100_000).join('\n')}\n`);
const resumeMs: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = process.hrtime.bigint();
  const { events } = new FileJournal(big).replay();
  const state = replay(events);
  if (!state) throw new Error('no state');
  resumeMs.push(Number(process.hrtime.bigint() - t) / 1e6);
}

process.stdout.write(
  JSON.stringify({
    appendP99: percentile(appendMs, 0.99),
    appendP50: percentile(appendMs, 0.5),
    bareP99: percentile(bareMs, 0.99),
    bareP50: percentile(bareMs, 0.5),
    resumeMedian: percentile(resumeMs, 0.5),
    resumeEvents: 100_000,
  }),
);
