// Sizes computed before rendering: the frame always stays shorter than the terminal.
import { describe, expect, it } from 'vitest';
import { bar, clockLevel, clockText, fit, wrap } from '../../src/ui/format.js';
import { packFooter, playLayout, windowAround } from '../../src/ui/layout.js';
import { lineOf, showLine } from '../../src/ui/line-edit.js';
import { columns, fitLine, lineText, markdown } from '../../src/ui/text-lines.js';
import { outputLines } from '../../src/ui/components/output-pane.js';

describe('layout', () => {
  it('is shorter than the terminal at every size, whatever is shown', () => {
    for (const [columns, rows] of [[80, 24], [100, 30], [120, 40], [200, 60], [60, 12], [40, 8], [20, 3], [10, 1]] as const) {
      for (const banners of [0, 1, 4]) {
        for (const prompt of [false, true]) {
          const layout = playLayout({ columns, rows }, { banners, prompt, footer: 2 });
          expect(layout.height, `${columns}x${rows}`).toBeLessThan(Math.max(2, rows));
          expect(layout.width).toBeLessThanOrEqual(columns);
          expect(layout.listWidth + (layout.listWidth > 0 ? 2 : 0) + layout.panelWidth).toBe(layout.width);
        }
      }
    }
  });

  it('at 80x24 there is room for the step panel and the output', () => {
    const layout = playLayout({ columns: 80, rows: 24 }, { banners: 0, prompt: false, footer: 1 });
    expect(layout).toMatchObject({ header: 3, height: 23 });
    expect(layout.body).toBeGreaterThanOrEqual(8);
    expect(layout.output).toBeGreaterThanOrEqual(8);
  });

  it('packs footer keys into lines that fit, dropping what does not', () => {
    const entries: [string, string][] = Array.from({ length: 12 }, (_, i) => [`k${i}`, 'word']);
    const lines = packFooter(entries, 30, 2);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.map(([k, w]) => `${k} ${w}`).join('  ').length).toBeLessThanOrEqual(30);
  });

  it('keeps the focused row in a window', () => {
    expect(windowAround(50, 10, 0)).toEqual({ start: 0, end: 10 });
    expect(windowAround(50, 10, 25)).toEqual({ start: 20, end: 30 });
    expect(windowAround(50, 10, 49)).toEqual({ start: 40, end: 50 });
    expect(windowAround(5, 10, 3)).toEqual({ start: 0, end: 5 });
  });
});

describe('text', () => {
  it('clock and bar', () => {
    expect(clockText(12 * 60_000 + 30_000)).toBe('T+00:12:30');
    expect(clockText(-5000)).toBe('T-00:00:05');
    expect([0.5, 0.75, 1, 1.01].map(clockLevel)).toEqual(['ok', 'warn', 'warn', 'over']);
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect(bar(3, 4)).toBe('████');
  });

  it('wraps to the width, cutting long words hard', () => {
    for (const l of wrap('a long line of words that must wrap somewhere and an unbreakableunbreakableunbreakable word', 12, '  ')) expect(l.length).toBeLessThanOrEqual(12);
    expect(fit('abcdef', 4)).toBe('abc…');
  });

  it('markdown: bold and code marked, items as bullets, code kept in backticks so it reads without colour', () => {
    const lines = markdown('# Restart\nRun `systemctl restart app` **now**.\n- check logs', 80);
    expect(lines.map(lineText)).toEqual(['Restart', 'Run `systemctl restart app` now.', '• check logs']);
    expect(lines[0]?.[0]?.bold).toBe(true);
    expect(lines[1]?.find((s) => s.text === 'now')?.bold).toBe(true);
  });

  it('fitLine cuts styled segments to the width, wide characters counted as two columns', () => {
    expect(lineText(fitLine([{ text: 'abc' }, { text: 'defgh', bold: true }], 5))).toBe('abcd…');
    expect(columns('日本語ok')).toBe(8);
    expect(lineText(fitLine([{ text: '日本語のログ行' }], 7))).toBe('日本語…');
    expect(columns(lineText(fitLine([{ text: '🔥🔥🔥🔥' }], 5)))).toBeLessThanOrEqual(5);
  });

  it('a field shows a cursor, masks secrets, and keeps the cursor in view', () => {
    expect(showLine({ text: 'abc', cursor: 1 }, 20)).toBe('a▏bc');
    expect(showLine(lineOf('secret'), 20, true)).toBe('••••••▏');
    const long = showLine(lineOf('x'.repeat(50) + 'END'), 10);
    expect(long).toHaveLength(10);
    expect(long.endsWith('END▏')).toBe(true);
  });

  it('the output pane slices the tail to what fits, follows the end, marks stderr with !', () => {
    const lines = Array.from({ length: 200 }, (_, i) => ({ stream: i % 2 ? ('stderr' as const) : ('stdout' as const), text: `line ${i}` }));
    const shown = outputLines({ step: 's', lines, running: true, width: 40, height: 6 });
    expect(shown).toHaveLength(6);
    expect(shown.slice(1).map(lineText)).toEqual(['! line 195', '  line 196', '! line 197', '  line 198', '! line 199']);
    const scrolled = outputLines({ step: 's', lines, scroll: 10, running: true, width: 40, height: 6 });
    expect(lineText(scrolled.at(-1) ?? [])).toBe('! line 189');
    expect(lineText(scrolled[0] ?? [])).toContain('scrolled 10 up');
  });
});
