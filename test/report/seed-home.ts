/** A DRP_HOME holding recorded sessions, as drp left them: sessions/<id>/journal.jsonl. */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli.js';

/** The recorded journals a seeded home holds (the killed copy shares its id with the resumed one). */
export const SEEDED = ['demo-drill', 'demo-drill-rto-miss', 'shop-restore-resumed'] as const;

/** The session id a fixture journal was recorded under. */
export function sessionIdOf(fixture: string): string {
  const first = readFileSync(join(ROOT, 'test', 'fixtures', 'journals', `${fixture}.jsonl`), 'utf8').split('\n')[0]!;
  return (JSON.parse(first) as { session: string }).session;
}

/** A new DRP_HOME with the seeded sessions in it. */
export function seededHome(): string {
  const home = tempDir('drp-report-home-');
  for (const fixture of SEEDED) {
    const dir = join(home, 'sessions', sessionIdOf(fixture));
    mkdirSync(join(dir, 'output'), { recursive: true });
    copyFileSync(join(ROOT, 'test', 'fixtures', 'journals', `${fixture}.jsonl`), join(dir, 'journal.jsonl'));
  }
  return home;
}
