// SPEC §5: the TUI's first frame, and the TUI under a flood of 10,000 lines/s in a 120×40
// pseudo-terminal: keypress-to-frame latency (p95), CPU share, bytes written, and the count of
// clear-screen escapes (which must be zero, so the scrollback survives). The terminal is a real
// pty from script(1); keys are written to it and frames read back as bytes.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './lib.mjs';

// eslint-disable-next-line no-control-regex -- counting the clear-screen escapes is the point
const CLEAR = /\x1b\[[23]J/g;

/** A program in a pty of the given size; everything it prints is collected with arrival times. */
function inPty(command, { cols = 120, rows = 40, env = {} } = {}) {
  const child = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${command}`, '/dev/null'], {
    cwd: ROOT,
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CI')), TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const started = performance.now();
  let text = '';
  let bytes = 0;
  const waiters = [];
  child.stdout.on('data', (chunk) => {
    bytes += chunk.length;
    text += chunk.toString('utf8');
    if (text.length > 4_000_000) text = text.slice(-1_000_000);
    for (const waiter of [...waiters]) waiter();
  });
  return {
    child,
    started,
    get bytes() {
      return bytes;
    },
    get text() {
      return text;
    },
    mark() {
      return text.length;
    },
    /** Resolves with the time when `needle` appears in what was printed after `from`. */
    waitFor(needle, from = 0, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (text.indexOf(needle, Math.max(0, from - needle.length)) >= 0) {
            waiters.splice(waiters.indexOf(check), 1);
            clearTimeout(timer);
            resolve(performance.now());
          }
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`"${needle}" did not appear within ${timeoutMs} ms; the screen's last bytes: ${JSON.stringify(text.slice(-1500))}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
    press(keys) {
      child.stdin.write(keys);
    },
    async close() {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function nodePidUnder(pid) {
  for (const line of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
    const child = Number(line);
    if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('bin/drp')) return child;
    const deeper = nodePidUnder(child);
    if (deeper) return deeper;
  }
  return undefined;
}

const percentile = (samples, p) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.ceil(samples.length * p) - 1)];

/** ms from starting `drp run` in a pty to the overview's first frame, against a bare node printing in the same pty. */
export async function benchFirstFrame(times = 7) {
  const frame = [];
  const floor = [];
  for (let i = 0; i < times; i++) {
    const home = tempDir();
    const drp = inPty(`node bin/drp run runbooks/demo/folder-restore-drill.yaml --drill`, { env: { DRP_HOME: home } });
    try {
      frame.push((await drp.waitFor('Objectives')) - drp.started);
    } finally {
      await drp.close();
    }
    const bare = inPty(`node -e "process.stdout.write('ready')"`);
    try {
      floor.push((await bare.waitFor('ready')) - bare.started);
    } finally {
      await bare.close();
    }
  }
  return { median: percentile(frame, 0.5), p95: percentile(frame, 0.95), floor: percentile(floor, 0.5) };
}

/** The TUI while a command prints 10,000 lines/s: keypress-to-frame latency, CPU share, bytes, clear-screens. */
export async function benchFlood({ seconds = 30, presses = 20 } = {}) {
  const dir = tempDir();
  const generator = join(dir, 'flood.mjs');
  writeFileSync(generator, `let n = 0; const end = Date.now() + ${seconds * 1000};
const tick = setInterval(() => { let s = ''; for (let i = 0; i < 100; i++) s += 'flood line ' + (n++) + ' ' + 'x'.repeat(70) + '\\n'; process.stdout.write(s); if (Date.now() > end) { clearInterval(tick); } }, 10);`);
  const runbook = join(dir, 'flood.yaml');
  writeFileSync(runbook, `drp: 1\nid: flood\ntitle: Flood\nsystem: bench\nseverity: low\nobjectives: { rto: 1h }\nsteps:\n  - id: flood\n    title: Print 10,000 lines a second\n    run: node ${generator}\n  - id: done\n    title: Done\n    do: Nothing more.\n`);
  const tui = inPty(`node bin/drp run ${runbook}`, { env: { DRP_HOME: join(dir, 'home') } });
  try {
    return await floodIn(tui, presses);
  } finally {
    await tui.close(); // also when a wait fails: no drp is left running in a forgotten pty
  }
}

async function floodIn(tui, presses) {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150)); // a person's reaction time: keys typed before a screen mounts its input handler are not measured here
  await tui.waitFor('Objectives');
  await settle();
  tui.press('\r'); // start the clock
  await tui.waitFor('Enter runs the command', tui.mark());
  await settle();
  const beforeRun = tui.mark();
  tui.press('\r'); // run the step
  await tui.waitFor('flood line', beforeRun);
  const pid = nodePidUnder(tui.child.pid);
  // CPU and bytes over 3 s of flood with no key pressed: what rendering the flood costs.
  const cpuStart = pid ? cpuSeconds(pid) : 0;
  const wallStart = performance.now();
  const bytesStart = tui.bytes;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = pid ? cpuSeconds(pid) - cpuStart : NaN;
  const bytes = tui.bytes - bytesStart;
  const latencies = [];
  for (let i = 0; i < presses; i++) {
    const from = tui.mark();
    const pressed = performance.now();
    tui.press('?');
    latencies.push((await tui.waitFor('Keys — Esc or ? closes', from)) - pressed);
    const closing = tui.mark();
    tui.press('\x1b');
    await tui.waitFor('─ output', closing);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const clears = (tui.text.match(CLEAR) ?? []).length;
  return { p95: percentile(latencies, 0.95), median: percentile(latencies, 0.5), cpuShare: cpu / wall, bytesPerSecond: bytes / wall, clears, wall };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchFirstFrame(3));
  console.log(await benchFlood({ presses: 10 }));
}
