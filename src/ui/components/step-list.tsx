/** The runbook's steps with their status marks (and words where there is room), the current one pointed at. */
import { flatSteps } from '../../runbook/steps.js';
import type { SessionState } from '../../session/state.js';
import { STATUS_MARK } from '../format.js';
import { windowAround } from '../layout.js';
import type { Line } from '../text-lines.js';
import type { Tone } from '../theme.js';
import { Lines } from './lines.js';

/** Props of {@link StepList}. */
export interface StepListProps {
  state: SessionState;
  width: number;
  height: number;
}

const STATUS_TONE: Partial<Record<string, Tone>> = { ok: 'green', failed: 'red', skipped: 'yellow', interrupted: 'yellow', running: 'cyan', unattended: 'gray' };

/** The list's lines: phases as headings, one line per step. */
export function stepListLines(state: SessionState, width: number, height: number): Line[] {
  const rows: Line[] = [];
  let focus = 0;
  let phase: number | undefined;
  const placed = flatSteps(state.runbook);
  const here = state.cursor === undefined ? placed.length : placed.findIndex(({ step }) => step.id === state.cursor);
  for (const { step, phase: p, index } of placed) {
    if (p !== undefined && p !== phase) {
      phase = p;
      rows.push([{ text: state.runbook.phases?.[p]?.title ?? '', bold: true, dim: true }]);
    }
    const status = state.steps[step.id]?.status ?? 'pending';
    const current = step.id === state.cursor;
    // A pending step behind the current one was left aside by a decision's goto: not on this path.
    const bypassed = status === 'pending' && index < here;
    if (current) focus = rows.length;
    // A manual step is `running` once begun; only a command or check is said to run.
    const command = step.run !== undefined || step.check !== undefined;
    const word = status === 'pending' || width < 26 || (status === 'running' && !command) ? '' : ` ${status}`;
    const room = Math.max(1, width - 4 - word.length);
    const title = step.title.length > room ? `${step.title.slice(0, room - 1)}…` : step.title;
    rows.push([
      { text: current ? '›' : ' ', bold: true },
      { text: `${bypassed ? '–' : STATUS_MARK[status]} `, tone: STATUS_TONE[status], dim: bypassed },
      { text: title.padEnd(room), bold: current, inverse: current, dim: bypassed },
      { text: word, tone: STATUS_TONE[status], dim: status === 'unattended' },
    ]);
  }
  const { start, end } = windowAround(rows.length, height, focus);
  return rows.slice(start, end);
}

export function StepList({ state, width, height }: StepListProps) {
  return <Lines lines={stepListLines(state, width, height)} width={width} height={height} />;
}
