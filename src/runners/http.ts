import type { HttpCheck } from '../runbook/schema.js';
import type { Runner } from './types.js';

/** Not built yet (issue: built-in checks): fails with a message saying so, never passes. */
export const httpRunner: Runner<HttpCheck> = {
  run: async () => ({ ok: false, summary: 'the http check is not available in this build of drp yet' }),
};
