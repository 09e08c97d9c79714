/**
 * The terminal as Ink sees it. Ink writes a clear-screen escape (ESC[2J ESC[3J, which also wipes
 * the scrollback) whenever its last frame was as tall as `stdout.rows`; after the terminal shrinks,
 * a frame drawn for the old size is exactly that. So Ink gets a view of stdout whose `rows` never
 * goes below the tallest the terminal has been, while the layout reads the real rows
 * (`realRows`) and always draws a frame shorter than the terminal. Shrinking then only leaves
 * stale lines in the scrollback, never wipes it. Should a frame still come out too tall (a
 * terminal reporting no size), the clear that Ink would write is turned into "cursor home, erase
 * below", which clears the screen but keeps the scrollback.
 */

/** Ink's clearTerminal (ansi-escapes): erase screen, erase scrollback, cursor home. */
export const CLEAR_TERMINAL = '\u001B[2J\u001B[3J\u001B[H';
/** What is written instead: cursor home, erase to the end of the screen. */
export const HOME_ERASE_DOWN = '\u001B[H\u001B[0J';

/** stdout with the real row count beside the guarded one. */
export type GuardedStdout = NodeJS.WriteStream & { readonly realRows: number };

/** Wraps a TTY stream for Ink (see above). Everything else passes through to the real stream. */
export function guardStdout(real: NodeJS.WriteStream): GuardedStdout {
  let tallest = real.rows || 24;
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'rows') {
        tallest = Math.max(tallest, target.rows || 0);
        return tallest;
      }
      if (prop === 'realRows') return target.rows || 24;
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          const safe = typeof chunk === 'string' && chunk.includes(CLEAR_TERMINAL) ? chunk.replaceAll(CLEAR_TERMINAL, HOME_ERASE_DOWN) : chunk;
          return (target.write as (...args: unknown[]) => boolean)(safe, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as GuardedStdout;
}

/** The rows to lay out for: the real ones when the stream is guarded. */
export function layoutRows(stdout: NodeJS.WriteStream): number {
  const real = (stdout as Partial<GuardedStdout>).realRows;
  return real ?? (stdout.rows || 24);
}
