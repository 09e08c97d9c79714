/** One thing wrong with a runbook, located in its source (1-based line and column). */
export interface Problem {
  line: number;
  col: number;
  message: string;
}

/** `file:line:col: message`, the form editors and terminals turn into links. */
export function formatProblem(file: string, problem: Problem): string {
  return `${file}:${problem.line}:${problem.col}: ${problem.message}`;
}

/** A runbook that cannot be played, with every problem found in it. Exit code 2 (SPEC §1). */
export class RunbookError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(problems.map((problem) => formatProblem(file, problem)).join('\n'));
    this.name = 'RunbookError';
  }
}
