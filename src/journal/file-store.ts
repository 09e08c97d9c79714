/**
 * The journal as JSONL on the local disk: each event written with fs.writeSync and fsync'd
 * before append returns (a createWriteStream would lose buffered records on kill -9).
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DrpError } from '../errors.js';
import type { SessionEvent } from '../session/events.js';
import { JournalWriteError, type JournalStore, type Lock, type Replayed } from './store.js';

export const JOURNAL_FILE = 'journal.jsonl';
const LOCK_FILE = 'lock';

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
  static create(dir: string): FileJournal {
    try {
      mkdirSync(join(dir, 'output'), { recursive: true });
      writeFileSync(join(dir, JOURNAL_FILE), '', { flag: 'wx' });
    } catch (error) {
      throw writeError(error, dir);
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
      throw writeError(error, this.path);
    }
  }

  /** Opens the journal for appending, first cutting a torn last line so the next event starts on a line of its own. */
  private openForAppend(): number {
    const fd = openSync(this.path, 'r+');
    const size = fstatSync(fd).size;
    if (size > 0) {
      const tailLength = Math.min(size, 1 << 20);
      const tail = Buffer.alloc(tailLength);
      readSync(fd, tail, 0, tailLength, size - tailLength);
      if (tail[tailLength - 1] !== 0x0a) {
        const lastNewline = tail.lastIndexOf(0x0a);
        const keep = lastNewline >= 0 ? size - tailLength + lastNewline + 1 : size > tailLength ? size : 0;
        ftruncateSync(fd, keep);
        fsyncSync(fd);
      }
    }
    closeSync(fd);
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
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(error, path);
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

/** Parses journal text: unreadable lines (a torn last line, garbage) are skipped and counted. */
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
      const event = JSON.parse(line) as SessionEvent;
      if (event && typeof event === 'object' && typeof event.type === 'string' && typeof event.at === 'number') events.push(event);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { events, skipped };
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

function writeError(error: unknown, path: string): JournalWriteError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission denied'
        : code === 'EDQUOT'
          ? 'the disk quota is exceeded'
          : (error as Error).message;
  return new JournalWriteError(`cannot write the session journal (${path}): ${why}`, code);
}

/** Whether a session folder exists. */
export function sessionExists(dir: string): boolean {
  return existsSync(join(dir, JOURNAL_FILE));
}
