// Without a terminal the TUI never starts: `drp` lists the runbooks, `drp run` says to go unattended.
import { describe, expect, it } from 'vitest';
import { drp } from '../helpers/cli.js';

describe('drp without a terminal', () => {
  it('drp with no arguments prints the runbooks and how to play one', () => {
    const result = drp([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^drp: \d+ runbooks in /);
    expect(result.stdout).toContain('Play one:  drp run runbooks/demo/folder-restore-drill.yaml --drill');
  });

  it('drp run refuses with exit 2 and the unattended way, nothing started', () => {
    const result = drp(['run', 'runbooks/demo/folder-restore-drill.yaml', '--drill']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the interactive player needs a terminal');
    expect(result.stderr).toContain('--non-interactive');
  });
});
