import type { MongodbCheck } from '../runbook/schema.js';
import type { Runner } from './types.js';

/** Not built yet (issue: built-in checks): fails with a message saying so, never passes. */
export const mongodbRunner: Runner<MongodbCheck> = {
  run: async () => ({ ok: false, summary: 'the mongodb check is not available in this build of drp yet' }),
};
