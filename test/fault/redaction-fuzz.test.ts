/**
 * Redaction fuzz, unit level (fast-check): secrets of 4-40 characters (printable ASCII, URL- and
 * JSON-special characters, non-ASCII and astral characters) in every form, in text with ANSI
 * colour codes (also inside the secret) and `\r` progress-bar redraws, split into chunks at
 * every offset or at random ones. A stream must mask exactly as if it saw the whole text at once,
 * leak no form, and leave text that holds no secret untouched.
 *
 * The alphabet leaves out `*`: the mask itself is `***`, and masked text next to a secret made of
 * stars would read like that secret without leaking it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, Redactor, StreamRedactor, secretForms } from '../../src/session/redact.js';
import { secretArb, secretChar as char } from '../helpers/fault.js';

const SGR = ['\x1b[31m', '\x1b[0m', '\x1b[1;32m', '\x1b[K', '\x1b[2K', '\x1b[38;5;208m'];
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const strip = (text: string): string => text.replace(ESCAPES, '');

/** A form of the secret as a command might print it, maybe with colour codes between its characters. */
function styled(form: string, cuts: number[], codes: string[]): string {
  const chars = [...form];
  let out = '';
  chars.forEach((c, i) => {
    if (i > 0 && cuts.includes(i)) out += codes[i % codes.length] ?? '';
    out += c;
  });
  return out;
}

/** Text around secrets: words, colour codes, progress bars redrawn with \r, newlines. */
const noiseArb = fc.array(
  fc.oneof(
    fc.string({ unit: char, maxLength: 12 }),
    fc.constantFrom(...SGR),
    fc.integer({ min: 0, max: 100 }).map((n) => `\r[${'#'.repeat(n / 10)}${' '.repeat(10 - Math.floor(n / 10))}] ${n}%`),
    fc.constantFrom('\n', '\r\n', '\r'),
  ),
  { maxLength: 6 },
).map((parts) => parts.join(''));

/** Splits text at the given offsets (sorted, deduplicated, inside the text). */
function chunks(text: string, offsets: number[]): string[] {
  const cuts = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const cut of cuts) {
    out.push(text.slice(last, cut));
    last = cut;
  }
  out.push(text.slice(last));
  return out;
}

function streamed(redactor: Redactor, parts: string[]): string {
  const stream = new StreamRedactor(redactor);
  return parts.map((part) => stream.push(part)).join('') + stream.end();
}

/** Every form of every secret that shows in a text, raw or as a terminal prints it. */
function leaks(secrets: string[], text: string): string[] {
  const shown = strip(text);
  return secrets.flatMap(secretForms).filter((form) => text.includes(form) || shown.includes(form));
}

describe('StreamRedactor fuzz', () => {
  it('masks every form, styled or not, split anywhere, exactly as the whole text at once (1,500 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ before: noiseArb, secret: fc.nat(), form: fc.nat(), cuts: fc.array(fc.nat({ max: 40 }), { maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
        noiseArb,
        fc.array(fc.nat(), { maxLength: 8 }),
        (secrets, pieces, after, offsets) => {
          const redactor = new Redactor(secrets);
          const text =
            pieces
              .map(({ before, secret, form, cuts }) => {
                const forms = secretForms(secrets[secret % secrets.length] ?? '');
                return before + styled(forms[form % forms.length] ?? '', cuts, SGR);
              })
              .join('') + after;
          const whole = redactor.redact(text);
          expect(streamed(redactor, chunks(text, offsets))).toBe(whole);
          expect(leaks(secrets, whole)).toEqual([]);
          expect(whole).toContain(MASK);
        },
      ),
      { numRuns: 1500, seed: 7 },
    );
  });

  it('splits a secret line at every offset, and across three chunks at every pair of offsets', () => {
    const samples = fc.sample(secretArb, { numRuns: 40, seed: 11 });
    let cases = 0;
    for (const secret of samples) {
      const redactor = new Redactor([secret]);
      const forms = secretForms(secret);
      const text = `\x1b[32mok\x1b[0m copying… ${styled(secret, [2], ['\x1b[1m'])} url=${forms[1] ?? ''}\r[####] 40% ${secret}\n`;
      const whole = redactor.redact(text);
      expect(leaks([secret], whole)).toEqual([]);
      for (let i = 0; i <= text.length; i++) {
        expect(streamed(redactor, [text.slice(0, i), text.slice(i)])).toBe(whole);
        cases++;
      }
      for (let i = 0; i <= text.length; i += 3) {
        for (let j = i; j <= text.length; j += 5) {
          expect(streamed(redactor, [text.slice(0, i), text.slice(i, j), text.slice(j)])).toBe(whole);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(10_000);
  });

  it('leaves text that holds no secret exactly as it was, however it is split (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(secretArb, { minLength: 1, maxLength: 3 }), fc.array(noiseArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (secrets, parts, offsets) => {
        const text = parts.join('');
        fc.pre(leaks(secrets, text).length === 0);
        const redactor = new Redactor(secrets);
        expect(redactor.redact(text)).toBe(text);
        expect(streamed(redactor, chunks(text, offsets))).toBe(text);
      }),
      { numRuns: 1000, seed: 13 },
    );
  });

  it('masks the forms other tools write: Python quote and json.dumps, Go JSON, lower-case hex, bare base64', () => {
    const secret = "pä/ss wörd<&>!'()*";
    const python = encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const pythonJson = JSON.stringify(secret).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const goJson = JSON.stringify(secret).slice(1, -1).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const redactor = new Redactor([secret]);
    for (const form of [python, python.toLowerCase(), pythonJson, goJson, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')]) {
      expect(redactor.redact(`x=${form};`), form).toBe(`x=${MASK};`);
    }
    // A short secret's base64 alone, padding included, is masked too.
    expect(new Redactor(['abcd']).redact(`token: ${Buffer.from('abcd').toString('base64')}`)).toBe(`token: ${MASK}`);
  });

  it('keeps colour codes inside a masked secret, and holds back no more than an unfinished escape', () => {
    const redactor = new Redactor(['hunter2']);
    expect(redactor.redact('pw=hun\x1b[31mter\x1b[0m2!')).toBe(`pw=${MASK}\x1b[31m\x1b[0m!`);
    // A stray ESC does not make the stream hold everything back; an unfinished escape is held whole.
    const stream = new StreamRedactor(redactor);
    const text = 'a stray \x1b then some text that goes on and on';
    const released = stream.push(text);
    expect(released).toBe(text.slice(0, text.length - (redactor.longest - 1)));
    const rest = stream.push('\x1b[3') + stream.push('1mhun') + stream.push('ter2 done') + stream.end();
    expect(released + rest).toBe(`${text}\x1b[31m${MASK} done`);
  });
});
