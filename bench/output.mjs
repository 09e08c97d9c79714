// SPEC §5: a command printing 1 GB in 100-byte lines through drp vs `cmd | tee FILE >/dev/null`,
// and peak RSS for 100 MB and 1 GB against bare Node spawning the command.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measure, tempDir } from './lib.mjs';

const LINE = '0'.repeat(99);
const producer = (bytes) => `yes ${LINE} | head -c ${bytes}`;

function runbook(dir, bytes) {
  const file = join(dir, `flood-${bytes}.yaml`);
  writeFileSync(file, `drp: 1\nid: flood\ntitle: Flood\nsystem: bench\nseverity: low\nobjectives: { rto: 1h }\nsteps:\n  - id: flood\n    title: Print ${bytes} bytes\n    run: ${producer(bytes)}\n    timeout: 10m\n`);
  return file;
}

export function benchOutput({ gb = 1 } = {}) {
  const dir = tempDir();
  const results = [];
  for (const bytes of [100_000_000, gb * 1_000_000_000]) {
    const tee = measure('sh', ['-c', `${producer(bytes)} | tee ${join(dir, 'tee.log')} >/dev/null`]);
    const bare = measure(process.execPath, ['-e', `const c=require('child_process').spawn('sh',['-c',${JSON.stringify(producer(bytes))}]);c.stdout.resume();c.on('exit',()=>{})`]);
    const drp = measure(process.execPath, ['bin/drp', 'run', runbook(dir, bytes), '--non-interactive'], { env: { DRP_HOME: join(dir, `home-${bytes}`) } });
    results.push({ bytes, tee, bare, drp, ratio: drp.wallMs / tee.wallMs });
  }
  return results;
}
