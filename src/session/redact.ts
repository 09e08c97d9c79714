/**
 * Masking secrets (SPEC §3) in everything drp shows or keeps: the screen, the journal, the logs
 * and the reports. A secret is masked in its plain, URL-encoded, JSON-escaped and base64 forms,
 * also when a stream splits it across chunks (see StreamRedactor).
 */
export const MASK = '***';

/** Secrets shorter than this are not masked: masking "a" would destroy all output and hide nothing. */
export const MIN_SECRET_LENGTH = 4;

/** Environment variables whose values are secrets by their name. */
export const SECRET_ENV_NAME = /(_SECRET|_PASSWORD|_TOKEN|_PRIVATE_KEY|_ACCESS_KEY|_CONNECTION_STRING)$|^(PGPASSWORD|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)$/i;

/** The password inside a connection URI (`scheme://user:password@host`), if it has one. */
export function uriPassword(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:([^@/?#\s]+)@/i.exec(value);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** Every form of a secret that could appear in output. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const bytes = Buffer.from(secret, 'utf8');
  // base64 of a secret inside longer data depends on its offset modulo 3: take the characters
  // that only the secret's bytes determine, for each of the three alignments.
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil(offset / 3) * 4;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    const core = encoded.slice(start, end);
    if (core.length >= 8) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  // A multi-line secret (a PEM key) is also masked line by line.
  if (secret.includes('\n')) for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 8) forms.add(line.trim());
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** Masks a fixed set of secrets in text. */
export class Redactor {
  private readonly pattern: RegExp | undefined;
  /** Length of the longest form: how much a stream must hold back to catch a split secret. */
  readonly longest: number;

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) for (const form of secretForms(secret)) forms.add(form);
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.longest = sorted[0]?.length ?? 0;
    this.pattern = sorted.length > 0 ? new RegExp(sorted.map(escapeRegex).join('|'), 'g') : undefined;
  }

  /** Whether there is anything to mask at all. */
  get active(): boolean {
    return this.pattern !== undefined;
  }

  /** The text with every secret form replaced by ***. */
  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, MASK) : text;
  }

  /** Redacts every string inside a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (!this.pattern) return value;
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.redactDeep(item)])) as T;
    }
    return value;
  }
}

/**
 * Redacts a stream of text chunks: holds back the last `longest - 1` characters of each chunk
 * (a secret may begin there and end in the next chunk) and releases them with the next one.
 */
export class StreamRedactor {
  private carry = '';

  constructor(private readonly redactor: Redactor) {}

  /** The redacted text that is safe to release now. */
  push(chunk: string): string {
    if (!this.redactor.active) return chunk;
    const text = this.redactor.redact(this.carry + chunk);
    const keep = Math.min(text.length, this.redactor.longest - 1);
    // Hold back only what could still be the start of a secret.
    this.carry = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** Whatever was held back, at the end of the stream. */
  end(): string {
    const rest = this.redactor.redact(this.carry);
    this.carry = '';
    return rest;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
