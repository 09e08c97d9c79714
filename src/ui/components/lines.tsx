/**
 * Renders prepared lines: exactly `height` rows (blank ones pad), none wider than `width`. No
 * overflow="hidden": Ink clips a box by slicing each of its lines again on every frame (string
 * width and sliceAnsi per line), which cost a fifth of the CPU under a flood; rows are fitted to
 * the width and counted to the height before rendering instead, and a row Ink still finds too
 * wide (a double-width character) is truncated, never wrapped.
 */
import { Box, Text } from 'ink';
import { tone } from '../theme.js';
import { fitLine, lineText, type Line } from '../text-lines.js';

/** Props of {@link Lines}. */
export interface LinesProps {
  lines: readonly Line[];
  width: number;
  /** Rows to fill; lines beyond it are not drawn. */
  height: number;
}

export function Lines({ lines, width, height }: LinesProps) {
  const rows: Line[] = lines.slice(0, Math.max(0, height));
  while (rows.length < height) rows.push([{ text: '' }]);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {rows.map((row, i) => (
        <Text key={i} wrap="truncate-end">
          {/* an empty row still takes its line */}
          {lineText(row) === '' ? ' ' : fitLine(row, width).map((segment, j) => (
            <Text key={j} color={tone(segment.tone)} bold={segment.bold} dimColor={segment.dim} inverse={segment.inverse}>
              {segment.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
