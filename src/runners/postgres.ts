import type { PostgresCheck } from '../runbook/schema.js';
import type { Runner } from './types.js';

/** Not built yet (issue: built-in checks): fails with a message saying so, never passes. */
export const postgresRunner: Runner<PostgresCheck> = {
  run: async () => ({ ok: false, summary: 'the postgres check is not available in this build of drp yet' }),
};
