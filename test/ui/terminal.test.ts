// The stdout Ink is given: rows never below the tallest seen, the clear-screen escape never written.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CLEAR_TERMINAL, guardStdout, HOME_ERASE_DOWN, layoutRows } from '../../src/ui/terminal.js';

class FakeTty extends EventEmitter {
  columns = 100;
  rows = 30;
  written: string[] = [];
  write(chunk: string): boolean {
    this.written.push(chunk);
    return true;
  }
}

describe('guarded stdout', () => {
  it('tells Ink the tallest rows seen, and the layout the real ones', () => {
    const tty = new FakeTty();
    const out = guardStdout(tty as unknown as NodeJS.WriteStream);
    expect(out.rows).toBe(30);
    tty.rows = 24;
    expect(out.rows).toBe(30);
    expect(layoutRows(out)).toBe(24);
    tty.rows = 40;
    expect(out.rows).toBe(40);
    expect(out.columns).toBe(100);
  });

  it('turns a clear of the screen and the scrollback into cursor home + erase below', () => {
    const tty = new FakeTty();
    const out = guardStdout(tty as unknown as NodeJS.WriteStream);
    out.write(`a${CLEAR_TERMINAL}frame`);
    expect(tty.written).toEqual([`a${HOME_ERASE_DOWN}frame`]);
    for (const escape of ['\u001B[2J', '\u001B[3J']) expect(tty.written.join('')).not.toContain(escape);
  });

  it('passes resize listeners through to the real stream', () => {
    const tty = new FakeTty();
    const out = guardStdout(tty as unknown as NodeJS.WriteStream);
    let seen = 0;
    out.on('resize', () => seen++);
    tty.emit('resize');
    expect(seen).toBe(1);
  });
});
