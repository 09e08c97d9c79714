/** `drp config get|set KEY [VALUE]`: the operator name, the runbook folder, the reports folder. */
import { resolve } from 'node:path';
import { CONFIG_HELP, CONFIG_KEYS, getConfig, isConfigKey, setConfig, type ConfigKey } from '../config.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../runbook/suggest.js';

function key(word: string): ConfigKey {
  if (isConfigKey(word)) return word;
  throw new UsageError(`unknown setting "${word}"; ${didYouMean(word, CONFIG_KEYS, 'one of')}`, CONFIG_KEYS.map((k) => `  ${k}: ${CONFIG_HELP[k]}`).join('\n'));
}

export async function configCommand(action: string, name: string, value: string | undefined): Promise<number> {
  if (action === 'get') {
    if (value !== undefined) throw new UsageError('drp config get takes a setting, not a value', `Did you mean: drp config set ${name} ${value}`);
    const current = getConfig(key(name));
    if (current !== undefined) process.stdout.write(`${current}\n`);
    // Unset is not an error: scripts read `$(drp config get reports)` and fall back themselves.
    return 0;
  }
  if (action === 'set') {
    const k = key(name);
    if (value === undefined) throw new UsageError(`drp config set ${k} needs a value`, `For example: drp config set ${k} ${k === 'operator' ? '"Jane Doe"' : `./${k}`} (an empty "" resets it)`);
    // A folder is kept absolute: `drp config set reports ./out` means this ./out, from wherever drp runs later.
    await setConfig(k, (k === 'runbooks' || k === 'reports') && value !== '' ? resolve(value) : value);
    return 0;
  }
  throw new UsageError(`unknown config action "${action}"; ${didYouMean(action, ['get', 'set'], 'one of')}`);
}
