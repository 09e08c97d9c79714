import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../../src/engine/session.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { tempDir } from '../helpers/cli.js';

const TEXT = `drp: 1
id: manual
title: Manual
system: test
severity: low
objectives: { rto: 1h }
steps:
  - { id: restart, title: Restart the services, do: Restart them from the dashboard. }
  - { id: verify, title: Verify, checklist: [All services operational] }
`;

function start(): Session {
  const loaded = loadRunbook(TEXT, 'manual.yaml');
  if (!loaded.ok) throw new Error('fixture invalid');
  return Session.start({ runbook: loaded.runbook, file: 'manual.yaml', text: TEXT, mode: 'drill', interactive: true, values: new Map() });
}

describe('a manual step left open', () => {
  beforeEach(() => {
    process.env.DRP_HOME = tempDir();
  });

  it('says the operator left when the session was quit, not that drp was killed', () => {
    const first = start();
    first.begin();
    first.interrupt('quit');
    first.close();
    const resumed = Session.resume(first.id, { interactive: true, values: new Map() });
    expect(resumed.state.steps.restart).toMatchObject({ status: 'interrupted', reason: 'the session was left while this step was open (quit)' });
    resumed.close();
  });

  it('says drp stopped when nothing was journaled about leaving (a kill -9)', () => {
    const first = start();
    first.begin();
    first.close();
    const resumed = Session.resume(first.id, { interactive: true, values: new Map() });
    expect(resumed.state.steps.restart?.reason).toMatch(/^drp stopped while this step ran/);
    resumed.close();
  });
});
