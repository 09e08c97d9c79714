/**
 * The header of the play screen: mode and runbook, the incident clock against the RTO as a bar
 * (yellow from 75 %, red past 100 %, and the same said in words), the projected finish against the
 * deadline, and the current step's elapsed time against its estimate.
 */
import { readClock } from '../../session/clock.js';
import type { SessionState } from '../../session/state.js';
import { bar, clockLevel, clockText, durationText, shortClock, wallTime } from '../format.js';
import { levelTone, modeTone } from '../theme.js';
import { type Line } from '../text-lines.js';
import { Lines } from './lines.js';

/** Props of {@link ClockHeader}. */
export interface ClockHeaderProps {
  state: SessionState;
  now: number;
  width: number;
  /** 2 or 3 lines. */
  height: number;
}

/** The header's lines at `now`. */
export function headerLines(state: SessionState, now: number, width: number): Line[] {
  const at = state.finished?.at ?? now;
  const clock = readClock(state, at);
  const level = clockLevel(clock.fraction);
  const mode = state.mode === 'incident' ? ' INCIDENT ' : ' DRILL ';
  const title: Line = [
    { text: mode, tone: modeTone(state.mode), inverse: true, bold: true },
    { text: ` ${state.runbook.title}`, bold: true },
    { text: `  ${state.runbook.system} · ${state.runbook.severity}`, dim: true },
  ];
  const percent = Math.floor(clock.fraction * 100);
  const said = level === 'over' ? ' OVER RTO' : level === 'warn' ? ' nearing RTO' : '';
  const text = `${clockText(clock.elapsed)} / RTO ${state.runbook.objectives.rto} (${percent}%)${said} `;
  const barWidth = Math.max(0, Math.min(40, width - text.length));
  const clockLine: Line = [
    { text, bold: level !== 'ok', tone: level === 'ok' ? undefined : levelTone(level) },
    { text: bar(clock.fraction, barWidth), tone: levelTone(level) },
  ];
  const spare = clock.deadline - clock.projectedFinish;
  const projection: Line = [
    { text: `projected finish ${wallTime(clock.projectedFinish, now)} · deadline ${wallTime(clock.deadline, now)} ` },
    spare >= 0 ? { text: `(${durationText(spare)} spare)`, dim: true } : { text: `(${durationText(-spare)} late)`, tone: 'red', bold: true },
  ];
  if (clock.step) {
    const over = clock.step.estimate !== undefined && clock.step.elapsed > clock.step.estimate;
    projection.push({ text: ` │ step ${shortClock(clock.step.elapsed)} / est ${clock.step.estimate !== undefined ? durationText(clock.step.estimate) : '—'}${over ? ' OVER' : ''}`, tone: over ? 'yellow' : undefined });
  }
  return [title, clockLine, projection];
}

export function ClockHeader({ state, now, width, height }: ClockHeaderProps) {
  const lines = headerLines(state, now, width);
  // On a short terminal the projection line goes first: the clock against the RTO always stays.
  return <Lines lines={height >= 3 ? lines : lines.slice(0, 2)} width={width} height={height} />;
}
