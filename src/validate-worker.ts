/** Worker thread entry of `drp validate` for many files: checks its slice and posts the verdicts back. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile } from './commands/validate-files.js';

parentPort?.postMessage((workerData as string[]).map(checkFile));
