/**
 * The user's settings (SPEC §1: `drp config`), kept with conf. Under $DRP_HOME when it is set, so
 * that tests and separate installs never share a config file; else in the platform's config folder.
 */
import Conf from 'conf';

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

let store: Conf<Settings> | undefined;
let storeHome: string | undefined;

function open(): Conf<Settings> {
  const home = process.env.DRP_HOME;
  // Re-open when DRP_HOME changes: tests in one process point it at different folders.
  if (!store || storeHome !== home) {
    store = new Conf<Settings>(home ? { projectName: 'drp', cwd: home } : { projectName: 'drp' });
    storeHome = home;
  }
  return store;
}

/** Whether a word is a setting's name. */
export function isConfigKey(key: string): key is ConfigKey {
  return (CONFIG_KEYS as readonly string[]).includes(key);
}

/** A setting's value, or undefined when it was never set. */
export function getConfig(key: ConfigKey): string | undefined {
  const value = open().get(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Sets a setting; an empty value removes it (back to the default). */
export function setConfig(key: ConfigKey, value: string): void {
  if (value === '') open().delete(key);
  else open().set(key, value);
}

/** Where the config file is. */
export function configPath(): string {
  return open().path;
}
