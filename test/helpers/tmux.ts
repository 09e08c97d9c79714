/**
 * The real binary in a real terminal: a tmux server on its own socket (so tests never touch the
 * user's tmux), panes of a fixed size, keys sent as a person would, the screen read back with
 * capture-pane, and every byte the app wrote kept (pipe-pane) to check for clear-screen escapes.
 * Waits poll the screen a bounded number of times.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where tmux is installed here. */
export const TMUX = '/usr/bin/tmux';

export class Tmux {
  readonly socket = `drp-test-${randomBytes(4).toString('hex')}`;

  constructor(
    /** A folder for the raw output logs. */
    private readonly dir: string,
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync(TMUX, ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts a shell command in a new detached session of `width` x `height`; its raw output goes to `<dir>/<name>.raw`. */
  start(name: string, command: string, size: { width: number; height: number } = { width: 100, height: 30 }): void {
    this.tmux('new-session', '-d', '-s', name, '-x', String(size.width), '-y', String(size.height), command);
    this.tmux('pipe-pane', '-o', '-t', name, `cat >> ${join(this.dir, `${name}.raw`)}`);
  }

  /** Sends keys by tmux name (Enter, Space, Down, C-c) or, with `literal`, as text. */
  keys(name: string, ...keys: string[]): void {
    this.tmux('send-keys', '-t', name, ...keys);
  }

  text(name: string, text: string): void {
    this.tmux('send-keys', '-t', name, '-l', text);
  }

  /** The screen as it is now. */
  screen(name: string): string {
    return this.tmux('capture-pane', '-p', '-t', name);
  }

  /** Resizes the window, as a person dragging the terminal's corner. */
  resize(name: string, width: number, height: number): void {
    this.tmux('resize-window', '-t', name, '-x', String(width), '-y', String(height));
  }

  /** Every byte the app wrote to the pane so far. */
  raw(name: string): string {
    try {
      return readFileSync(join(this.dir, `${name}.raw`), 'latin1');
    } catch {
      return '';
    }
  }

  /** Polls the screen (at most `polls` times, `every` ms apart) until it matches; returns it, or throws with the last screen. */
  async waitFor(name: string, match: string | RegExp, options: { polls?: number; every?: number } = {}): Promise<string> {
    const polls = options.polls ?? 200;
    let screen = '';
    for (let i = 0; i < polls; i++) {
      screen = this.screen(name);
      if (typeof match === 'string' ? screen.includes(match) : match.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, options.every ?? 75));
    }
    throw new Error(`tmux pane ${name}: no ${String(match)} after ${polls} polls; the screen:\n${screen}`);
  }

  /** Stops the server and everything in it. */
  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
