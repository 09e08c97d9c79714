/** The terminal's size, updated when it is resized. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { Size } from '../layout.js';
import { layoutRows } from '../terminal.js';

function read(stdout: NodeJS.WriteStream): Size {
  return { columns: stdout.columns || 80, rows: layoutRows(stdout) };
}

/** Columns and rows to lay out for; a resize re-renders with the new size. */
export function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = (): void => setSize((old) => {
      const next = read(stdout);
      return next.columns === old.columns && next.rows === old.rows ? old : next;
    });
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
