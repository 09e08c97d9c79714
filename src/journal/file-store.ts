/**
 * The journal as JSONL on the local disk: each event written with fs.writeSync and fsync'd
 * before append returns (a createWriteStream would lose buffered records on kill -9).
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DrpError } from '../errors.js';
import type { SessionEvent } from '../session/events.js';
import { isEvent } from './event-shape.js';
import { JournalWriteError, type JournalStore, type Lock, type Replayed } from './store.js';

export const JOURNAL_FILE = 'journal.jsonl';
const LOCK_FILE = 'lock';
/** A torn last line longer than this is cut without trying to read it as an event. */
const MAX_TORN_READ = 4 << 20;

/** Another live process drives this session. */
export class SessionLocked extends DrpError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

export class FileJournal implements JournalStore {
  private fd: number | undefined;
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, JOURNAL_FILE);
  }

  /** Creates the session folder and its empty journal. */
  static create(dir: string, first?: SessionEvent): FileJournal {
    try {
      mkdirSync(join(dir, 'output'), { recursive: true });
      // The journal is born with its first event in one durable write: a kill in between never
      // leaves an empty journal, a session folder that cannot be resumed or reported.
      const fd = openSync(join(dir, JOURNAL_FILE), 'wx');
      try {
        if (first) writeSync(fd, Buffer.from(`${JSON.stringify(first)}\n`, 'utf8'));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      throw recordWriteError(error, dir);
    }
    return new FileJournal(dir);
  }

  append(event: SessionEvent): void {
    const line = `${JSON.stringify(event)}\n`;
    try {
      this.fd ??= this.openForAppend();
      const bytes = Buffer.from(line, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
      fsyncSync(this.fd);
    } catch (error) {
      throw recordWriteError(error, this.path);
    }
  }

  /**
   * Opens the journal for appending. A last line without its newline is a write cut short (kill
   * -9, crash): it was never acknowledged. When it still reads as a whole event it is kept and
   * ended, so the journal stays what a reader saw; otherwise it is cut, so the next event starts
   * on a line of its own instead of being glued to the torn one and lost with it.
   */
  private openForAppend(): number {
    const fd = openSync(this.path, 'r+');
    try {
      const size = fstatSync(fd).size;
      const end = size > 0 ? lastNewline(fd, size) + 1 : 0;
      if (end < size) {
        const torn = Buffer.alloc(Math.min(size - end, MAX_TORN_READ));
        readSync(fd, torn, 0, torn.length, end);
        const whole = torn.length === size - end && parseJournal(torn.toString('utf8')).events.length === 1;
        if (whole) writeSync(fd, '\n', size);
        else ftruncateSync(fd, end);
        fsyncSync(fd);
      }
    } finally {
      closeSync(fd);
    }
    return openSync(this.path, 'a');
  }

  replay(): Replayed {
    const text = readFileSync(this.path, 'utf8');
    return parseJournal(text);
  }

  lock(): Lock {
    const path = join(this.dir, LOCK_FILE);
    const me = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
        return { release: () => releaseLock(path, me.pid) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw recordWriteError(error, path);
      }
      const holder = readLock(path);
      if (holder && holder.host === me.host && !alive(holder.pid)) {
        unlinkSync(path); // stale: its process is gone (kill -9, crash, reboot)
        continue;
      }
      if (!holder) {
        unlinkSync(path);
        continue;
      }
      const where = holder.host === me.host ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
      throw new SessionLocked(
        `this session is being driven by ${where} since ${holder.since}; two processes never drive one session`,
        holder.host === me.host ? `Switch to that terminal, or stop it (kill ${holder.pid}) and resume again.` : `If that machine is gone, remove ${path} and resume again.`,
      );
    }
    throw new SessionLocked(`cannot take the lock ${path}`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Parses journal text: unreadable lines (a torn last line, garbage, NULs, JSON that is not an
 * event, a second session.started) are skipped and counted, never fatal.
 */
export function parseJournal(text: string): Replayed {
  const events: SessionEvent[] = [];
  let skipped = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    try {
      const event: unknown = JSON.parse(line);
      if (isEvent(event, events.length === 0)) events.push(event);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { events, skipped };
}

/** The offset of the file's last newline, or -1: read backwards in blocks, however long the torn tail. */
function lastNewline(fd: number, size: number): number {
  const block = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - block.length);
    const length = readSync(fd, block, 0, end - start, start);
    const at = block.subarray(0, length).lastIndexOf(0x0a);
    if (at >= 0) return start + at;
    end = start;
  }
  return -1;
}

function readLock(path: string): { pid: number; host: string; since: string } | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string; since: string };
    return typeof holder.pid === 'number' ? holder : undefined;
  } catch {
    return undefined;
  }
}

function releaseLock(path: string, pid: number): void {
  try {
    if (readLock(path)?.pid === pid) unlinkSync(path);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A failed write of the record (the journal, an output log) as an operator reads it: the path,
 * and what is wrong in plain words rather than an errno.
 */
export function recordWriteError(error: unknown, path: string, what = 'the session journal'): JournalWriteError {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EFBIG: 'the file is larger than this system allows',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of that path is a file, not a folder',
    ENOENT: 'a folder on that path does not exist',
    EIO: 'an input/output error (the disk may be failing or gone)',
  };
  return new JournalWriteError(`cannot write ${what} (${path}): ${(code && why[code]) ?? (error as Error).message}`, code);
}

/** Whether a session folder exists. */
export function sessionExists(dir: string): boolean {
  return existsSync(join(dir, JOURNAL_FILE));
}
