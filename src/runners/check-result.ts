/**
 * Building a check's RunResult so that no secret can leak through it: every string of the
 * summary and the facts goes through the session's redactor, any URL's password is replaced by
 * ***, and the passwords of the URLs the check was given are masked wherever else they show up
 * (a driver quoting its connection string in an error).
 */
import { MASK, Redactor, uriPassword } from '../session/redact.js';
import type { CheckDetails } from '../session/events.js';
import type { RunContext, RunResult } from './types.js';

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)@/gi;

/** The URL with the password of its user info (`scheme://user:password@host`) replaced by ***. */
export function maskUrl(url: string): string {
  return url.replace(URL_PASSWORD, `$1${MASK}@`);
}

/** A value the journal can store as JSON: dates as ISO text, bytes as their length, bigints as text. */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (depth > 8) return '…';
  if (Array.isArray(value)) return value.map((item) => jsonSafe(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item, depth + 1)]));
}

/** Makes the results of one check attempt, masked. */
export class CheckReporter {
  private readonly passwords: Redactor;

  /** `urls`: the connection URLs the check was given (their passwords are masked everywhere). */
  constructor(
    private readonly kind: string,
    private readonly context: Pick<RunContext, 'redact'>,
    urls: readonly string[] = [],
  ) {
    this.passwords = new Redactor(urls.map(uriPassword).filter((password): password is string => password !== undefined));
  }

  /** Text with URL passwords and the session's secrets masked. */
  mask(text: string): string {
    return this.context.redact(this.passwords.redact(maskUrl(text)));
  }

  /** Every string inside a value, masked. */
  maskDeep(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) return value.map((item) => this.maskDeep(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.maskDeep(item)]));
    }
    return value;
  }

  /** A passing result. */
  pass(summary: string, facts?: Record<string, unknown>, extra: Partial<RunResult> = {}): RunResult {
    return this.result(true, summary, facts, extra);
  }

  /** A failing result. */
  fail(summary: string, facts?: Record<string, unknown>, extra: Partial<RunResult> = {}): RunResult {
    return this.result(false, summary, facts, extra);
  }

  /** Any result (a timeout's, an abort's) with the check details and masking added. */
  result(ok: boolean, summary: string, facts?: Record<string, unknown>, extra: Partial<RunResult> = {}): RunResult {
    const masked = this.mask(summary);
    const check: CheckDetails = { kind: this.kind, summary: masked };
    if (facts) check.facts = this.maskDeep(jsonSafe(facts)) as Record<string, unknown>;
    const result: RunResult = { ...extra, ok, summary: masked, check };
    if (extra.recoveryPoint) result.recoveryPoint = { ...extra.recoveryPoint, source: this.mask(extra.recoveryPoint.source) };
    return result;
  }
}

/**
 * Runs a check so that it never throws: a bug or a driver's unexpected throw becomes a failed
 * result, masked like any other, instead of reaching the engine with a password in its message.
 */
export async function guard(kind: string, context: Pick<RunContext, 'redact'>, urls: readonly string[], run: () => Promise<RunResult>): Promise<RunResult> {
  try {
    return await run();
  } catch (error) {
    return new CheckReporter(kind, context, urls).fail(`the ${kind} check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  }
}
