/**
 * A step's output: bytes in, decoded per stream (a UTF-8 character split across chunks stays
 * whole), secrets masked (also when split across chunks), the whole log on disk, and only a
 * bounded tail of lines in memory (STYLE habit 3).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { OutputLine } from '../session/events.js';
import { StreamRedactor, type Redactor } from '../session/redact.js';
import type { OutputSink } from '../runners/types.js';

/** Lines kept in memory per step: enough for the screen and the report's last 20. */
export const TAIL_LINES = 200;
/** A line longer than this is cut in the tail (the log keeps it whole). */
export const MAX_LINE = 2000;

type Stream = 'stdout' | 'stderr';

// ANSI escapes (colours, cursor moves) are kept in the log and dropped from the tail shown on screen.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export class StepOutput implements OutputSink {
  private readonly fd: number;
  private readonly decoders: Record<Stream, TextDecoder> = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
  private readonly redactors: Record<Stream, StreamRedactor>;
  private readonly partial: Record<Stream, string> = { stdout: '', stderr: '' };
  private lines: OutputLine[] = [];
  /** Bytes written to the log. */
  bytes = 0;
  /** Bumped on every change of the tail: a cheap way for the screen to know it must redraw. */
  version = 0;
  private matched = false;

  constructor(
    logPath: string,
    redactor: Redactor,
    private readonly expectOutput?: RegExp,
    header?: string,
    /** Called with each piece of redacted output as it is released (for a live console). */
    private readonly onText?: (stream: Stream, text: string) => void,
  ) {
    this.fd = openSync(logPath, 'a');
    this.redactors = { stdout: new StreamRedactor(redactor), stderr: new StreamRedactor(redactor) };
    if (header) this.writeLog(header);
  }

  write(stream: Stream, chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoders[stream].decode(chunk, { stream: true });
    this.release(stream, this.redactors[stream].push(text));
  }

  /** Flushes what was held back and closes the log (fsync'd). Returns the tail. */
  end(): OutputLine[] {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].decode();
      this.release(stream, this.redactors[stream].push(rest) + this.redactors[stream].end());
      if (this.partial[stream] !== '') {
        this.pushLine(stream, this.partial[stream]);
        this.partial[stream] = '';
      }
    }
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return this.tail();
  }

  /** The last lines (at most TAIL_LINES), oldest first. */
  tail(count = TAIL_LINES): OutputLine[] {
    return this.lines.slice(-count);
  }

  /** Whether a line matched the step's `expect.output` regex. */
  get outputMatched(): boolean {
    return this.matched;
  }

  private release(stream: Stream, text: string): void {
    if (text === '') return;
    this.writeLog(text);
    this.onText?.(stream, text);
    this.toTail(stream, text);
  }

  private writeLog(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    this.bytes += bytes.length;
  }

  /** Keeps only what the tail needs: the last TAIL_LINES complete lines of this text and the open line. */
  private toTail(stream: Stream, text: string): void {
    const joined = this.partial[stream] + text;
    const last = joined.lastIndexOf('\n');
    if (last < 0) {
      this.partial[stream] = clip(joined);
      if (this.expectOutput && !this.matched && this.expectOutput.test(joined)) this.matched = true;
      return;
    }
    if (this.expectOutput && !this.matched) {
      for (const line of joined.slice(0, last).split('\n')) {
        if (this.expectOutput.test(line)) {
          this.matched = true;
          break;
        }
      }
    }
    let start = last;
    for (let count = 0; count < TAIL_LINES && start > 0; count++) start = joined.lastIndexOf('\n', start - 1);
    const complete = joined.slice(start + 1, last);
    for (const line of complete.split('\n')) this.pushLine(stream, line);
    this.partial[stream] = clip(joined.slice(last + 1));
    if (this.lines.length > TAIL_LINES * 2) this.lines = this.lines.slice(-TAIL_LINES);
  }

  private pushLine(stream: Stream, line: string): void {
    // A progress bar redraws its line with \r: show what the terminal would show, the last state.
    const shown = line.slice(line.lastIndexOf('\r', line.length - 2) + 1).replace(/\r$/, '').replace(ANSI, '');
    this.lines.push({ stream, text: clip(shown) });
    this.version++;
  }
}

function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}
