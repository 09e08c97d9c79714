/**
 * Whatever an editor, a merge or a tired hand does to a runbook, loading it answers with a
 * runbook or with located problems: never a throw, never a problem at line 0, never a stack trace.
 * The seeds are the bundled runbooks, read at test time (the folder grows).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadRunbook } from '../../src/runbook/load.js';
import { drp, ROOT, tempDir } from '../helpers/cli.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

const texts = new Map(yamlFiles(join(ROOT, 'runbooks')).map((file) => [relative(ROOT, file), readFileSync(file, 'utf8')]));
/** The bundled runbooks by name (a counterexample names its runbook rather than printing it). */
const seeds = [...texts.keys()].sort();
const textOf = (name: string): string => texts.get(name) ?? '';
/** Sized to keep the file under ~20 s; DRP_PROPERTY_RUNS=20 searches twenty times longer. */
const scale = Math.max(1, Number(process.env.DRP_PROPERTY_RUNS) || 1);

/** Characters that matter to YAML, to the variable syntax and to line counting, plus anything at all. */
const noise = fc.oneof(
  fc.constantFrom(':', ': ', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '&a', '*a', '!', '|', '>', '\t', '\n', '\r\n', '  ', '${', '$${X}', '${UNDECLARED}', '---', '...', '? ', '%', '@', '`', '\\', '\u00a0', '\ufeff', '\u2028'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

type Mutation = (text: string) => string;

/** A mutation that fast-check prints as what it does, so a counterexample reads as a recipe. */
function mutation(what: string, apply: Mutation): { what: string; apply: Mutation } {
  return { what, apply, [fc.toStringMethod]: () => what } as { what: string; apply: Mutation };
}

const lines = (text: string): string[] => text.split('\n');
const at = (length: number, n: number): number => (length === 0 ? 0 : n % length);

/** Mutations of the text, each a function of random numbers and strings. */
const textMutation: fc.Arbitrary<{ what: string; apply: Mutation }> = fc
  .oneof(
  fc.nat().map((n) => ({ what: `delete line ${n}`, apply: (text: string) => lines(text).filter((_, i, all) => i !== at(all.length, n)).join('\n') })),
  fc.nat().map((n) => ({
    what: `duplicate line ${n}`,
    apply: (text: string) => lines(text).flatMap((line, i, all) => (i === at(all.length, n) ? [line, line] : [line])).join('\n'),
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => ({
    what: `swap lines ${a} and ${b}`,
    apply: (text: string) => {
      const all = lines(text);
      const i = at(all.length, a);
      const j = at(all.length, b);
      [all[i], all[j]] = [all[j] ?? '', all[i] ?? ''];
      return all.join('\n');
    },
  })),
  fc.tuple(fc.nat(), noise).map(([n, inserted]) => ({
    what: `insert ${JSON.stringify(inserted)} at ${n}`,
    apply: (text: string) => {
      const offset = at(text.length + 1, n);
      return text.slice(0, offset) + inserted + text.slice(offset);
    },
  })),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 }), fc.boolean()).map(([n, shift, tab]) => ({
    what: `indent line ${n} by ${shift}${tab ? ' with a tab' : ''}`,
    apply: (text: string) =>
      lines(text)
        .map((line, i, all) => {
          if (i !== at(all.length, n)) return line;
          if (tab) return `\t${line}`;
          return shift >= 0 ? ' '.repeat(shift) + line : line.replace(new RegExp(`^ {0,${-shift}}`), '');
        })
        .join('\n'),
  })),
  fc.nat().map((n) => ({ what: `truncate at ${n}`, apply: (text: string) => text.slice(0, at(text.length + 1, n)) })),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom('titel', 'tiemout', 'ID', 'run ', 'steps', 'check', 'drp', '', '"q"', 'a b', '0'), fc.string({ maxLength: 8 }))).map(([n, name]) => ({
    what: `rename key ${n} to ${JSON.stringify(name)}`,
    apply: (text: string) => {
      const keys = [...text.matchAll(/^([ -]*)([A-Za-z_$][\w$]*):/gm)];
      const key = keys[at(keys.length, n)];
      if (!key) return text;
      const start = key.index + (key[1]?.length ?? 0);
      return text.slice(0, start) + name + text.slice(start + (key[2]?.length ?? 0));
    },
  })),
  )
  .map(({ what, apply }) => mutation(what, apply));

/** Every path to a value in parsed YAML. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return root;
}

/** Mutations of the parsed runbook, written back as YAML. */
const dataMutation: fc.Arbitrary<{ what: string; apply: Mutation }> = fc
  .oneof(
  fc.tuple(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, true, 0, -1, 1.5, '', '90', 'rpo', '/(/', '${X}', [], {}))).map(([n, value]) => ({
    what: `replace value ${n} with ${JSON.stringify(value)}`,
    apply: (text: string) => {
      const data = parse(text) as unknown;
      const all = paths(data);
      return stringify(setAt(data, all[at(all.length, n)] ?? [], value));
    },
  })),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom('titel', 'run', 'check', 'do', 'goto', 'next', 'secret', 'default', 'expect'), fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 1 })).map(([n, key, value]) => ({
    what: `insert key ${JSON.stringify(key)}: ${JSON.stringify(value)} at mapping ${n}`,
    apply: (text: string) => {
      const data = parse(text) as unknown;
      const maps = paths(data).filter((path) => {
        let node = data as Record<string | number, unknown>;
        for (const segment of path) node = node[segment] as Record<string | number, unknown>;
        return node !== null && typeof node === 'object' && !Array.isArray(node);
      });
      const target = maps[at(maps.length, n)] ?? [];
      let node = data as Record<string | number, unknown>;
      for (const segment of target) node = node[segment] as Record<string | number, unknown>;
      node[key] = value;
      return stringify(data);
    },
  })),
  )
  .map(({ what, apply }) => mutation(what, apply));

/** The contract of loadRunbook, for any text. */
function expectLoadsOrLocates(text: string, what: string): void {
  let result: ReturnType<typeof loadRunbook>;
  try {
    result = loadRunbook(text, 'mutated.yaml');
  } catch (error) {
    throw new Error(`loadRunbook threw after "${what}": ${(error as Error).stack}`);
  }
  if (result.ok) return;
  expect(result.problems.length, what).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(Number.isInteger(problem.line) && problem.line >= 1, `${what}: line ${problem.line}`).toBe(true);
    expect(Number.isInteger(problem.col) && problem.col >= 1, `${what}: col ${problem.col}`).toBe(true);
    expect(problem.message.trim(), what).not.toBe('');
    expect(problem.message, what).not.toMatch(/\n\s*at |bug in drp|undefined is not|\[object Object\]/);
  }
}

describe('loading mutated runbooks', () => {
  it('has runbooks to mutate', () => {
    expect(seeds.length).toBeGreaterThan(0);
    for (const name of seeds) expect(loadRunbook(textOf(name), name).ok, name).toBe(true);
  });

  it('never throws on text mutations, and locates every problem', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(textMutation, { minLength: 1, maxLength: 3 }), (seed, mutations) => {
        let text = textOf(seed);
        for (const mutation of mutations) text = mutation.apply(text);
        expectLoadsOrLocates(text, `${seed}: ${mutations.map((mutation) => mutation.what).join(', ')}`);
      }),
      { numRuns: 1000 * scale },
    );
  });

  it('never throws on mutations of the parsed YAML, and locates every problem', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), dataMutation, (seed, mutation) => {
        expectLoadsOrLocates(mutation.apply(textOf(seed)), `${seed}: ${mutation.what}`);
      }),
      { numRuns: 300 * scale },
    );
  });

  it('through the real binary, exits 0 or 2 with file:line:col: lines', () => {
    const dir = tempDir('drp-mutated-');
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.oneof(textMutation, dataMutation), (seed, mutation) => {
        writeFileSync(join(dir, 'mutated.yaml'), mutation.apply(textOf(seed)));
        const result = drp(['validate', 'mutated.yaml'], { cwd: dir });
        const what = `${seed}: ${mutation.what}\n${result.stdout}${result.stderr}`;
        expect([0, 2], what).toContain(result.code);
        expect(result.stdout + result.stderr, what).not.toMatch(/^\s+at |unexpected error/m);
        if (result.code === 2) {
          for (const line of result.stdout.trimEnd().split('\n')) expect(line, what).toMatch(/^mutated\.yaml:[1-9]\d*:[1-9]\d*: \S/);
        }
      }),
      { numRuns: 10 * scale },
    );
  });
});
