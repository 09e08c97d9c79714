import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drp, ROOT, tempDir } from './helpers/cli.js';

describe('drp command line', () => {
  it('prints its version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = drp(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('lists its commands in --help', () => {
    const result = drp(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['validate', 'list', 'schema']) expect(result.stdout).toContain(command);
  });

  it('refuses an unknown command with a suggestion and exit 2', () => {
    const result = drp(['valdate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean "validate"?');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('never loads Ink or a database driver for --version, --help and validate', () => {
    for (const args of [['--version'], ['--help'], ['validate', 'runbooks/demo/folder-restore-drill.yaml']]) {
      const record = join(tempDir(), 'imports.txt');
      writeFileSync(record, '');
      const result = drp(args, { env: { DRP_RECORD_IMPORTS: record, NODE_OPTIONS: `--import ${join(ROOT, 'test/helpers/record-imports.mjs')}` } });
      expect(result.code, result.stderr).toBe(0);
      const imported = readFileSync(record, 'utf8').split('\n').filter(Boolean);
      expect(imported.some((name) => name.includes('dist/cli.js')), 'the hook saw drp start').toBe(true);
      expect(imported.filter((name) => /^(ink|react|pg|mongodb|@aws-sdk\/)/.test(name))).toEqual([]);
    }
  });

  it('validates the other paths when one does not exist, and exits 2', () => {
    const result = drp(['validate', 'runbooks/demo', 'no-such-runbook.yaml', 'test/fixtures/invalid/secret-drill.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('no-such-runbook.yaml: no such file or folder');
    expect(result.stdout).toContain('test/fixtures/invalid/secret-drill.yaml:7:50: variable "DB_PASSWORD" is secret and has a drill value');
    expect(result.stderr).toContain('2 of 3 runbooks invalid');
  });

  it('validates many runbooks across threads and still reports every problem in file order', () => {
    const dir = tempDir();
    const demo = readFileSync(join(ROOT, 'runbooks/demo/folder-restore-drill.yaml'), 'utf8');
    const bad = readFileSync(join(ROOT, 'test/fixtures/invalid/secret-drill.yaml'), 'utf8');
    for (let i = 0; i < 120; i++) writeFileSync(join(dir, `r${String(i).padStart(3, '0')}.yaml`), i === 7 || i === 111 ? bad : demo);
    const result = drp(['validate', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout.trim().split('\n').map((line) => line.replace(`${dir}/`, '').slice(0, 13))).toEqual(['r007.yaml:7:5', 'r111.yaml:7:5']);
    expect(result.stderr).toContain('2 of 120 runbooks invalid');
  });

  it('finds the bundled runbooks from any working folder', () => {
    const result = drp(['list', '--json'], { cwd: tempDir() });
    expect(result.code, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout) as { id: string; file: string }[];
    expect(listed.map((r) => r.id)).toContain('demo-folder-restore');
    expect(listed.every((r) => r.file.startsWith(join(ROOT, 'runbooks')))).toBe(true);
  });

  it('keeps schema/runbook.schema.json identical to drp schema', () => {
    const result = drp(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'schema', 'runbook.schema.json'), 'utf8'));
  });
});
