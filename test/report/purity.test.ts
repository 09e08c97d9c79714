import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** The modules that turn a journal into a report: they must stay free of IO, so the report is a function of the journal. */
const PURE = ['model', 'runs', 'summary', 'objectives', 'deviations', 'schema', 'time', 'md', 'markdown', 'markdown-steps', 'json'];
const ALLOWED = /^(\.\/|\.\.\/runbook\/|\.\.\/session\/|zod$)/;

describe('the report model and renderers', () => {
  it.each(PURE)('src/report/%s.ts imports nothing that does IO', (name) => {
    const source = readFileSync(join(ROOT, 'src', 'report', `${name}.ts`), 'utf8');
    const imports = [...source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    expect(imports.filter((spec) => !ALLOWED.test(spec))).toEqual([]);
    expect(source).not.toMatch(/\bDate\.now\(|\bprocess\.|new Date\(\)/);
  });
});
