/**
 * A step's output: bytes in, decoded per stream (a UTF-8 character split across chunks stays
 * whole), secrets masked (also when split across chunks), the whole log on disk, and only a
 * bounded tail in memory (STYLE habit 3). Lines are only split when the tail is read (a screen
 * reads it ~15 times a second; a command may print gigabytes in between).
 */
import { closeSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { recordWriteError } from '../journal/file-store.js';
import type { JournalWriteError } from '../journal/store.js';
import type { OutputLine } from '../session/events.js';
import { StreamRedactor, type Redactor } from '../session/redact.js';
import type { OutputSink } from '../runners/types.js';

/** Lines a tail holds at most: enough for the screen and the report's last 20. */
export const TAIL_LINES = 200;
/** A line longer than this is cut in the tail (the log keeps it whole). */
export const MAX_LINE = 2000;
/** How much recent text the tail keeps (the last TAIL_LINES lines, unless they are very long). */
const TAIL_CHARS = 64 * 1024;
/** On the fast path, how much of the end of a big chunk is decoded for the tail. */
const FAST_TAIL_BYTES = 16 * 1024;

type Stream = 'stdout' | 'stderr';

// ANSI escapes (colours, cursor moves) are kept in the log and dropped from the tail shown on screen.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export class StepOutput implements OutputSink {
  private readonly fd: number;
  private readonly logPath: string;
  private readonly decoders: Record<Stream, StringDecoder> = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly redactors: Record<Stream, StreamRedactor>;
  /** Recent output in arrival order; old segments are dropped once TAIL_CHARS are kept. */
  /** Recent output: text, or on the fast path the raw bytes, decoded only when the tail is read. */
  private segments: { stream: Stream; text?: string; raw?: Buffer }[] = [];
  private kept = 0;
  /** The open (unterminated) line of each stream, for expect.output matching. */
  private open: Record<Stream, string> = { stdout: '', stderr: '' };
  private readonly fastPath: boolean;
  private syncing = false;
  private closed = false;
  private matched = false;
  /** Bytes written to the log. */
  bytes = 0;
  /** Set when the log could not be written (disk full, I/O error): nothing more is written to it. */
  failure: JournalWriteError | undefined;
  /** Bumped on every change of the tail: a cheap way for a screen to know it must redraw. */
  version = 0;

  constructor(
    logPath: string,
    redactor: Redactor,
    private readonly expectOutput?: RegExp,
    header?: string,
    /** Called with each piece of redacted output as it is released (for a live console). */
    private readonly onText?: (stream: Stream, text: string | Buffer) => void,
    /**
     * Called once when the log cannot be written. A write fails inside a pipe's data handler,
     * where a throw would crash drp with a stack trace and leave the command running unrecorded:
     * the session is told instead, and stops the command and the run.
     */
    private readonly onFailure?: (error: JournalWriteError) => void,
  ) {
    try {
      this.fd = openSync(logPath, 'a');
    } catch (error) {
      throw recordWriteError(error, logPath, 'the output log');
    }
    this.logPath = logPath;
    this.redactors = { stdout: new StreamRedactor(redactor), stderr: new StreamRedactor(redactor) };
    this.fastPath = !redactor.active && expectOutput === undefined;
    if (header) this.writeBytes(Buffer.from(header, 'utf8'));
  }

  write(stream: Stream, chunk: Buffer | string): void {
    if (typeof chunk !== 'string' && this.fastPath) {
      // Nothing to mask and no regex to match: the bytes go to the log as they are, and only the
      // end of the chunk is decoded for the tail (the hot path of a command printing gigabytes).
      this.writeBytes(chunk);
      this.onText?.(stream, chunk);
      // The tail keeps the chunk's bytes as they are (no copy, no string): decoding waits until a
      // screen or the journal reads the tail, a few times a second at most.
      const cut = chunk.length > FAST_TAIL_BYTES;
      if (cut) {
        this.segments = [];
        this.kept = 0;
      }
      const raw = cut ? chunk.subarray(chunk.length - FAST_TAIL_BYTES) : chunk;
      this.segments.push({ stream, raw });
      this.kept += raw.length;
      this.trim();
      return;
    }
    const text = typeof chunk === 'string' ? chunk : this.decoders[stream].write(chunk);
    this.release(stream, this.redactors[stream].push(text));
  }

  /**
   * Releases what each stream held back (a partial character, the end that could start a
   * secret): at the end of a command, so a retry's output never splices into the last one's.
   */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      this.release(stream, this.redactors[stream].push(rest) + this.redactors[stream].end());
      if (this.expectOutput && !this.matched && this.expectOutput.test(this.open[stream])) this.matched = true;
      this.open[stream] = '';
    }
  }

  /**
   * Makes the log durable up to what is written now, off the main thread, then calls back with
   * that byte count: the journal only claims output that is on disk, and the final fsync at the
   * end of a step has little left to do.
   */
  syncInBackground(done: (bytes: number) => void): void {
    if (this.syncing || this.closed) return;
    this.syncing = true;
    const bytes = this.bytes;
    fsync(this.fd, (error) => {
      this.syncing = false;
      if (!error && !this.closed) done(bytes);
    });
  }

  /** Flushes what was held back and closes the log (fsync'd). Returns the tail. */
  end(): OutputLine[] {
    this.flush();
    this.closed = true;
    try {
      if (!this.failure) fsyncSync(this.fd);
    } catch (error) {
      this.failed(error);
    } finally {
      closeSync(this.fd);
    }
    return this.tail();
  }

  /** The last lines (at most `count`), oldest first, as a terminal shows them, stdout and stderr told apart. */
  tail(count = TAIL_LINES): OutputLine[] {
    const lines: OutputLine[] = [];
    const open: Record<Stream, number | undefined> = { stdout: undefined, stderr: undefined };
    for (const { stream, text } of this.decodedSegments()) {
      const parts = text.split('\n');
      parts.forEach((part, i) => {
        const at = open[stream];
        if (i === 0 && at !== undefined) {
          const line = lines[at];
          if (line) line.text += part;
        } else {
          lines.push({ stream, text: part });
        }
        if (i === parts.length - 1) open[stream] = lines.length - 1;
        else open[stream] = undefined;
      });
      // A segment that ends with \n leaves an empty open line behind: the next one starts fresh.
      if (text.endsWith('\n')) {
        lines.pop();
        open[stream] = undefined;
      }
    }
    return lines.slice(-count).map(({ stream, text }) => ({ stream, text: shown(text) }));
  }

  /** The segments as text; neighbouring raw ones of a stream are decoded together, so a character split between chunks stays whole. */
  private decodedSegments(): { stream: Stream; text: string }[] {
    const out: { stream: Stream; text: string }[] = [];
    let run: { stream: Stream; parts: Buffer[] } | undefined;
    const close = (): void => {
      if (run) out.push({ stream: run.stream, text: Buffer.concat(run.parts).toString('utf8') });
      run = undefined;
    };
    for (const segment of this.segments) {
      if (segment.raw) {
        if (run?.stream !== segment.stream) close();
        run ??= { stream: segment.stream, parts: [] };
        run.parts.push(segment.raw);
      } else {
        close();
        out.push({ stream: segment.stream, text: segment.text ?? '' });
      }
    }
    close();
    return out;
  }

  /** Starts matching `expect.output` afresh for a new attempt of the command. */
  newAttempt(): void {
    this.matched = false;
  }

  /** Whether a line matched the step's `expect.output` regex. */
  get outputMatched(): boolean {
    return this.matched;
  }

  private release(stream: Stream, text: string): void {
    if (text === '') return;
    this.writeBytes(Buffer.from(text, 'utf8'));
    this.onText?.(stream, text);
    if (this.expectOutput && !this.matched) this.match(stream, text);
    this.remember(stream, text);
  }

  private match(stream: Stream, text: string): void {
    const lines = (this.open[stream] + text).split('\n');
    this.open[stream] = (lines.pop() ?? '').slice(-MAX_LINE * 4);
    if (lines.some((line) => this.expectOutput?.test(line))) this.matched = true;
  }

  private remember(stream: Stream, text: string): void {
    if (text === '') return;
    this.segments.push({ stream, text });
    this.kept += text.length;
    this.trim();
  }

  private trim(): void {
    while (this.kept > TAIL_CHARS && this.segments.length > 1) {
      const dropped = this.segments.shift();
      this.kept -= dropped?.raw?.length ?? dropped?.text?.length ?? 0;
    }
    this.version++;
  }

  private writeBytes(bytes: Buffer): void {
    if (this.failure) return;
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    } catch (error) {
      this.failed(error);
    }
    this.bytes += written;
  }

  private failed(error: unknown): void {
    if (this.failure) return;
    this.failure = recordWriteError(error, this.logPath, 'the output log');
    this.onFailure?.(this.failure);
  }
}

/** A line as a terminal would show it: a progress bar's last state (after its last \r), no escape codes, clipped. */
function shown(line: string): string {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  const last = trimmed.slice(trimmed.lastIndexOf('\r') + 1);
  const clean = last.replace(ANSI, '');
  return clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE)}…` : clean;
}
