import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../../src/runbook/load.js';
import { drp, ROOT } from '../helpers/cli.js';

const INVALID = 'test/fixtures/invalid';
const VALID = 'test/fixtures/valid';

/** `line:col: message` for each problem of a runbook text (as `drp validate` prints after the file name). */
function problemsIn(text: string, name = 'runbook.yaml'): string[] {
  const result = loadRunbook(text, name);
  return result.ok ? [] : result.problems.map((problem) => `${problem.line}:${problem.col}: ${problem.message}`);
}

function fixtureProblems(name: string): string[] {
  return problemsIn(readFileSync(join(ROOT, INVALID, `${name}.yaml`), 'utf8'), `${name}.yaml`);
}

/**
 * One fixture per rule of SPEC §2 and its exact problems, in the order drp prints them. Each
 * fixture holds only the mistake it is about, so that a new message elsewhere cannot hide here.
 */
const EXPECTED: Record<string, string[]> = {
  'bad-durations': [
    '5:20: objectives.rto: "30 s" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 30s',
    '5:31: objectives.rpo: "1.5h" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 1h30m',
    '6:19: updates.every: "5 minutes" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 5m',
    '11:14: timeout in step "check": expected a duration such as 90s, 15m, 2h, 1d or 1h30m, got number 90; a duration needs a unit: write 90s, 90m or 90h',
  ],
  'bad-on-fail': [
    '10:14: on_fail in step "check": "abort" is not allowed; expected one of ask, stop, continue',
  ],
  'bad-on-resume': [
    '10:16: on_resume in step "check": "rerunn" is not allowed; did you mean "rerun"?',
  ],
  'bad-only': [
    '10:11: only in step "check": "drils" is not allowed; did you mean "drill"?',
  ],
  'bad-pattern-input': [
    String.raw`9:71: input.pattern in step "capture": bad pattern '(\.sql': Unterminated group; to match ( ) [ ] { } * + ? . | or \ literally, put a \ before it`,
  ],
  'bad-pattern-var': [
    String.raw`7:64: pattern in variable "TARGET_TIME": bad pattern '^\d{4}-[': Unterminated character class; to match ( ) [ ] { } * + ? . | or \ literally, put a \ before it`,
  ],
  'bad-regex-body': [
    '10:54: check.http.body in step "health": "not-slashed" is not a regex: write it between slashes, /not-slashed/',
  ],
  'bad-regex-output': [
    String.raw`10:23: expect.output in step "check": bad regex /(unclosed/: Unterminated group; to match ( ) [ ] { } * + ? . | or \ literally, put a \ before it`,
  ],
  'bad-severity': [
    '4:11: severity: "crtical" is not allowed; did you mean "critical"?',
  ],
  'bad-timing': [
    '10:14: timeout in step "wait-primary": 0s would fail at once; give the step time, e.g. 30s',
    '11:21: retry.every in step "wait-primary": 0s would retry without pause; wait between tries, e.g. every: 30s',
    '15:21: retry.every in step "wait-replica" is longer than retry.for, so it never retries: make "every" shorter than "for" (e.g. every: 30s, for: 15m)',
  ],
  'check-no-kind': [
    '9:12: check in step "health" names no check: use one of postgres, mongodb, s3, http, tcp, e.g. check: { http: { url: … } }',
  ],
  'check-two-kinds': [
    '11:7: check in step "reachable" has tcp and http: one check per step; split it into 2 steps',
  ],
  'command-keys-elsewhere': [
    '10:5: "timeout" in step "restart" applies to commands and checks only, and this is a "do" step: remove it',
    '14:5: "cwd" in step "health" applies to commands only, and this is a "check" step: remove it',
  ],
  'drp-2': [
    '1:6: drp: 2 is not a format version this drp reads: write drp: 1',
  ],
  'drp-missing': [
    '1:1: missing "drp": write drp: 1 at the top (the format version)',
  ],
  'duplicate-id-phases': [
    '13:15: duplicate step id "check" (first used at line 9): ids must be unique; rename this one',
  ],
  'duplicate-phase-id': [
    '11:9: duplicate phase id "recover" (first used at line 7): ids must be unique; rename this one',
  ],
  'duplicate-id': [
    '10:9: duplicate step id "check" (first used at line 7): ids must be unique; rename this one',
  ],
  'empty-phase': [
    '11:12: steps in phase "Recover": must list at least one step',
  ],
  'expect-on-check': [
    '10:5: "expect" in step "health" applies to commands only and this step has no "run"; a check states what it expects inside "check:"',
  ],
  'goto-unknown': [
    '11:28: goto "restore-backup" in step "replica" is not a step id; did you mean "restore"?',
  ],
  'many-problems': [
    '2:1: unknown key "titel"; did you mean "title"?',
    '4:11: severity: "crtical" is not allowed; did you mean "critical"?',
    '5:20: objectives.rto: "2 hours" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 2h',
    '7:32: variable "DB_PASSWORD" is secret and has a default: a secret never lives in a runbook; remove "default" and set "env:" or "prompt:"',
    '11:24: variable "DB_HOST" is used but not declared: declare it under "vars:" (write $${DB_HOST} for a literal, or $DB_HOST for a shell variable)',
    '12:14: on_fail in step "check": "stp" is not allowed; did you mean "stop"?',
    '13:5: step "check" has no kind: give it exactly one of run (a command), check, choices, do (manual instructions), input, checklist',
    '13:9: duplicate step id "check" (first used at line 9): ids must be unique; rename this one',
    '18:11: next "verfy" in step "promote" is not a step id',
  ],
  'missing-rto': [
    '5:13: missing "rto" in objectives: add the recovery time objective, e.g. rto: 2h',
  ],
  'missing-title': [
    '1:1: missing "title": add one, e.g. title: Restore the database',
  ],
  'newer-than-rpo': [
    '9:68: newer_than: rpo in step "latest-backup", but the runbook has no objectives.rpo: add one (objectives: { rto: …, rpo: 24h }) or write a duration here',
  ],
  'next-unknown': [
    '10:11: next "verfy" in step "promote" is not a step id; did you mean "verify"?',
  ],
  'no-steps': [
    '1:1: no steps: add "steps:" (a list of steps) or "phases:" (steps grouped into timed phases)',
  ],
  'secret-default': [
    '7:32: variable "DB_PASSWORD" is secret and has a default: a secret never lives in a runbook; remove "default" and set "env:" or "prompt:"',
  ],
  'secret-drill': [
    '7:50: variable "DB_PASSWORD" is secret and has a drill value: a secret never lives in a runbook, not even staging\'s; remove "drill" and give drills their own variable (e.g. DB_PASSWORD_STAGING with env:)',
  ],
  'step-no-kind': [
    '10:5: step "restart" has no kind: give it exactly one of run (a command), check, choices, do (manual instructions), input, checklist',
  ],
  'step-two-kinds': [
    '13:5: step "restart" has 2 kinds (run and do): a step does one thing; split it into 2 steps',
  ],
  'steps-and-phases': [
    '10:1: both "steps" and "phases": use one; put every step inside a phase',
  ],
  'undeclared-var-check': [
    '11:56: variable "DB_PASSWORD" is used but not declared: declare it under "vars:" (write $${DB_PASSWORD} for a literal, or $DB_PASSWORD for a shell variable)',
  ],
  'undeclared-var-checklist': [
    '13:9: variable "SERVCE" is used but not declared; did you mean "SERVICE"? (write $${SERVCE} for a literal, or $SERVCE for a shell variable)',
  ],
  'undeclared-var-prompt': [
    '9:60: variable "TARGET" is used but not declared: declare it under "vars:" (write $${TARGET} for a literal, or $TARGET for a shell variable)',
  ],
  'undeclared-var-run': [
    '11:24: variable "DB_HOTS" is used but not declared; did you mean "DB_HOST"? (write $${DB_HOTS} for a literal, or $DB_HOTS for a shell variable)',
    '11:38: variable "PGUSER" is used but not declared: declare it under "vars:" (write $${PGUSER} for a literal, or $PGUSER for a shell variable)',
  ],
  'undeclared-var-title': [
    '8:18: variable "DB_HOST" is used but not declared: declare it under "vars:" (write $${DB_HOST} for a literal, or $DB_HOST for a shell variable)',
  ],
  'unknown-key-check': [
    '10:48: unknown key "stauts" under check.http in step "health"; did you mean "status"?',
  ],
  'unknown-key-step': [
    '10:5: unknown key "tiemout" in step "check"; did you mean "timeout"?',
  ],
  'unknown-key-top': [
    '2:1: unknown key "titel"; did you mean "title"?',
  ],
  'unknown-key-var': [
    '7:14: unknown key "defualt" in variable "DB_HOST"; did you mean "default"?',
  ],
  'wrong-type-checklist': [
    '9:16: checklist in step "post-recovery": expected a list, got text "yes"; write a list: checklist: [yes], or one "- item" per line',
  ],
  'wrong-type-steps': [
    '6:8: steps: expected a list, got a mapping; start each item with "- "',
  ],
  'yaml-bad-indent': [
    '9:6: bad indentation: "run" is indented under "title", which already has a value; line it up with "title" (column 5), or add the key it belongs to above it',
  ],
  'yaml-duplicate-key': [
    '10:5: duplicate key "title" (first at line 8): a key may appear only once in a mapping; remove one of them',
  ],
  'yaml-tab-indent': [
    '9:1: tab used for indentation: YAML indents with spaces',
  ],
  'yaml-unclosed-quote': [
    '2:8: the double quote opened here is never closed: add the closing "',
  ],
};

/** A runbook with nothing wrong, to put one mistake into. */
const BASE = `drp: 1
title: Restore the database
system: demo
severity: low
objectives: { rto: 1h }
vars:
  DB_HOST: { default: db.internal }
steps:
  - id: check
    title: Check the database
    run: pg_isready -h \${DB_HOST}
`;

/** BASE with another command (a function replacement: `$$` in a replacement string means `$`). */
function withRun(command: string): string {
  return BASE.replace('pg_isready -h ${DB_HOST}', () => command);
}

describe('validation rules, each with its fixture', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    const fixtures = readdirSync(join(ROOT, INVALID)).filter((file) => file.endsWith('.yaml')).map((file) => file.replace(/\.yaml$/, ''));
    expect(fixtures.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (name, lines) => {
    expect(fixtureProblems(name)).toEqual(lines);
  });
});

describe('drp validate FILE', () => {
  it.each(['unknown-key-top', 'goto-unknown', 'bad-durations', 'yaml-unclosed-quote', 'undeclared-var-run'])('prints file:line:col: message for %s and exits 2', (name) => {
    const file = `${INVALID}/${name}.yaml`;
    const result = drp(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(EXPECTED[name]!.map((line) => `${file}:${line}\n`).join(''));
    expect(result.stderr).toBe('1 of 1 runbook invalid\n');
  });

  it('prints every problem of every file in a folder in one run', () => {
    const result = drp(['validate', INVALID]);
    expect(result.code).toBe(2);
    const expected = Object.keys(EXPECTED)
      .sort((a, b) => (`${a}.yaml` < `${b}.yaml` ? -1 : 1))
      .flatMap((name) => EXPECTED[name]!.map((line) => `${INVALID}/${name}.yaml:${line}`));
    expect(result.stdout.trimEnd().split('\n')).toEqual(expected);
    const count = Object.keys(EXPECTED).length;
    expect(result.stderr).toBe(`${count} of ${count} runbooks invalid\n`);
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
  });

  it('reports all the problems of one file in one run', () => {
    const result = drp(['validate', `${INVALID}/many-problems.yaml`]);
    expect(result.code).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(new Set(lines.map((line) => line.replace(/^[^:]+:\d+:\d+: /, '').split(/[:;]/)[0])).size).toBeGreaterThanOrEqual(5);
  });

  it('accepts the valid fixtures and exits 0', () => {
    const result = drp(['validate', VALID]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('2 runbooks valid\n');
    expect(result.code).toBe(0);
  });
});

describe('a valid runbook', () => {
  it('with phases loads, and takes its id from the file name', () => {
    const result = loadRunbook(readFileSync(join(ROOT, VALID, 'phases.yaml'), 'utf8'), `${VALID}/phases.yaml`);
    if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
    expect(result.runbook.id).toBe('phases');
    expect(result.runbook.phases?.map((phase) => phase.steps.map((step) => step.id))).toEqual([['check'], ['latest-backup', 'done']]);
  });

  it('keeps the id it names', () => {
    const result = loadRunbook(`${BASE}id: keneyapp-database-failure\n`, 'other-name.yaml');
    expect(result.ok && result.runbook.id).toBe('keneyapp-database-failure');
  });

  it.each([
    ['Database Failure.yaml', 'database-failure'],
    ['runbooks/keneyapp/daily-backup.yml', 'daily-backup'],
    ['_draft.yaml', 'draft'],
  ])('named %s gets the id %s', (file, id) => {
    const result = loadRunbook(BASE, file);
    expect(result.ok && result.runbook.id).toBe(id);
  });
});

describe('durations', () => {
  it.each(['90s', '15m', '2h', '1d', '1h30m', '1d2h3m4s', '0s'])('%s is a duration', (duration) => {
    expect(problemsIn(BASE.replace('rto: 1h', `rto: ${duration}`))).toEqual([]);
  });

  it.each([
    ['30 s', '5:20: objectives.rto: "30 s" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 30s'],
    ['1.5h', '5:20: objectives.rto: "1.5h" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 1h30m'],
    ['90', '5:20: objectives.rto: expected a duration such as 90s, 15m, 2h, 1d or 1h30m, got number 90; a duration needs a unit: write 90s, 90m or 90h'],
    ['5 minutes', '5:20: objectives.rto: "5 minutes" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 5m'],
    ['30m1h', '5:20: objectives.rto: "30m1h" is not a duration (such as 90s, 15m, 2h, 1d or 1h30m); write 1h30m'],
    ['soon', '5:20: objectives.rto: "soon" is not a duration: write one such as 90s, 15m, 2h, 1d or 1h30m'],
  ])('%s is not a duration', (duration, message) => {
    expect(problemsIn(BASE.replace('rto: 1h', `rto: ${duration}`))).toEqual([message]);
  });
});

describe('variables', () => {
  it.each([
    ['a literal $${NAME}', 'echo $${NAME}'],
    ['a shell variable $NAME', 'echo $NAME'],
    ['a shell default ${NAME:-x}', 'echo ${NAME:-x}'],
    ['a shell suffix removal ${NAME%.*}', 'echo ${NAME%.*}'],
    ['a command substitution $(cmd)', 'echo $(date +%F)'],
    ['the shell pid $$', 'echo $$'],
    ['a built-in variable', 'cd ${DRP_SESSION_DIR}'],
  ])('%s is not reported', (_what, command) => {
    expect(problemsIn(withRun(command))).toEqual([]);
  });

  it('declared by an input step may be used', () => {
    const text = `${BASE}  - id: capture\n    title: Which backup?\n    input: { var: BACKUP_FILE, prompt: Backup file }\n  - id: restore\n    title: Restore \${BACKUP_FILE}\n    run: ./restore.sh "\${BACKUP_FILE}"\n`;
    expect(problemsIn(text)).toEqual([]);
  });

  it('is located at the reference, not at an escaped one before it', () => {
    const text = withRun('echo $${PORT} ${PORT}');
    expect(problemsIn(text)).toEqual(['11:24: variable "PORT" is used but not declared: declare it under "vars:" (write $${PORT} for a literal, or $PORT for a shell variable)']);
  });

  it('used twice is reported at each place', () => {
    const text = withRun('echo ${HOST} ${HOST}');
    expect(problemsIn(text).map((line) => line.split(':').slice(0, 2).join(':'))).toEqual(['11:15', '11:23']);
  });

  it('names must be identifiers', () => {
    const text = BASE.replace('DB_HOST: { default: db.internal }', 'DB_HOST: { default: db.internal }\n  1ST: { default: x }');
    expect(problemsIn(text)).toEqual(['8:3: bad variable name "1ST": use letters, digits and _, not starting with a digit, e.g. _1ST']);
  });
});

describe('regexes', () => {
  const withStep = (step: string): string => BASE.slice(0, BASE.indexOf('  - id: check')) + step;
  it.each([
    ['not slashed, in expect.output', '  - { id: a, title: A, run: x, expect: { output: not-slashed } }\n', '9:50: expect.output in step "a": "not-slashed" is not a regex: write it between slashes, /not-slashed/'],
    ['unclosed group, in http.body', '  - { id: a, title: A, check: { http: { url: u, body: /(unclosed/ } } }\n', String.raw`9:55: check.http.body in step "a": bad regex /(unclosed/: Unterminated group; to match ( ) [ ] { } * + ? . | or \ literally, put a \ before it`],
    ['an unknown flag', '  - { id: a, title: A, run: x, expect: { output: /ok/q } }\n', '9:50: expect.output in step "a": "/ok/q": unknown regex flag "q"; the flags are i (ignore case), m (multiline), s (dot matches newline), u, v, d, g, y'],
    ['a repeated flag', '  - { id: a, title: A, run: x, expect: { output: /ok/ii } }\n', "9:50: expect.output in step \"a\": bad regex /ok/ii: Invalid flags supplied to RegExp constructor 'ii'"],
    ['no closing slash', '  - { id: a, title: A, run: x, expect: { output: /ok } }\n', '9:50: expect.output in step "a": "/ok" is not a regex: close it with a slash, /ok/'],
  ])('%s', (_what, step, line) => {
    expect(problemsIn(withStep(step))).toEqual([line]);
  });

  it('accepts the flags g and y, which it ignores', () => {
    expect(problemsIn(withStep('  - { id: a, title: A, run: x, expect: { output: /ok/gimsy } }\n'))).toEqual([]);
  });
});

describe('YAML syntax errors are located where the mistake is', () => {
  it.each([
    ['an unclosed single quote', "drp: 1\ntitle: 'Restore\nsystem: demo\n", ["2:8: the single quote opened here is never closed: add the closing '"]],
    ['an unclosed list', 'drp: 1\nsymptoms: [a, b\ntitle: x\n', ['2:11: the list "[" opened here is never closed: add "]" (on the same line, or indent the lines that continue it)']],
    ['a key indented less than its siblings', 'drp: 1\nsteps:\n  - id: a\n    title: b\n  run: x\n', ['5:3: bad indentation: "run" starts at column 3, but "title" on the line above starts at column 5; indent keys of the same mapping equally (with spaces)']],
    ['a key indented off its list item', 'drp: 1\nsteps:\n  - id: a\n   title: b\n', ['4:4: bad indentation: "title" starts at column 4, but "id" on the line above starts at column 5; indent keys of the same mapping equally (with spaces)']],
    ['a colon in a plain value', 'drp: 1\ntitle: Restore: the database\n', ['2:15: a value cannot contain ": " unless it is quoted: write title: "Restore: the database"']],
    ['a bad escape in double quotes', 'drp: 1\ntitle: "C:\\new\\qux"\n', [String.raw`2:15: invalid escape "\q" in a double-quoted value: write "\\q" for a backslash, or use single quotes, in which a backslash is just a backslash`]],
    ['a reserved first character', 'drp: 1\nowner: @oncall\n', ['2:8: a value cannot start with "@": put it in quotes']],
    ['a stray closing brace', 'drp: 1\nobjectives: { rto: 1h }}\n', ['2:24: unexpected "}": no "{" is open here']],
    ['an alias without its anchor', 'drp: 1\nowner: *lead\n', ['2:8: alias "*lead" refers to no anchor: define "&lead" before it, or write the value out']],
    ['a dedented line in block text', 'drp: 1\nsteps:\n  - id: a\n    run: |\n      if true; then\n     echo yes\n      fi\n', ['6:6: bad indentation: this line of the text of "run" (line 4) starts at column 6, left of its first line (column 7), which sets the indentation of the whole text; line them up']],
    ['a block text whose first line is dedented', 'drp: 1\nsteps:\n  - id: a\n    run: |\n   if true; then\n        echo yes\n      fi\n', ['5:4: bad indentation: this first line of the text of "run" (line 4) starts at column 4, left of the lines after it (column 7); indent it like them']],
    ['a key that lines up with no key above it', 'drp: 1\nsteps:\n  - id: a\n    check:\n      http:\n        url: x\n   estimate: 2m\n  - id: b\n', ['7:4: bad indentation: "estimate" starts at column 4, which lines up with no key above it; move it to one of columns 9, 7, 5, 1, like the keys it belongs with']],
    ['a list item out of line with its list', 'drp: 1\nsteps:\n  - id: a\n    do: x\n- id: b\n  do: y\n', ['5:1: bad indentation: this list item starts at column 1, but the item above it (line 3) starts at column 3; line them up']],
    ['a list whose key is missing', 'drp: 1\nupdates: { every: 30m }\n  - id: a\n    do: x\n', ['3:3: this list belongs to no key: add the key it belongs to above it (such as steps:), or line it up with the list it is part of']],
    ['a mapping whose key is missing', 'drp: 1\nsteps:\n  - id: a\n    title: A\n      var: X\n      prompt: Value?\n', ['5:7: bad indentation: "var" is indented under "title", which already has a value; line it up with "title" (column 5), or add the key it belongs to above it']],
    ['only the first structural error, not the noise after it', 'drp: 1\nsteps:\n  - id: a\n    run: |\n        if x; then\n        cd y\n      else\n        z\n      fi\n    timeout: 1m\n', ['7:7: bad indentation: this line of the text of "run" (line 4) starts at column 7, left of its first line (column 9), which sets the indentation of the whole text; line them up']],
    ['every local error besides', 'drp: 1\ntitle: "a\\qb"\nowner: "c\\wd"\nsystem: [x\n', [String.raw`2:10: invalid escape "\q" in a double-quoted value: write "\\q" for a backslash, or use single quotes, in which a backslash is just a backslash`, String.raw`3:10: invalid escape "\w" in a double-quoted value: write "\\w" for a backslash, or use single quotes, in which a backslash is just a backslash`, '4:9: the list "[" opened here is never closed: add "]" (on the same line, or indent the lines that continue it)']],
    ['a second document', 'drp: 1\n---\ndrp: 1\n', ['2:1: a second YAML document starts here: a runbook file holds one runbook; remove this "---" line or move what follows into its own file']],
  ])('%s', (_what, text, lines) => {
    expect(problemsIn(text)).toEqual(lines);
  });
});
