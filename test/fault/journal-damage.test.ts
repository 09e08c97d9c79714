/**
 * Damaged journals: cut at every byte offset, or with garbage lines put in (random bytes, half a
 * JSON line, JSON that is not an event, NULs, a 1 MB line). Parsing and the fold never throw and
 * recover the state of the events before the damage; `drp resume` on such a journal resumes and
 * finishes, or says plainly why it cannot (exit 2), never with a stack trace.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/file-store.js';
import type { SessionEvent } from '../../src/session/events.js';
import { replay } from '../../src/session/state.js';
import { ROOT, drp, startDrp, tempDir } from '../helpers/cli.js';
import { SESSION_RUNBOOK, journalPath, pool, sessionAnswers, sessionIds, writeRunbook } from '../helpers/fault.js';

/** A journal recorded by a real run of SESSION_RUNBOOK, and what is needed to resume copies of it. */
interface Recorded {
  work: string;
  home: string;
  id: string;
  bytes: Buffer;
}

let recorded: Recorded;

beforeAll(async () => {
  const work = tempDir('drp-damage-');
  const home = join(work, 'home');
  const file = writeRunbook(work, 'session', SESSION_RUNBOOK);
  writeFileSync(join(work, 'answers.yaml'), sessionAnswers(work));
  const run = await startDrp(['run', file, '--non-interactive', '--answers', join(work, 'answers.yaml')], { cwd: work, env: { DRP_HOME: home } }).exited;
  expect(run.code, run.stderr).toBe(0);
  const id = sessionIds(home)[0] ?? '';
  recorded = { work, home, id, bytes: readFileSync(journalPath(home, id)) };
});

const fixture = (name: string): Buffer => readFileSync(join(ROOT, 'test/fixtures/journals', name));
const state = (events: SessionEvent[]): string => JSON.stringify(replay(events) ?? null);

describe('a journal cut at every byte offset', () => {
  it('parses and folds to the state of the events whole before the cut (3 real journals, every offset)', () => {
    const journals = [recorded.bytes, fixture('demo-drill.jsonl'), fixture('shop-restore-resumed.jsonl')];
    let offsets = 0;
    const wrong: string[] = [];
    for (const journal of journals) {
      const events = parseJournal(journal.toString('utf8')).events;
      // Where each event's line ends (before its newline).
      const ends: number[] = [];
      for (let at = journal.indexOf(0x0a); at >= 0; at = journal.indexOf(0x0a, at + 1)) ends.push(at);
      expect(ends).toHaveLength(events.length);
      const states = events.map((_, n) => state(events.slice(0, n)));
      states.push(state(events));
      for (let cut = 0; cut <= journal.length; cut++) {
        const parsed = parseJournal(journal.subarray(0, cut).toString('utf8'));
        const whole = ends.filter((end) => end <= cut).length; // a line cut just before its newline is whole
        if (parsed.skipped > 1) wrong.push(`cut ${cut}: ${parsed.skipped} lines skipped`);
        if (parsed.events.length !== whole || state(parsed.events) !== states[whole]) wrong.push(`cut ${cut}: ${parsed.events.length} events, expected ${whole}`);
        offsets++;
      }
    }
    expect(wrong).toEqual([]);
    expect(offsets).toBeGreaterThan(20_000);
  });
});

/**
 * A well-formed session.started of another session: skipped anywhere but first. (First, it is
 * indistinguishable from the journal's own, so the property below never puts it there.)
 */
const FOREIGN_START = '{"type":"session.started","at":1,"session":"other","runbook":{"objectives":{},"steps":[]},"file":"x","mode":"drill","impactAt":1,"operator":"o","host":"h","interactive":false}';

/** Garbage a disk, a crash or a person can leave in a journal. Each becomes one or more whole lines. */
const garbageArb = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.string({ maxLength: 200 }),
  fc.nat({ max: 4096 }).map((n) => '\0'.repeat(n + 1)),
  fc.json(),
  fc.constantFrom('null', '42', '"text"', '[]', '[{"type":"step.started"}]', '{}', '{"type":"note.added"}', '{"type":"step.finished","at":"yesterday"}', '{"type":"session.started","at":1}', FOREIGN_START, '{"type":"checklist.ticked","at":1,"step":"checks","item":1e9,"checked":true}', '{"type":"step.finished","at":1,"step":"copy","status":"exploded","attempt":1}', '{"type":"step.finished","at":1,"step":"copy","status":"ok","attempt":1,"tail":"not a list"}', '{"type":"var.set","at":1,"name":"__proto__","value":{},"secret":false,"source":"cli"}'),
);

/** Half of a real line: what a torn write leaves. */
const halfLine = (journal: string, pick: number, cut: number): string => {
  const lines = journal.split('\n').filter(Boolean);
  const line = lines[pick % lines.length] ?? '';
  return line.slice(0, Math.max(1, cut % line.length));
};

describe('a journal with garbage lines', () => {
  it('skips every garbage line and folds to the same state (500 cases)', () => {
    const text = recorded.bytes.toString('utf8');
    const lines = text.split('\n').slice(0, -1);
    const expected = state(parseJournal(text).events);
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), garbage: fc.oneof(garbageArb, fc.tuple(fc.nat(), fc.nat()).map(([p, c]) => halfLine(text, p, c))) }), { minLength: 1, maxLength: 6 }), (insertions) => {
        const damaged = [...lines];
        for (const { at, garbage } of insertions) damaged.splice(Math.max(garbage === FOREIGN_START ? 1 : 0, at % (damaged.length + 1)), 0, garbage.replace(/\n/g, ' '));
        const parsed = parseJournal(`${damaged.join('\n')}\n`);
        expect(state(parsed.events)).toBe(expected);
        expect(parsed.skipped).toBeLessThanOrEqual(insertions.length);
      }),
      { numRuns: 500, seed: 17 },
    );
  });

  it('never throws on events of a known type with fields of any shape (2,000 cases)', () => {
    const events = parseJournal(recorded.bytes.toString('utf8')).events;
    const types = [...new Set(events.map((e) => e.type)), 'checklist.ticked', 'choice.made', 'input.given', 'note.added', 'escalation.raised', 'update.reminded', 'recovery_point.recorded', 'session.interrupted', 'step.retry'];
    const fields = ['step', 'attempt', 'status', 'item', 'checked', 'choice', 'label', 'goto', 'var', 'value', 'secret', 'name', 'source', 'text', 'by', 'level', 'to', 'after', 'count', 'message', 'point', 'reason', 'outcome', 'exitCode', 'rtoMet', 'tail', 'bytes', 'command', 'adhoc', 'continued'];
    const stepIds = ['prepare', 'copy', 'checks', 'replica', 'promote', 'nowhere', '__proto__', 'constructor'];
    const value = fc.oneof(fc.constantFrom(...stepIds), fc.anything({ maxDepth: 2 }));
    fc.assert(
      fc.property(fc.array(fc.record({ type: fc.constantFrom(...types), at: fc.integer(), extra: fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 6 }) }), { maxLength: 8 }), fc.nat(), (made, at) => {
        const mixed = [...events];
        for (const { type, at: time, extra } of made) mixed.splice(at % (mixed.length + 1), 0, { ...extra, type, at: time } as unknown as SessionEvent);
        const text = mixed.map((event) => JSON.stringify(event)).join('\n');
        const parsed = parseJournal(text);
        expect(() => replay(parsed.events)).not.toThrow();
      }),
      { numRuns: 2000, seed: 19 },
    );
  });
});

/** What `drp resume` did with a damaged copy of the recorded session. */
interface Outcome {
  name: string;
  code: number | null;
  stderr: string;
  before: SessionEvent[];
  after: SessionEvent[];
  home: string;
  work: string;
}

/** Copies the recorded session into a new DRP_HOME, damages its journal, and resumes it. */
async function resumeDamaged(name: string, damage: (journal: Buffer) => Buffer): Promise<Outcome> {
  const work = tempDir('drp-damaged-');
  const home = join(work, 'home');
  mkdirSync(join(home, 'sessions'), { recursive: true });
  cpSync(join(recorded.home, 'sessions', recorded.id), join(home, 'sessions', recorded.id), { recursive: true });
  const path = journalPath(home, recorded.id);
  const damaged = damage(recorded.bytes);
  writeFileSync(path, damaged);
  writeFileSync(join(work, 'answers.yaml'), sessionAnswers(work));
  const before = parseJournal(damaged.toString('utf8')).events;
  const result = await startDrp(['resume', recorded.id, '--non-interactive', '--answers', join(work, 'answers.yaml')], { cwd: work, env: { DRP_HOME: home } }).exited;
  const after = parseJournal(readFileSync(path, 'utf8')).events;
  return { name, code: result.code, stderr: result.stderr, before, after, home, work };
}

describe('drp resume on a damaged journal', () => {
  it('resumes and finishes, or refuses plainly with exit 2; never a stack trace', async () => {
    const journal = recorded.bytes;
    const lineEnd = (n: number): number => {
      let at = -1;
      for (let i = 0; i < n; i++) at = journal.indexOf(0x0a, at + 1);
      return at + 1;
    };
    const lines = journal.toString('utf8').split('\n').length - 1;
    const cut = (at: number) => (j: Buffer) => j.subarray(0, at);
    const withLine = (n: number, garbage: Buffer) => (j: Buffer) => Buffer.concat([j.subarray(0, lineEnd(n)), garbage, Buffer.from('\n'), j.subarray(lineEnd(n))]);
    const unfinished = (j: Buffer): Buffer => j.subarray(0, lineEnd(lines - 1)); // without session.finished
    const cases: [string, (j: Buffer) => Buffer][] = [
      ['cut inside the first line', cut(40)],
      ['cut after session.started, before any var.set', cut(lineEnd(1))],
      ['cut inside a var.set', cut(lineEnd(2) + 10)],
      ['cut in the middle of the session', cut(Math.floor(journal.length * 0.6))],
      ['cut just before session.finished', unfinished],
      ['random bytes and NULs in the middle', (j) => withLine(8, Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x7b]), Buffer.alloc(512)]))(unfinished(j))],
      ['a 1 MB garbage line in the middle', (j) => withLine(6, Buffer.alloc(1 << 20, 'x'))(unfinished(j))],
      ['a torn 1.5 MB line at the end', (j) => Buffer.concat([unfinished(j), Buffer.from('{"type":"step.started","step":"'), Buffer.alloc(1.5 * (1 << 20), 'y')])],
      ['a block of NULs at the end (a crash before the data reached the disk)', (j) => Buffer.concat([unfinished(j), Buffer.alloc(8192)])],
      ['JSON that is not an event', (j) => withLine(4, Buffer.from('{"type":"session.started","at":1}'))(unfinished(j))],
    ];
    const outcomes = await pool(cases, 4, ([name, damage]) => resumeDamaged(name, damage));
    for (const outcome of outcomes) {
      const why = `${outcome.name}: exit ${outcome.code}\n${outcome.stderr}`;
      expect(outcome.stderr, why).not.toMatch(/unexpected error|\n\s+at |Error:/);
      expect([0, 2], why).toContain(outcome.code);
      if (outcome.code === 2) {
        expect(outcome.stderr, why).toMatch(/^drp: .+/);
        expect(outcome.after, why).toEqual(outcome.before);
        continue;
      }
      // Resumed: every readable event is still there, in order, and the session finished.
      expect(outcome.after.slice(0, outcome.before.length), why).toEqual(outcome.before);
      expect(replay(outcome.after)?.finished?.outcome, why).toBe('completed');
      expect(replay(outcome.after)?.resumes, `${why}: session.resumed was glued to a torn line and lost`).toHaveLength(1);
      expect(existsSync('/runs.log'), `${why}: a command ran with WORK empty`).toBe(false);
    }
    const byName = Object.fromEntries(outcomes.map((o) => [o.name, o]));
    expect(byName['cut inside the first line']?.code).toBe(2);
    expect(byName['cut inside the first line']?.stderr).toContain('has no readable journal');
    // Killed before WORK was journaled: the resume found it again (answers) and journaled it.
    const early = byName['cut after session.started, before any var.set'];
    expect(early?.code, early?.stderr).toBe(0);
    expect(replay(early?.after ?? [])?.vars.WORK?.value).toBe(early?.work);
    expect(readFileSync(join(early?.work ?? '', 'runs.log'), 'utf8')).toContain('notify');
    for (const name of ['cut in the middle of the session', 'a torn 1.5 MB line at the end', 'a 1 MB garbage line in the middle', 'a block of NULs at the end (a crash before the data reached the disk)']) {
      expect(byName[name]?.code, `${name}: ${byName[name]?.stderr}`).toBe(0);
    }
  }, 120_000);

  it('refuses a finished session plainly', () => {
    const result = drp(['resume', recorded.id, '--non-interactive'], { cwd: recorded.work, env: { DRP_HOME: recorded.home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already finished');
  });
});
