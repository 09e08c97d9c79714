/** Which values are secrets in a session (SPEC §3), gathered from its variables and the environment. */
import { Redactor, SECRET_ENV_NAME, uriPassword } from '../session/redact.js';
import type { ResolvedVar } from './vars.js';

/** The redactor for a session: secret variables, passwords inside any URI value, and env vars named like secrets. */
export function sessionRedactor(values: ReadonlyMap<string, ResolvedVar>, env: NodeJS.ProcessEnv): Redactor {
  const secrets: string[] = [];
  for (const { value, secret } of values.values()) {
    if (secret && value) secrets.push(value);
    const password = uriPassword(value);
    if (password) secrets.push(password);
  }
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_ENV_NAME.test(name)) secrets.push(value);
    const password = uriPassword(value);
    if (password) secrets.push(password);
  }
  return new Redactor(secrets);
}
