/** Checking runbook files, one by one or spread over worker threads when there are many. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DrpError } from '../errors.js';
import { displayPath } from '../files.js';
import { readRunbook } from '../read-runbook.js';
import { formatProblem, RunbookError } from '../runbook/problem.js';

/** What checking one file found: nothing, or the lines to print. */
export type FileVerdict = string[] | undefined;

/** Below this many files a worker's start-up costs more than it saves. */
const PARALLEL_FROM = 64;

/** The problems of one file as `file:line:col: message` lines, or undefined when it is valid. */
export function checkFile(file: string): FileVerdict {
  try {
    readRunbook(file);
    return undefined;
  } catch (error) {
    if (!(error instanceof DrpError || error instanceof RunbookError)) throw error;
    if (error instanceof RunbookError) return error.problems.map((problem) => formatProblem(displayPath(file), problem));
    // readText's messages already start with the file's name.
    return [error.message.startsWith(file) ? `${displayPath(file)}${error.message.slice(file.length)}` : `${displayPath(file)}: ${error.message}`];
  }
}

/**
 * Every file's verdict, in the files' order. Many files are split into contiguous slices checked
 * by worker threads (parsing YAML is CPU-bound; `drp validate` of 1,000 runbooks has a budget of
 * 3 s). `workerUrl` is the bundled worker entry; without it, or for few files, one thread does all.
 */
export async function checkFiles(files: string[], workerUrl?: URL): Promise<FileVerdict[]> {
  const threads = Math.min(availableParallelism(), 8);
  if (!workerUrl || files.length < PARALLEL_FROM || threads < 2) return files.map(checkFile);
  const size = Math.ceil(files.length / threads);
  const slices = Array.from({ length: threads }, (_, i) => files.slice(i * size, (i + 1) * size)).filter((slice) => slice.length > 0);
  const results = await Promise.all(
    slices.map(
      (slice) =>
        new Promise<FileVerdict[]>((resolve, reject) => {
          const worker = new Worker(workerUrl, { workerData: slice });
          worker.once('message', (verdicts: FileVerdict[]) => resolve(verdicts));
          worker.once('error', reject);
          worker.once('exit', (code) => code !== 0 && reject(new Error(`a validate worker exited with ${code}`)));
        }),
    ),
  );
  return results.flat();
}
