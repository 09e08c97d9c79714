/**
 * Errors a user can meet, each with a message a tired operator understands and the exit code of
 * SPEC §1. The one top-level handler in cli.ts prints them; nothing else prints a stack trace.
 */
export class DrpError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** What to do next, shown under the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line usage or input: exit 2, nothing executed. */
export class UsageError extends DrpError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** A step failed and the run stopped: exit 1. */
export class StepFailed extends DrpError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
  }
}

/** The operator stopped the run (Ctrl-C, SIGHUP): exit 130, the session stays resumable. */
export class UserAbort extends DrpError {
  constructor(message: string, hint?: string) {
    super(message, 130, hint);
  }
}
