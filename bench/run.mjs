// `npm run bench`: every SPEC §5 budget measured against its floor in the same run; the results
// are printed and written to bench/RESULTS.md with the machine and the date.
// `npm run bench -- --quick` uses 200 MB instead of 1 GB for the output benchmark.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine, ROOT } from './lib.mjs';
import { benchOutput } from './output.mjs';
import { benchStart } from './start.mjs';
import { benchFirstFrame, benchFlood } from './tui.mjs';

const quick = process.argv.includes('--quick');
const ms = (n) => `${n.toFixed(1)} ms`;
const mb = (n) => `${n.toFixed(0)} MB`;
const verdict = (ok) => (ok ? 'met' : '**MISSED**');
const rows = [];
const add = (what, budget, measured, floor, ok) => rows.push(`| ${what} | ${budget} | ${measured} | ${floor} | ${verdict(ok)} |`);

process.stderr.write('CLI start…\n');
const start = benchStart();
for (const [name, t] of start.rows) add(name, '≤ 120 ms', `${ms(t.median)} (p95 ${ms(t.p95)})`, `node -e 0: ${ms(start.floor.median)} (×${(t.median / start.floor.median).toFixed(2)})`, t.median <= 120);
add(`drp validate of ${start.thousandCount} runbooks`, '≤ 3 s', ms(start.thousand.median), '', start.thousand.median <= 3000);

process.stderr.write('TUI…\n');
const frame = await benchFirstFrame();
add('TUI first frame (drp run, overview)', '≤ 250 ms', `${ms(frame.median)} (p95 ${ms(frame.p95)})`, `node printing in the same pty: ${ms(frame.floor)}`, frame.median <= 250);
const flood = await benchFlood();
add('TUI under 10,000 lines/s, 120×40: keypress to frame', 'p95 ≤ 100 ms', `p95 ${ms(flood.p95)} (median ${ms(flood.median)})`, '', flood.p95 <= 100);
add('TUI under the flood: CPU (whole drp process)', '≤ 35 % of a core', `${(flood.cpuShare * 100).toFixed(0)} %`, '', flood.cpuShare <= 0.35);
add('TUI under the flood: bytes written to the terminal', '(informative)', `${(flood.bytesPerSecond / 1024).toFixed(0)} KiB/s`, '', true);
add('TUI under the flood: clear-screen escapes (ESC[2J, ESC[3J)', '0', String(flood.clears), '', flood.clears === 0);

process.stderr.write('journal…\n');
const journal = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/journal.ts'], { cwd: ROOT, encoding: 'utf8' }));
add('journal append + fsync, p99', '≤ 5 ms', `${ms(journal.appendP99)} (p50 ${ms(journal.appendP50)})`, `bare writeSync + fsync: p99 ${ms(journal.bareP99)}`, journal.appendP99 <= 5);
add(`resume of ${journal.resumeEvents.toLocaleString('en')} events`, '≤ 500 ms', ms(journal.resumeMedian), '', journal.resumeMedian <= 500);

process.stderr.write('output (this takes a while)…\n');
const output = benchOutput({ gb: quick ? 0.2 : 1 });
for (const r of output) {
  const size = `${r.bytes / 1e6} MB`;
  add(`command printing ${size} in 100-byte lines: wall`, r.bytes >= 1e9 ? '≤ 1.3 × tee' : '(informative)', `${ms(r.drp.wallMs)} (×${r.ratio.toFixed(2)})`, `tee: ${ms(r.tee.wallMs)}`, r.bytes < 1e9 || r.ratio <= 1.3);
  add(`peak RSS for ${size} of output`, '≤ 150 MB', mb(r.drp.rssMb), `bare Node spawning it: ${mb(r.bare.rssMb)}`, r.drp.rssMb <= 150);
}
const [small, large] = output;
if (small && large) add('peak RSS growth, large minus 100 MB', '≤ 20 MB', mb(large.drp.rssMb - small.drp.rssMb), '', large.drp.rssMb - small.drp.rssMb <= 20);

const table = ['| what | budget | measured | floor in the same run | |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
const doc = `# Benchmark results

Measured by \`npm run bench\`${quick ? ' -- --quick' : ''} on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}.
Reproduce: \`npm run bench\` (about two minutes; \`npm run bench -- --quick\` uses 200 MB instead of 1 GB).

${table}

Notes:
- Times are medians of 15 runs for the CLI start, 7 for resume, single runs for the output benchmark.
- Peak RSS is GNU time's maximum resident set size of drp (its children are small: \`yes\`, \`head\`).
- The TUI runs in a real pty from script(1) at 120×40 (CI unset); keys are written to it and frames read back as bytes. Keypress-to-frame is the time from writing \`?\` to the help overlay's first bytes, 20 times during the flood; the CPU share is the drp process's user+system time over 3 s of flood with no key pressed (rendering and reading the flood together).
- The machine: \`node -e 0\` takes ${ms(start.floor.median)} here against the ≈ 55 ms SPEC §5 was written for, so absolute budgets are tighter here than they look; each row shows its floor.

Where a budget is missed, the profile and why (\`node --cpu-prof\` on the same command):
- **validate ONE.yaml** (node -e 0 + ~80 ms): what remains is compiling the bundled yaml and zod (~0.5 MB of JavaScript, ~15-25 ms), Node's own ESM loader, and the parse itself (~20 ms for a 275-line runbook). zod runs without its JIT (it cost ~20 ms). Node 20 has no compile cache (\`module.enableCompileCache\` is Node 22); the next step would be zod/mini or a V8 startup snapshot.
- **TUI first frame** (pty floor + ~200-250 ms): timestamps inside drp show node and the CLI up to \`drp run\` ~125-160 ms, parsing the runbook ~20 ms, importing the bundled Ink + React + yoga (wasm) ~85-110 ms, and the first render ~45-55 ms. Bundling Ink with React's production build took it from ~900 ms to this; conf is no longer loaded on the way.
- **1 GB of output vs tee**: drp's own CPU is ~0.5 s per 300 MB; the rest is waiting on the pipe (Node reads 64 KiB per callback; tee's loop is C) and on the disk: the log is fsync'd (tee never does it) so \`output.stored\` only claims what is durable. A bare Node reading the same pipe and writing a file takes ~2 s per GB here, about what drp takes. The ratio swings from ×1.5 to ×2.1 between runs on this 2-core machine.
`;
process.stdout.write(`${table}\n`);
writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), doc);
