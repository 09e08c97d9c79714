/**
 * The last frame, which stays in the terminal after drp exits: the outcome, the objectives met or
 * missed, the report written (or how to write it), and how to resume a session left with q.
 */
import { Box } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { displayPath } from '../../files.js';
import type { SessionState } from '../../session/state.js';
import { clockText, STATUS_MARK } from '../format.js';
import { Lines } from '../components/lines.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { wrapped, type Line } from '../text-lines.js';
import { modeTone } from '../theme.js';

/** Props of {@link FinishScreen}. */
export interface FinishScreenProps {
  state: SessionState;
  /** The session folder, for the report. */
  dir: string;
  /** false: the operator left with q and the session stays resumable. */
  finished: boolean;
  /** Writes the report and returns its path; undefined when there is no report writer. */
  writeReport?: (dir: string) => Promise<string | undefined>;
  /** Called once the frame shows everything, with the exit code (SPEC §1). */
  onDone: (code: number) => void;
}

/** The report as far as the screen knows it. */
export type ReportResult = { path: string } | { error: string } | { none: true };

/** The finish frame's lines. */
export function finishLines(state: SessionState, finished: boolean, report: ReportResult | undefined, width: number): Line[] {
  const mode: Line[number] = { text: state.mode === 'incident' ? ' INCIDENT ' : ' DRILL ', tone: modeTone(state.mode), inverse: true, bold: true };
  const end = state.finished;
  if (!finished || !end) {
    return [
      [mode, { text: ` ${state.runbook.title}`, bold: true }],
      [{ text: '⏸ Left the session; it stays resumable, with its clocks intact.', tone: 'yellow', bold: true }],
      [{ text: 'Resume: ', bold: true }, { text: `drp resume ${state.session}` }],
      [{ text: `Incident clock at ${clockText(state.lastAt - state.impactAt)} · exit 130`, dim: true }],
    ];
  }
  const ok = end.outcome === 'completed';
  const counts = new Map<string, number>();
  for (const step of Object.values(state.steps)) if (step.status !== 'pending') counts.set(step.status, (counts.get(step.status) ?? 0) + 1);
  const tally = [...counts].map(([status, n]) => `${STATUS_MARK[status as keyof typeof STATUS_MARK]} ${n} ${status}`).join(' · ');
  const rpo = state.runbook.objectives.rpo;
  const out: Line[] = [
    [mode, { text: ` ${state.runbook.title}`, bold: true }],
    [{ text: ok ? '✓ COMPLETED' : `✗ ${end.outcome.toUpperCase()}`, tone: ok ? 'green' : 'red', bold: true }, { text: end.reason ? ` — ${end.reason}` : '' }],
    [
      { text: `RTO ${state.runbook.objectives.rto}: ` },
      { text: end.rtoMet ? 'met' : 'MISSED', tone: end.rtoMet ? 'green' : 'red', bold: true },
      { text: ` (${clockText(end.at - state.impactAt)} from impact)` },
    ],
  ];
  if (rpo) {
    out.push([
      { text: `RPO ${rpo}: ` },
      end.rpoMet === undefined ? { text: 'no recovery point recorded', dim: true } : { text: end.rpoMet ? 'met' : 'MISSED', tone: end.rpoMet ? 'green' : 'red', bold: true },
    ]);
  }
  out.push(...wrapped(`Steps: ${tally || 'none ran'}${state.adhoc.length > 0 ? ` · ${state.adhoc.length} ad-hoc` : ''}${state.notes.length > 0 ? ` · ${state.notes.length} note${state.notes.length === 1 ? '' : 's'}` : ''}`, width));
  if (!report) out.push([{ text: 'Writing the report…', dim: true }]);
  else if ('path' in report) out.push(...wrapped(`Report: ${displayPath(report.path)}`, width, { bold: true }));
  else out.push(...wrapped(`${'error' in report ? `The report could not be written (${report.error}); ` : ''}write it with: drp report ${state.session}`, width));
  out.push([{ text: `Session ${state.session} · exit ${end.exitCode}`, dim: true }]);
  return out;
}

export function FinishScreen({ state, dir, finished, writeReport, onDone }: FinishScreenProps) {
  const size = useTerminalSize();
  const [report, setReport] = useState<ReportResult | undefined>(finished ? undefined : { none: true });
  useEffect(() => {
    if (report !== undefined) return;
    // Written after the frame saying so is out: on a slow disk the operator sees why it waits.
    let live = true;
    const timer = setTimeout(() => {
      Promise.resolve()
        .then(() => writeReport?.(dir))
        .then(
          (path) => live && setReport(path ? { path } : { none: true }),
          (error: unknown) => live && setReport({ error: (error as Error).message }),
        );
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [report, dir, writeReport]);
  const done = useRef(onDone);
  done.current = onDone;
  const code = finished && state.finished ? state.finished.exitCode : 130;
  useEffect(() => {
    if (report !== undefined) done.current(code);
  }, [report, code]);
  const width = Math.max(1, size.columns);
  const lines = finishLines(state, finished, report, width);
  const height = Math.min(lines.length, Math.max(1, size.rows - 1));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={lines} width={width} height={height} />
    </Box>
  );
}
