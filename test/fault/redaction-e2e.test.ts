/**
 * Redaction end to end through the binary: a real command prints a secret split at every byte
 * offset across two writes (a pause between them, so they arrive as separate chunks), with
 * stderr interleaved, wrapped in colour codes, inside `\r` progress-bar redraws, and encoded
 * (URL, JSON, base64 alone and inside longer data at each of the three alignments). No form may
 * show in the console, the journal, the output log or the written report, and a line that holds
 * no secret must come through unchanged.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import { secretForms } from '../../src/session/redact.js';
import { startDrp, tempDir } from '../helpers/cli.js';
import { journalPath, pool, secretArb, sessionIds, writeRunbook } from '../helpers/fault.js';

/** The command: computes every encoding itself (not with drp's code) and writes it in pieces. */
const EMITTER = String.raw`
const secret = process.env.SECRET;
const bytes = Buffer.from(secret, 'utf8');
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
const out = (data) => process.stdout.write(data);
const err = (data) => process.stderr.write(data);
const split = (label, data, offsets) => {
  for (const k of offsets) {
    out(Buffer.concat([Buffer.from(label + ' ' + k + ': '), data.subarray(0, k)]));
    pause();
    err('noise ' + k + '\n');
    pause();
    out(Buffer.concat([data.subarray(k), Buffer.from(' end\n')]));
  }
};
const every = (n) => Array.from({ length: n + 1 }, (_, i) => i);
const some = (n) => [...new Set(Array.from({ length: 12 }, (_, i) => Math.round((i * n) / 11)))];
split('plain', bytes, every(bytes.length));
const encoded = {
  url: encodeURIComponent(secret),
  json: JSON.stringify({ password: secret }),
  base64: bytes.toString('base64'),
};
for (let align = 0; align < 3; align++) {
  encoded['base64@' + align] = Buffer.concat([Buffer.from('xyz'.slice(0, align)), bytes, Buffer.from('-tail-data')]).toString('base64');
}
for (const [label, text] of Object.entries(encoded)) split(label, Buffer.from(text), some(Buffer.byteLength(text)));
const half = Math.floor(secret.length / 2);
out('\x1b[31merror:\x1b[0m password \x1b[1m' + secret.slice(0, half) + '\x1b[22m' + secret.slice(half) + '\x1b[0m rejected\n');
for (let p = 0; p <= 100; p += 25) { out('\r[' + '#'.repeat(p / 25) + ' '.repeat(4 - p / 25) + '] ' + p + '% ' + secret); pause(); }
out('\n' + process.env.PLAIN + '\n');
`;

const RUNBOOK = `drp: 1
id: leak
title: Leak fuzz
system: test
severity: low
objectives: { rto: 1h }
vars:
  SECRET: { env: FUZZ_SECRET, secret: true, required: true }
  PLAIN: { required: true }
steps:
  - id: talk
    title: Print the secret in every way
    run: node emit.mjs
`;

const ESCAPES = new RegExp(String.raw`\x1b\[[0-?]*[ -/]*[@-~]`, 'g');

/** Every place a run keeps or shows text: console, journal (raw and its decoded strings), log, report. */
function everything(work: string, home: string, console: string): { where: string; text: string }[] {
  const id = sessionIds(home)[0] ?? '';
  const journal = readFileSync(journalPath(home, id), 'utf8');
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  parseJournal(journal).events.forEach(collect);
  const reports = readdirSync(join(work, 'reports')).map((name) => ({ where: `report ${name}`, text: readFileSync(join(work, 'reports', name), 'utf8') }));
  return [
    { where: 'console', text: console },
    { where: 'journal', text: journal },
    { where: 'journal strings', text: strings.join('\n') },
    { where: 'output log', text: readFileSync(join(home, 'sessions', id, 'output', 'talk.log'), 'utf8') },
    ...reports,
  ];
}

async function play(secret: string, index: number): Promise<{ secret: string; plain: string; places: { where: string; text: string }[]; code: number | null; stdout: string }> {
  const work = tempDir('drp-leak-');
  const home = join(work, 'home');
  writeRunbook(work, 'leak', RUNBOOK);
  writeFileSync(join(work, 'emit.mjs'), EMITTER);
  const plain = `status: all ${index} replicas healthy, lag 0.2s [ok] (nothing secret here)`;
  const running = startDrp(['run', 'leak.yaml', '--non-interactive', '--var', `PLAIN=${plain}`], { cwd: work, env: { DRP_HOME: home, FUZZ_SECRET: secret } });
  const { code, stdout, stderr } = await running.exited;
  return { secret, plain, code, stdout, places: everything(work, home, `${stdout}\n${stderr}`) };
}

describe('redaction end to end', () => {
  it('leaks no form of a secret anywhere and leaves other text alone (6 secrets, every byte offset)', async () => {
    const secrets = ['p@ss w/rd+&=?#%:', 'pässwörd-€-漢字-😀', 'q"uo\\te<>&\'{}[]', 'abcd', ...fc.sample(secretArb, { numRuns: 2, seed: 5 }).map((s) => `${s}-zq`)];
    const runs = await pool(secrets, 3, play);
    for (const { secret, plain, places, code, stdout } of runs) {
      expect(code, places.find((p) => p.where === 'console')?.text).toBe(0);
      const forms = [...secretForms(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')];
      for (const { where, text } of places) {
        const shown = text.replace(ESCAPES, '');
        for (const form of forms) {
          expect(text.includes(form) || shown.includes(form), `${JSON.stringify(form)} of ${JSON.stringify(secret)} in the ${where}`).toBe(false);
        }
      }
      const console = places.find((p) => p.where === 'console')?.text ?? '';
      const log = places.find((p) => p.where === 'output log')?.text ?? '';
      expect(console).toContain(`\n${plain}\n`);
      expect(log).toContain(`\n${plain}\n`);
      expect(places.find((p) => p.where === 'journal strings')?.text).toContain(plain);
      // On stdout alone (the log interleaves stderr), each split line reads whole, the secret masked once.
      expect(stdout.match(/^plain \d+: \*\*\* end$/gm)?.length, stdout).toBe(Buffer.byteLength(secret) + 1);
    }
  }, 120_000);
});
