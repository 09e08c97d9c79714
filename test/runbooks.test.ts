/**
 * The bundled runbooks: one per recovery scenario of the five seed DR plans (SmartVet, Kinect,
 * CotAi, Pet to You, KeneyApp), plus the demo. They must stay valid, complete, free of secrets and
 * careful with destructive commands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { drp, ROOT } from './helpers/cli.js';

const RUNBOOKS = join(ROOT, 'runbooks');

/** Every runbook id, by the folder that holds it. */
const EXPECTED: Record<string, string[]> = {
  demo: ['demo-folder-restore'],
  smartvet: ['smartvet-database-restore', 'smartvet-redeploy-release', 'smartvet-asset-restore'],
  kinect: ['kinect-database-corruption', 'kinect-service-failure', 'kinect-platform-failure', 'kinect-monthly-restore-test'],
  cotai: ['cotai-postgres-primary-failure', 'cotai-mongodb-failure', 'cotai-application-server-failure', 'cotai-complete-system-failure'],
  'pet-to-you': [
    'pet-to-you-postgres-pitr',
    'pet-to-you-postgres-snapshot-restore',
    'pet-to-you-mongodb-recovery',
    'pet-to-you-complete-infrastructure-rebuild',
    'pet-to-you-integrity-verification',
  ],
  keneyapp: [
    'keneyapp-database-failure',
    'keneyapp-application-service-failure',
    'keneyapp-redis-cache-failure',
    'keneyapp-complete-infrastructure-failure',
    'keneyapp-data-corruption',
    'keneyapp-daily-backup',
  ],
};

/** The seed plan each system folder comes from. */
const SEEDS: Record<string, string> = {
  smartvet: '000_7b2041980b8abaf3.txt',
  kinect: '001_2549ec33d7ec30d6.txt',
  cotai: '002_33540f8ec0fc8b1e.txt',
  'pet-to-you': '003_01c2efcb17a9e9ac.txt',
  keneyapp: '004_679c0a3f09b15a03.txt',
};

const SYSTEMS: Record<string, string> = { demo: 'demo', smartvet: 'SmartVet', kinect: 'Kinect', cotai: 'CotAi', 'pet-to-you': 'Pet to You', keneyapp: 'KeneyApp' };

interface RawStep {
  id: string;
  run?: string;
  confirm?: string;
  only?: string;
  on_resume?: string;
  input?: { var: string; secret?: boolean };
}
interface RawRunbook {
  id: string;
  source?: string;
  system: string;
  objectives: { rto: string; rpo?: string };
  vars?: Record<string, { secret?: boolean; env?: string; default?: unknown; drill?: unknown }>;
  escalation?: { after: string; to: string }[];
  updates?: { every: string };
  steps?: RawStep[];
  phases?: { title: string; estimate?: string; steps: RawStep[] }[];
}
interface RunbookFile {
  file: string;
  folder: string;
  text: string;
  runbook: RawRunbook;
  steps: RawStep[];
}

function loadRunbooks(): RunbookFile[] {
  const out: RunbookFile[] = [];
  for (const folder of readdirSync(RUNBOOKS, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(join(RUNBOOKS, folder.name))) {
      if (!/\.ya?ml$/.test(name)) continue;
      const file = join(RUNBOOKS, folder.name, name);
      const text = readFileSync(file, 'utf8');
      const runbook = parse(text) as RawRunbook;
      const steps = runbook.steps ?? (runbook.phases ?? []).flatMap((phase) => phase.steps);
      out.push({ file: relative(ROOT, file), folder: folder.name, text, runbook, steps });
    }
  }
  return out;
}

const files = loadRunbooks();
const seedFiles = files.filter((f) => f.folder !== 'demo');

/** Every `scheme://user:password@host` in a text whose password is not a `${VAR}` reference. */
function literalPasswords(text: string): string[] {
  const found: string[] = [];
  for (const [url] of text.matchAll(/[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s'"`()<>]+/g)) {
    const authority = url.slice(url.indexOf('://') + 3).split('/')[0] ?? '';
    const at = authority.lastIndexOf('@');
    if (at < 0) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    if (!/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(userinfo.slice(colon + 1))) found.push(url);
  }
  return found;
}

describe('bundled runbooks', () => {
  it('all validate', () => {
    const result = drp(['validate', 'runbooks']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const total = Object.values(EXPECTED).flat().length;
    expect(result.stdout.trim()).toBe(`${total} runbooks valid`);
  });

  it('list every seed system and the demo, with exactly the expected ids', () => {
    const result = drp(['list', 'runbooks', '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { id: string; system: string; file: string }[];
    expect(new Set(listed.map((r) => r.system))).toEqual(new Set(Object.values(SYSTEMS)));
    expect(listed.map((r) => r.id).sort()).toEqual(Object.values(EXPECTED).flat().sort());
    for (const [folder, ids] of Object.entries(EXPECTED)) {
      const inFolder = listed.filter((r) => r.file.startsWith(`runbooks/${folder}/`));
      expect(inFolder.map((r) => r.id).sort(), folder).toEqual([...ids].sort());
      for (const r of inFolder) {
        expect(r.system, r.file).toBe(SYSTEMS[folder]);
        // the file is named after the scenario: <system folder>/<id without the system prefix>.yaml
        if (folder !== 'demo') expect(r.file).toBe(`runbooks/${folder}/${r.id.slice(folder.length + 1)}.yaml`);
      }
    }
  });

  it('start with the schema comment and name their id and source seed explicitly', () => {
    expect(seedFiles.length).toBe(Object.values(EXPECTED).flat().length - 1);
    for (const { file, folder, text, runbook } of seedFiles) {
      expect(text.split('\n')[0], file).toBe('# yaml-language-server: $schema=../../schema/runbook.schema.json');
      expect(text, file).toMatch(/^drp: 1$/m);
      expect(text, file).toMatch(new RegExp(`^id: ${runbook.id}$`, 'm'));
      expect(runbook.source, file).toContain(`seeds/${SEEDS[folder]}`);
    }
  });

  it('never hold a literal password in a URL', () => {
    for (const { file, text } of files) expect(literalPasswords(text), file).toEqual([]);
    // the check itself catches what it must
    expect(literalPasswords('MONGODB_URI="mongodb+srv://kinect-admin:password@kinect-production.mongodb.net"')).toHaveLength(1);
    expect(literalPasswords('postgresql://keneyapp:pass@secondary-db:5432/keneyapp')).toHaveLength(1);
    expect(literalPasswords('postgresql://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app and https://example.com/a@b')).toEqual([]);
  });

  it('take connection strings, passwords and tokens only as secrets, never with a value in the file', () => {
    const secretName = /(DATABASE_URL|_URI|PASSWORD|TOKEN|SECRET|API_KEY)$/;
    for (const { file, runbook, steps } of files) {
      for (const [name, spec] of Object.entries(runbook.vars ?? {})) {
        if (secretName.test(name)) expect(spec.secret, `${file}: ${name}`).toBe(true);
        if (spec.secret) {
          expect(spec.default, `${file}: ${name}`).toBeUndefined();
          expect(spec.drill, `${file}: ${name}`).toBeUndefined();
          expect(spec.env, `${file}: ${name}`).toBeDefined();
        }
      }
      for (const step of steps) {
        if (step.input && secretName.test(step.input.var)) expect(step.input.secret, `${file}: ${step.id}`).toBe(true);
      }
    }
  });

  it('make the operator confirm every destructive command', () => {
    const destructive = /FLUSHALL|--drop\b|DELETE FROM|promote|route53 change-resource-record-sets|terraform apply/i;
    let seen = 0;
    for (const { file, steps } of files) {
      const dangerous = steps.filter((step) => step.run !== undefined && destructive.test(step.run));
      if (dangerous.length > 0) expect(steps.some((step) => step.confirm !== undefined), file).toBe(true);
      for (const step of dangerous) {
        seen++;
        expect(step.confirm, `${file}: step ${step.id}`).toBeTruthy();
      }
    }
    // today: FLUSHALL, 3× --drop, DELETE FROM, 3× promote, 2× Route 53, terraform apply
    expect(seen).toBeGreaterThanOrEqual(11);
  });

  it('never promote a database or switch DNS twice, nor in a drill', () => {
    const once = /pg_promote|pg_ctl promote|promote\.sh|route53 change-resource-record-sets|FLUSHALL|DELETE FROM/;
    for (const { file, steps } of files) {
      for (const step of steps.filter((s) => s.run !== undefined && once.test(s.run))) {
        expect(step.on_resume, `${file}: step ${step.id}`).toBe('skip');
        if (!/FLUSHALL/.test(step.run ?? '')) expect(step.only, `${file}: step ${step.id}`).toBe('incident');
      }
    }
  });

  it('carry the escalation levels and update cadence of the plans that state them', () => {
    for (const { file, folder, runbook } of seedFiles) {
      if (folder === 'pet-to-you') {
        expect(runbook.escalation?.map((e) => e.after), file).toEqual(['0m', '30m', '2h', '4h']);
      }
      if (folder === 'keneyapp' && runbook.id !== 'keneyapp-daily-backup') {
        expect(runbook.escalation?.map((e) => e.after), file).toEqual(['0m', '15m', '30m', '1h']);
        expect(runbook.updates?.every, file).toBe('30m');
      }
    }
  });

  it('time the Pet to You rebuild in its five phases', () => {
    const rebuild = files.find((f) => f.runbook.id === 'pet-to-you-complete-infrastructure-rebuild');
    expect(rebuild?.runbook.phases?.map((p) => p.estimate)).toEqual(['2h', '3h', '2h', '1h', '30m']);
  });
});
