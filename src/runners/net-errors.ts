/**
 * Network failures in an operator's words. Drivers wrap the socket error differently (pg throws
 * it, fetch hides it in `cause`, the MongoDB driver in a server-selection error, Node's happy
 * eyeballs in an AggregateError): look through all of them for the system error code.
 */

const CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
  EADDRNOTAVAIL: 'address not available',
};

/** The first system error code (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`...) inside an error, if any. */
export function errorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || error === null || typeof error !== 'object') return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  const fromCause = errorCode(cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(errors)) for (const inner of errors) if (errorCode(inner, depth + 1)) return errorCode(inner, depth + 1);
  return undefined;
}

/** The innermost message of an error chain: `fetch failed` says nothing, its cause does. */
export function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) {
    current = current.cause;
    if (current instanceof Error && current.message) message = current.message;
  }
  return message;
}

/**
 * "cannot connect to db:5432: connection refused", "cannot resolve host db.internal (DNS lookup
 * failed)", "TLS error talking to api:443: certificate has expired", or undefined when the error
 * is not a network one.
 */
export function describeNetworkError(error: unknown, target: string): string | undefined {
  const code = errorCode(error);
  if (!code) return undefined;
  const host = target.replace(/:\d+$/, '');
  if (code === 'ENOTFOUND') return `cannot resolve host ${host} (DNS lookup failed)`;
  if (code === 'EAI_AGAIN') return `cannot resolve host ${host} (DNS server did not answer)`;
  const words = CODES[code];
  if (words) return `cannot connect to ${target}: ${words}`;
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET/.test(code)) {
    return `TLS error talking to ${target}: ${innermostMessage(error)} (${code})`;
  }
  return undefined;
}
