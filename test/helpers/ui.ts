/**
 * Rendering the TUI in tests with ink-testing-library, at a chosen terminal size, and driving it
 * with keys. Tests wait for content, never for a fixed time: `waitForFrame` looks at the last
 * frame after every turn of the event loop until it matches (or gives up with the frame it saw).
 */
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';

/** Bytes a terminal sends for each key. */
export const KEY = {
  enter: '\r',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  home: '\u001B[H',
  end: '\u001B[F',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  escape: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  space: ' ',
  ctrlC: '\u0003',
} as const;

/** A rendered tree and the ways to drive it. */
export interface UiHarness {
  /** The last frame, as a terminal would show it (no colour codes: stdout is not a TTY here). */
  frame(): string;
  /** Every frame written so far. */
  frames(): string[];
  /** Sends keys (names of KEY or raw text), one write each, letting the app handle each before the next. */
  press(...keys: (keyof typeof KEY | string)[]): Promise<void>;
  /** Types text as one paste. */
  type(text: string): Promise<void>;
  /** Waits until the last frame matches; returns it. */
  waitForFrame(match: string | RegExp | ((frame: string) => boolean), what?: string): Promise<string>;
  /** Changes the terminal size and tells the app, like a SIGWINCH. */
  resize(columns: number, rows: number): void;
  unmount(): void;
}

/** Lets timers, I/O callbacks and React's scheduler run once. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setTimeout(resolve, 0)));
}

/** Renders a tree at a terminal size (ink-testing-library's stdout is 100 columns with no rows: both are set here). */
export function renderUi(tree: ReactElement, size: { columns: number; rows: number } = { columns: 100, rows: 30 }): UiHarness {
  const instance = render(tree);
  let current = { ...size };
  Object.defineProperty(instance.stdout, 'columns', { get: () => current.columns, configurable: true });
  Object.defineProperty(instance.stdout, 'rows', { get: () => current.rows, configurable: true });
  instance.stdout.emit('resize');
  const frame = (): string => instance.lastFrame() ?? '';
  const harness: UiHarness = {
    frame,
    frames: () => instance.frames,
    async press(...keys) {
      for (const key of keys) {
        await turn();
        instance.stdin.write(key in KEY ? KEY[key as keyof typeof KEY] : key);
        await turn();
      }
    },
    async type(text) {
      await turn();
      instance.stdin.write(text);
      await turn();
    },
    async waitForFrame(match, what) {
      const test = typeof match === 'function' ? match : typeof match === 'string' ? (f: string) => f.includes(match) : (f: string) => match.test(f);
      const deadline = Date.now() + 10_000;
      while (!test(frame())) {
        if (Date.now() > deadline) throw new Error(`no frame with ${what ?? String(match)} within 10 s; the last frame:\n${frame()}`);
        await turn();
      }
      return frame();
    },
    resize(columns, rows) {
      current = { columns, rows };
      instance.stdout.emit('resize');
    },
    unmount() {
      instance.unmount();
      instance.cleanup();
    },
  };
  return harness;
}

/** The frame's lines (the trailing newline Ink may add left out). */
export function frameLines(frame: string): string[] {
  const lines = frame.split('\n');
  return lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}
