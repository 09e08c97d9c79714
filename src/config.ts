/**
 * The user's settings (SPEC §1: `drp config`), kept with conf. Under $DRP_HOME when it is set, so
 * that tests and separate installs never share a config file; else in the platform's config folder.
 *
 * Reading does not load conf: every `drp run` and the TUI's first frame read a setting, and conf
 * (with ajv behind it) costs 65-85 ms to import here. conf keeps plain JSON at a known path
 * (`<cwd>/config.json`, cwd being conf's default from env-paths), which is read directly; writing
 * goes through conf (`drp config set` only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import type Conf from 'conf';

/** Every setting there is. */
export const CONFIG_KEYS = ['operator', 'runbooks', 'reports'] as const;
/** A setting's name. */
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** What each setting means, for `drp config --help` and error hints. */
export const CONFIG_HELP: Record<ConfigKey, string> = {
  operator: 'your name, recorded in journals and reports (default: the login name)',
  runbooks: 'the runbook folder (default: ./runbooks, else the bundled runbooks)',
  reports: 'where reports are written at the end of a run (default: ./reports)',
};

type Settings = Partial<Record<ConfigKey, string>>;

/** The folder conf keeps the file in (its own default when DRP_HOME is not set). */
function configDir(): string {
  return process.env.DRP_HOME ?? envPaths('drp', { suffix: 'nodejs' }).config;
}

async function open(): Promise<Conf<Settings>> {
  const { default: Store } = await import('conf');
  const home = process.env.DRP_HOME;
  return new Store<Settings>(home ? { projectName: 'drp', cwd: home } : { projectName: 'drp' });
}

/** Whether a word is a setting's name. */
export function isConfigKey(key: string): key is ConfigKey {
  return (CONFIG_KEYS as readonly string[]).includes(key);
}

/** A setting's value, or undefined when it was never set (or the file cannot be read). */
export function getConfig(key: ConfigKey): string | undefined {
  let settings: unknown;
  try {
    settings = JSON.parse(readFileSync(configPath(), 'utf8'));
  } catch {
    return undefined;
  }
  const value = settings !== null && typeof settings === 'object' ? (settings as Settings)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Sets a setting; an empty value removes it (back to the default). */
export async function setConfig(key: ConfigKey, value: string): Promise<void> {
  const store = await open();
  if (value === '') store.delete(key);
  else store.set(key, value);
}

/** Where the config file is. */
export function configPath(): string {
  return join(configDir(), 'config.json');
}
