/**
 * Check runners by kind, loaded only when a runbook uses them (the drivers are heavy and
 * `validate` must not load them). Adding a check is adding a file and a line here.
 */
import type { CheckKind, Check } from '../runbook/schema.js';
import type { Runner } from './types.js';

type CheckConfig<K extends CheckKind> = NonNullable<Check[K]>;

const loaders: { [K in CheckKind]: () => Promise<Runner<CheckConfig<K>>> } = {
  postgres: async () => (await import('./postgres.js')).postgresRunner,
  mongodb: async () => (await import('./mongodb.js')).mongodbRunner,
  s3: async () => (await import('./s3.js')).s3Runner,
  http: async () => (await import('./http.js')).httpRunner,
  tcp: async () => (await import('./tcp.js')).tcpRunner,
};

/** The runner for a check kind. */
export function checkRunner<K extends CheckKind>(kind: K): Promise<Runner<CheckConfig<K>>> {
  return loaders[kind]();
}
