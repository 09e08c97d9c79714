/** Finding runbook files on disk: files as given, folders searched recursively for *.yaml / *.yml. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig } from './config.js';
import { UsageError } from './errors.js';

/** The runbooks shipped with drp (runbooks/ at the package root). */
export const BUNDLED_RUNBOOKS = join(packageRoot(), 'runbooks');

/** drp's own folder: the nearest one up from this module with a package.json (src/ in tests, dist/chunks/ when built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(dirname(fileURLToPath(import.meta.url)), '..');
    dir = parent;
  }
  return dir;
}

/** The folder to look in when none is given: the `runbooks` setting, else ./runbooks if there is one, else the bundled runbooks. */
export function defaultRunbookDir(configured = getConfig('runbooks')): string {
  if (configured) return configured;
  return existsSync('runbooks') && statSync('runbooks').isDirectory() ? 'runbooks' : BUNDLED_RUNBOOKS;
}

/** Every runbook file under the given paths, sorted, each once. */
export function findRunbookFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`${path}: no such file or folder`);
    if (statSync(path).isDirectory()) walk(path, found);
    else found.add(path);
  }
  return [...found].sort();
}

function walk(dir: string, found: Set<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (/\.ya?ml$/i.test(entry.name)) found.add(path);
  }
}

/** A path as the user should see it: relative to the working directory when that is shorter. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.length < path.length && !rel.startsWith('..') ? rel : path;
}
