// SPEC §5: CLI start (--version, --help, validate ONE.yaml) against `node -e 0`, and validate of
// 1,000 runbooks.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { measure, repeat, ROOT, tempDir } from './lib.mjs';

export function benchStart() {
  const time = (args) => repeat(15, () => measure(process.execPath, args).wallMs);
  const floor = time(['-e', '0']);
  const rows = [
    ['drp --version', time(['bin/drp', '--version'])],
    ['drp --help', time(['bin/drp', '--help'])],
    ['drp validate ONE.yaml', time(['bin/drp', 'validate', 'runbooks/keneyapp/database-failure.yaml'])],
  ];
  const dir = tempDir();
  const bundled = join(ROOT, 'runbooks');
  const perCopy = readdirSync(bundled, { recursive: true }).filter((name) => String(name).endsWith('.yaml')).length;
  for (let i = 0; i < Math.ceil(1000 / perCopy); i++) {
    mkdirSync(join(dir, `copy-${i}`));
    cpSync(bundled, join(dir, `copy-${i}`), { recursive: true });
  }
  const thousand = repeat(3, () => measure(process.execPath, ['bin/drp', 'validate', dir]).wallMs);
  const count = readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith('.yaml')).length;
  return { floor, rows, thousand, thousandCount: count };
}
