/**
 * The output of the step that ran last: a title line, then the visible window of its bounded tail.
 * stderr lines carry a `!` in the gutter (and a colour), so the two streams are told apart without
 * colour. The window follows the end unless the operator scrolled up.
 */
import { Box, Text } from 'ink';
import type { OutputLine } from '../../session/events.js';
import { printable } from '../format.js';
import { fitLine, lineText, type Line } from '../text-lines.js';
import { tone } from '../theme.js';
import { Lines } from './lines.js';

/** Props of {@link OutputPane}. */
export interface OutputPaneProps {
  /** Whose output: a step id, an ad-hoc run's id. */
  step?: string;
  lines: readonly OutputLine[];
  /** Lines scrolled up from the end; undefined follows the end. */
  scroll?: number;
  running: boolean;
  width: number;
  /** Rows including the title line. */
  height: number;
}

/** The pane's lines: the title, then only the visible slice of the output. */
export function outputLines({ step, lines, scroll, running, width, height }: Omit<OutputPaneProps, never>): Line[] {
  const page = Math.max(0, height - 1);
  const offset = Math.min(scroll ?? 0, Math.max(0, lines.length - page));
  const end = lines.length - offset;
  const visible = lines.slice(Math.max(0, end - page), end);
  const where = scroll === undefined ? (running ? 'following' : '') : `scrolled ${offset} up · End follows`;
  const title = `─ output${step ? ` · ${step}` : ''}${lines.length > 0 ? ` · ${lines.length} line${lines.length === 1 ? '' : 's'} kept` : ''}${where ? ` · ${where}` : ''} · ! marks stderr `;
  const out: Line[] = [[{ text: title.padEnd(width, '─'), dim: true }]];
  if (lines.length === 0) out.push([{ text: step ? '  (no output)' : '  Output of commands and checks shows here.', dim: true }]);
  for (const l of visible) {
    const err = l.stream === 'stderr';
    out.push([{ text: err ? '! ' : '  ', tone: err ? 'yellow' : undefined, bold: err }, { text: printable(l.text), tone: err ? 'yellow' : undefined }]);
  }
  return out;
}

/**
 * Consecutive lines of one stream as one block of text. Ink's cost is per text node and per
 * character, and this pane changes on every output frame: one node per run of lines (one in all
 * under a flood of stdout) renders about twice as fast as one node per line.
 */
export function outputBlocks(lines: Line[]): { text: string; stderr: boolean; dim: boolean }[] {
  const blocks: { text: string; stderr: boolean; dim: boolean }[] = [];
  for (const l of lines) {
    const stderr = l[0]?.text === '! ';
    const dim = l.length === 1 && l[0]?.dim === true;
    const last = blocks.at(-1);
    const text = lineText(l) || ' ';
    if (last && last.stderr === stderr && last.dim === dim) last.text += `\n${text}`;
    else blocks.push({ text, stderr, dim });
  }
  return blocks;
}

export function OutputPane(props: OutputPaneProps) {
  const lines = outputLines(props).map((l) => fitLine(l, props.width));
  const [title, ...body] = lines;
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Lines lines={title ? [title] : []} width={props.width} height={Math.min(1, props.height)} />
      {outputBlocks(body).map((block, i) => (
        <Text key={i} color={block.stderr ? tone('yellow') : undefined} dimColor={block.dim}>
          {block.text}
        </Text>
      ))}
    </Box>
  );
}
