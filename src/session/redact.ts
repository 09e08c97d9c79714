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

/**
 * A terminal escape sequence, which a terminal does not print: CSI (colours, cursor moves) or a
 * two-byte ESC sequence. `grep --color` highlighting a word inside a secret puts one between its
 * characters, and the terminal still shows the whole secret. Bounded, so that a stray ESC can
 * never make a stream hold back output without end.
 */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ESCAPES = /\x1b(?:\[[0-?]{0,32}[ -/]{0,8}[@-~]|[@-Z\\-_])/g;
/** The same, matched only where it is asked to start. */
const ESCAPE_AT = new RegExp(ESCAPES.source, 'y');
/** An escape sequence still open at the end of a text: its final byte is yet to come. */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const OPEN_ESCAPE = /\x1b(?:\[[0-?]{0,32}[ -/]{0,8})?$/;
/** Longer than any sequence ESCAPE or OPEN_ESCAPE matches. */
const ESCAPE_MAX = 48;

/** Every form of a secret that could appear in output. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  for (const form of urlForms(secret)) forms.add(form);
  for (const form of jsonForms(secret)) forms.add(form);
  const bytes = Buffer.from(secret, 'utf8');
  // The secret base64-encoded on its own (`printf %s "$S" | base64`), padding and all.
  const whole = bytes.toString('base64');
  forms.add(whole);
  forms.add(whole.replace(/\+/g, '-').replace(/\//g, '_'));
  forms.add(whole.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
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

/** URL-encoded: encodeURIComponent, the stricter RFC 3986 form (Python's quote), `+` for spaces, lower-case hex. */
function urlForms(secret: string): string[] {
  let component: string;
  try {
    component = encodeURIComponent(secret);
  } catch {
    return []; // a lone surrogate cannot be URL-encoded, so it never appears URL-encoded either
  }
  const strict = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const forms = [component, strict].flatMap((form) => [form, form.replace(/%20/g, '+')]);
  return [...forms, ...forms.map((form) => form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))];
}

/** JSON-escaped: as JavaScript writes it, with non-ASCII as \uXXXX (Python's default), with <>& escaped too (Go's), with \/ (PHP's). */
function jsonForms(secret: string): string[] {
  const js = JSON.stringify(secret).slice(1, -1);
  const unicode = (pattern: RegExp) => (text: string) => text.replace(pattern, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const ascii = unicode(/[\u007f-\uffff]/g)(js);
  return [js, ascii, unicode(/[<>&]/g)(js), unicode(/[<>&]/g)(ascii), js.replace(/\//g, '\\/')];
}

/** Masks a fixed set of secrets in text. */
export class Redactor {
  /** Every form, longest first: where two match at one place, the longer wins. */
  private readonly pattern: RegExp | undefined;
  /** Length of the longest form: how much a stream must hold back to catch a split secret. */
  readonly longest: number;

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) for (const form of secretForms(secret)) forms.add(form);
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.longest = sorted[0]?.length ?? 0;
    if (sorted.length > 0) this.pattern = new RegExp(sorted.map(escapeRegex).join('|'), 'g');
  }

  /** Whether there is anything to mask at all. */
  get active(): boolean {
    return this.pattern !== undefined;
  }

  /** The text with every secret form replaced by ***. */
  redact(text: string): string {
    return this.mask(text, false).text;
  }

  /**
   * For a stream: masks what is decided and says where that ends. The rest is not decided yet:
   * a form could begin where fewer than `longest` printed characters follow, or inside an escape
   * sequence still open at the end, and the next chunk could change how it is masked.
   */
  release(text: string): { text: string; end: number } {
    return this.mask(text, true);
  }

  private mask(text: string, streaming: boolean): { text: string; end: number } {
    const pattern = this.pattern;
    if (!pattern) return { text, end: text.length };
    const tail = Math.max(0, text.length - ESCAPE_MAX);
    const open = streaming && text.includes('\x1b', tail) ? OPEN_ESCAPE.exec(text.slice(tail)) : null;
    const decided = open ? tail + open.index : text.length;
    // Secrets are looked for in the text as a terminal prints it (escape sequences left out),
    // and each match is mapped back to where its first and last characters are in `text`.
    const view = text.includes('\x1b') ? printed(text, decided) : undefined;
    const visible = view ? view.visible : text;
    const toText = (index: number): number => (view ? view.toText(index) : index);
    const from = streaming ? visible.length - (this.longest - 1) : visible.length;
    let limit = from <= 0 ? (visible.length === 0 ? decided : toText(0)) : from < visible.length ? toText(from) : decided;
    // Never split a surrogate pair: half a character would reach the log as U+FFFD.
    const code = text.charCodeAt(limit - 1);
    if (limit > 0 && code >= 0xd800 && code <= 0xdbff) limit--;
    let out = '';
    let last = 0;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(visible); match; match = pattern.exec(visible)) {
      const start = toText(match.index);
      if (start >= limit) break;
      const end = toText(match.index + match[0].length - 1) + 1;
      // Escape sequences inside a masked secret are kept, so colours end as they would have.
      out += text.slice(last, start) + MASK + (view ? (text.slice(start, end).match(ESCAPES)?.join('') ?? '') : '');
      last = end;
    }
    const end = Math.max(limit, last);
    return { text: out + text.slice(last, end), end };
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
 * Redacts a stream of text chunks exactly as if the whole stream were redacted at once: the text
 * from where a secret could still begin (Redactor.release) is held back raw and released with
 * the next chunk. Raw, not masked: masking a prefix of a longer form early would let the rest
 * of that form through.
 */
export class StreamRedactor {
  private carry = '';

  constructor(private readonly redactor: Redactor) {}

  /** The redacted text that is safe to release now. */
  push(chunk: string): string {
    if (!this.redactor.active) return chunk;
    const text = this.carry + chunk;
    const { text: released, end } = this.redactor.release(text);
    this.carry = text.slice(end);
    return released;
  }

  /** Whatever was held back, at the end of the stream. */
  end(): string {
    const rest = this.redactor.redact(this.carry);
    this.carry = '';
    return rest;
  }
}

/**
 * The characters of `text` before `end` that a terminal prints (escape sequences left out), and
 * where the character at a printed index is in `text`: kept as runs, not per character, so the
 * output of a colourful command costs little more than plain output.
 */
function printed(text: string, end: number): { visible: string; toText: (index: number) => number } {
  const parts: string[] = [];
  const starts: number[] = [];
  const offsets: number[] = [];
  let length = 0;
  let last = 0;
  const run = (to: number): void => {
    if (to <= last) return;
    starts.push(length);
    offsets.push(last);
    parts.push(text.slice(last, to));
    length += to - last;
  };
  for (let at = text.indexOf('\x1b'); at >= 0 && at < end; at = text.indexOf('\x1b', at + 1)) {
    ESCAPE_AT.lastIndex = at;
    const escape = ESCAPE_AT.exec(text);
    if (!escape) continue;
    run(at);
    last = at + escape[0].length;
  }
  run(end);
  const toText = (index: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= index) low = mid;
      else high = mid - 1;
    }
    return (offsets[low] ?? 0) + index - (starts[low] ?? 0);
  };
  return { visible: parts.join(''), toText };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
