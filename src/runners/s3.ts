import type { S3Check } from '../runbook/schema.js';
import type { Runner } from './types.js';

/** Not built yet (issue: built-in checks): fails with a message saying so, never passes. */
export const s3Runner: Runner<S3Check> = {
  run: async () => ({ ok: false, summary: 'the s3 check is not available in this build of drp yet' }),
};
