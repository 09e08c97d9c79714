/**
 * Files that are not runbooks, or are built to hurt: each gets one clear located message and exit
 * 2 from `drp validate`, never a stack trace, and quickly (vitest's timeout catches a hang). The
 * big inputs are generated into a temporary folder at test time.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook, MAX_PROBLEMS } from '../../src/runbook/load.js';
import { drp, tempDir, type CliResult } from '../helpers/cli.js';

const dir = tempDir('drp-hostile-');

/** Writes `content` to a file in the temporary folder and validates it with the real binary. */
function validate(name: string, content: string | Buffer): CliResult {
  writeFileSync(join(dir, name), content);
  return drp(['validate', name], { cwd: dir });
}

function expectNoStackTrace(result: CliResult): void {
  expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('unexpected error');
}

/** Exactly one located problem line for the file, exit 2. */
function expectOneProblem(result: CliResult, name: string, line: number | undefined, col: number | undefined, message: string): void {
  expectNoStackTrace(result);
  expect(result.code).toBe(2);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const where = /^(.*):(\d+):(\d+): (.*)$/.exec(lines[0] ?? '');
  expect(where, lines[0]).not.toBeNull();
  const [, file, atLine, atCol, text] = where!;
  expect({ file, line: Number(atLine), col: Number(atCol), text }).toEqual({ file: name, line: line ?? Number(atLine), col: col ?? Number(atCol), text: message });
  expect(result.stderr).toBe('1 of 1 runbook invalid\n');
}

const EMPTY = 'empty runbook: start with "drp: 1", then title, system, severity, objectives and steps';
const DEEP = 'nested more than 64 levels deep: a runbook never needs this; is this the right file?';

describe('drp validate on hostile input', () => {
  it('an empty file', () => {
    expectOneProblem(validate('empty.yaml', ''), 'empty.yaml', 1, 1, EMPTY);
  });

  it('a file of whitespace and comments', () => {
    expectOneProblem(validate('comments.yaml', '\n   \n# just a comment\n\t\n  # another\n'), 'comments.yaml', 1, 1, EMPTY);
  });

  it('a binary file (random bytes with NULs)', () => {
    const bytes = randomBytes(64 * 1024);
    bytes[100] = 0;
    expectOneProblem(validate('random.yaml', bytes), 'random.yaml', undefined, undefined, 'this is a binary file, not YAML text: point drp at a .yaml runbook');
  });

  it('a binary file, located at its first NUL', () => {
    expectOneProblem(validate('nul.yaml', Buffer.from('drp: 1\ntitle: a\0b\n')), 'nul.yaml', 2, 9, 'this is a binary file, not YAML text: point drp at a .yaml runbook');
  });

  it('invalid UTF-8, located at the bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('drp: 1\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\nsystem: x\n')]);
    expectOneProblem(validate('latin1.yaml', bytes), 'latin1.yaml', 2, 11, 'not UTF-8 text: save the runbook as UTF-8');
  });

  it('a UTF-16 file', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('drp: 1\n', 'utf16le')]);
    expectOneProblem(validate('utf16.yaml', bytes), 'utf16.yaml', 1, 1, 'saved as UTF-16: save the runbook as UTF-8');
  });

  it('a 10 MB file', () => {
    const line = '# padding padding padding padding padding padding padding padding padding padding\n';
    const text = `drp: 1\n${line.repeat(Math.ceil(10_485_760 / line.length))}`;
    expectOneProblem(validate('huge.yaml', text), 'huge.yaml', 1, 1, 'file is 10.0 MB; a runbook is at most 1 MB: is this the right file?');
  });

  it.runIf(existsSync('/dev/zero'))('an endless device', () => {
    const result = drp(['validate', '/dev/zero']);
    expectOneProblem(result, '/dev/zero', 1, 1, 'file is over 1 MB; a runbook is at most 1 MB: is this the right file?');
  });

  it.runIf(spawnSync('mkfifo', ['--version']).status === 0)('a named pipe nobody writes to', () => {
    spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const result = drp(['validate', 'pipe.yaml'], { cwd: dir });
    expectNoStackTrace(result);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('pipe.yaml: is a named pipe, not a runbook file\n');
  });

  it('1,000 levels of block nesting', () => {
    const text = Array.from({ length: 1000 }, (_, depth) => `${'  '.repeat(depth)}level${depth}:`).join('\n');
    expectOneProblem(validate('deep-block.yaml', text), 'deep-block.yaml', 65, 129, DEEP);
  });

  it('1,000 levels of flow nesting', () => {
    expectOneProblem(validate('deep-flow.yaml', `steps: ${'['.repeat(1000)}${']'.repeat(1000)}\n`), 'deep-flow.yaml', 1, 71, DEEP);
  });

  it('deep flow nesting hidden after an apostrophe', () => {
    const text = `title: it's late\nsteps: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expectOneProblem(validate('hidden.yaml', text), 'hidden.yaml', 2, 71, DEEP);
  });

  it('deep nesting of complex keys', () => {
    expectOneProblem(validate('keys.yaml', `${'? '.repeat(20_000)}x\n`), 'keys.yaml', 1, 130, DEEP);
  });

  it('a YAML bomb (billion laughs)', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expectOneProblem(validate('bomb.yaml', `${levels.join('\n')}\n`), 'bomb.yaml', 2, 8, 'aliases expand more than 100 times: this looks like a YAML bomb; write the values out instead');
  });

  it('an alias that contains itself', () => {
    expectOneProblem(validate('circular.yaml', 'drp: 1\ncheck: &c { http: { url: x, headers: *c } }\n'), 'circular.yaml', 2, 38, 'alias "*c" is inside the value it refers to, which would contain itself forever: write the value out');
  });

  it('a flood of aliases (yaml resolves each by scanning all the ones before it)', () => {
    const text = `drp: 1\nanchor: &x 1\nmany:\n${'  - *x\n'.repeat(140_000)}`;
    expectOneProblem(validate('aliases.yaml', text), 'aliases.yaml', 104, 5, 'more than 100 aliases (*name): a runbook needs a few at most; write the values out');
  });

  it('a top-level list', () => {
    expectOneProblem(validate('list.yaml', '- drp: 1\n- title: x\n'), 'list.yaml', 1, 1, 'a runbook is a mapping of keys (drp: 1, title: …, steps: …), not a list');
  });

  it('a top-level scalar', () => {
    expectOneProblem(validate('scalar.yaml', '# a comment first\njust some text\n'), 'scalar.yaml', 2, 1, 'a runbook is a mapping of keys (drp: 1, title: …, steps: …), not a single value ("just some text")');
  });

  it('a multi-document file', () => {
    const text = 'drp: 1\ntitle: one\n---\ndrp: 1\ntitle: two\n';
    expectOneProblem(validate('multi.yaml', text), 'multi.yaml', 3, 1, 'a second YAML document starts here: a runbook file holds one runbook; remove this "---" line or move what follows into its own file');
  });
});

describe('big files full of mistakes stay fast and their output bounded', () => {
  /** About 1 MB (just under the limit) of `line(i)`. */
  function megabyte(head: string, line: (i: number) => string): string {
    const lines = [head];
    let size = head.length;
    for (let i = 0; size < 1_000_000; i++) {
      lines.push(line(i));
      size += lines.at(-1)!.length + 1;
    }
    return `${lines.join('\n')}\n`;
  }

  it('100,000 unknown keys (yaml compared each key with every other: minutes)', () => {
    const text = megabyte('drp: 1', (i) => `k${i}: 1`);
    const result = validate('keys-1mb.yaml', text);
    expectNoStackTrace(result);
    expect(result.code).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines.at(-1)).toMatch(/^keys-1mb\.yaml:\d+:1: … and \d+ more problems from here on: fix the ones above and validate again$/);
  });

  it('100,000 duplicate keys', () => {
    const result = loadRunbook(megabyte('drp: 1', () => 'drp: 1'), 'dup.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(result.problems[0]).toEqual({ line: 2, col: 1, message: 'duplicate key "drp" (first at line 1): a key may appear only once in a mapping; remove one of them' });
  });

  it('16,000 steps going nowhere (a did-you-mean each was quadratic)', () => {
    const head = 'drp: 1\ntitle: X\nsystem: s\nseverity: low\nobjectives: { rto: 1h }\nsteps:';
    const result = loadRunbook(megabyte(head, (i) => `  - { id: s${i}, title: T, do: x, next: q${i} }`), 'nowhere.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(result.problems[0]).toEqual({ line: 7, col: 38, message: 'next "q0" in step "s0" is not a step id; did you mean "s0"?' });
  });
});
