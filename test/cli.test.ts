import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drp, ROOT } from './helpers/cli.js';

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

  it('keeps schema/runbook.schema.json identical to drp schema', () => {
    const result = drp(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'schema', 'runbook.schema.json'), 'utf8'));
  });
});
