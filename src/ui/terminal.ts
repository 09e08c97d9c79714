/**
 * The terminal as Ink sees it. Ink writes a clear-screen escape (ESC[2J ESC[3J, which also wipes
 * the scrollback) whenever its last frame was as tall as `stdout.rows`; after the terminal shrinks,
 * a frame drawn for the old size is exactly that. So Ink gets a view of stdout whose `rows` never
 * goes below the tallest the terminal has been, while the layout reads the real rows
 * (`realRows`) and always draws a frame shorter than the terminal. Shrinking then only leaves
 * stale lines in the scrollback, never wipes it.
 */

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
