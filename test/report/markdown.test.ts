import { describe, expect, it } from 'vitest';
import { cell, code, fenced, table, text } from '../../src/report/md.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/model.js';
import { tOffset, utc, utcWithOffset } from '../../src/report/time.js';
import { JournalBuilder, MINUTE, RUNBOOK, SECOND, T0 } from './journal-builder.js';

const GENERATED = Date.UTC(2026, 10, 23, 9, 0, 0);

/** The cells of a GFM table row, split where GitHub splits them: at pipes not escaped with a backslash. */
function cells(row: string): string[] {
  return row.replace(/^\| ?| ?\|$/g, '').split(/(?<!\\)\|/);
}

/** Every table in a markdown text, as its rows. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

describe('markdown building blocks', () => {
  it('escapes table cells: pipes, newlines, backticks and HTML render as themselves', () => {
    expect(cell('a | b')).toBe('a \\| b');
    expect(cell('line 1\nline 2')).toBe('line 1<br>line 2');
    expect(cell('use `rm` <b>now</b>')).toBe('use \\`rm\\` \\<b\\>now\\</b\\>');
    expect(cells(`| ${cell('x|y')} | z |`)).toHaveLength(2);
  });

  it('strips terminal colours and control characters', () => {
    expect(text('\u001b[31mred\u001b[0m\u0007 done\r\n')).toBe('red done<br>');
  });

  it('makes inline code with a delimiter longer than any backtick run inside', () => {
    expect(code('ls')).toBe('`ls`');
    expect(code('echo `date`')).toBe('`` echo `date` ``');
    expect(code('a ``b`` c')).toBe('```a ``b`` c```');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(code('a | b', true)).toBe('`a \\| b`');
  });

  it('fences output with a fence longer than any backtick run inside', () => {
    expect(fenced('plain')).toBe('```\nplain\n```');
    const tricky = 'before\n```\nnot the end\n`````\nafter';
    const block = fenced(tricky, 'text');
    expect(block.startsWith('``````text\n')).toBe(true);
    expect(block.endsWith('\n``````')).toBe(true);
  });

  it('builds a table with an alignment row', () => {
    expect(table(['A', 'B'], [['1', '']], ['right'])).toBe('| A | B |\n| ---: | --- |\n| 1 |   |');
  });

  it('writes times in UTC with the incident clock offset', () => {
    expect(utc(Date.UTC(2026, 10, 22, 1, 40, 0))).toBe('2026-11-22 01:40:00 UTC');
    expect(tOffset(12 * MINUTE + 30 * SECOND)).toBe('T+00:12:30');
    expect(tOffset(26 * 60 * MINUTE)).toBe('T+26:00:00');
    expect(utcWithOffset(Date.UTC(2026, 10, 22, 1, 40, 0), Date.UTC(2026, 10, 22, 1, 27, 30))).toBe('2026-11-22 01:40:00 UTC (T+00:12:30)');
  });
});

describe('renderMarkdown', () => {
  function awkward(): string {
    const runbook = { ...RUNBOOK, title: 'DB | restore `now`', steps: [{ id: 'check', title: 'Check | the `db`\nnow', run: 'x', estimate: '1m' }, ...RUNBOOK.steps!.slice(1)] };
    const b = new JournalBuilder({ runbook, impactAt: T0 - 12 * MINUTE - 30 * SECOND });
    const tail = [{ stream: 'stdout' as const, text: '```' }, { stream: 'stdout' as const, text: 'a | b <script>' }];
    b.command('check', 2 * MINUTE, { status: 'failed', exitCode: 1, tail, reason: 'exit 1 | grep said\nno' }, { command: 'psql -c "select 1" | grep `1`' });
    b.add({ type: 'note.added', step: 'check', text: 'looked | odd', by: 'alice' });
    return renderMarkdown(buildReport(b.finish('failed', 1).events, { generatedAt: GENERATED }));
  }

  it('writes the seven sections in the order of SPEC §4', () => {
    const md = awkward();
    const headings = ['## Summary', '## Objectives', '## Timeline', '## Steps', '## Deviations', '## Escalations and updates', '## Follow-ups'];
    const positions = headings.map((h) => md.indexOf(`\n${h}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(md.startsWith('# Incident report: DB \\| restore \\`now\\`\n')).toBe(true);
  });

  it('keeps every table row as wide as its header, whatever the cells hold', () => {
    for (const rows of tables(awkward())) {
      const width = cells(rows[0]!).length;
      for (const row of rows) expect(cells(row), row).toHaveLength(width);
    }
  });

  it('states step times in UTC with their T+ offset', () => {
    expect(awkward()).toContain('| 1 | 2026-11-22 01:00:00 UTC (T+00:12:30) | Check \\| the \\`db\\`<br>now (`check`) | 2m00s | 1m00s | failed | alice |');
  });

  it('puts output in a fence no line of it can close', () => {
    const md = awkward();
    expect(md).toContain('````text\n```\na | b <script>\n````');
    expect(md).toContain('```sh\npsql -c "select 1" | grep `1`\n```');
  });

  it('says a report of an unfinished session is in progress', () => {
    const md = renderMarkdown(buildReport(new JournalBuilder().command('check', SECOND).events, { generatedAt: GENERATED }));
    expect(md).toContain('> **In progress:**');
    expect(md).toContain('⏳ not yet');
  });

  it('ends with the empty post-incident review', () => {
    const md = awkward();
    const followUps = md.slice(md.indexOf('## Follow-ups'));
    for (const heading of ['### What happened', '### What went well', '### What to improve', '### Action items']) expect(followUps).toContain(heading);
    expect(md.endsWith('\n')).toBe(true);
  });
});
