/**
 * The runbook's overview before the clock starts: what it is for (symptoms, scenario), its
 * objectives, the mode (said in a word, and coloured), then the form: variables still to fill,
 * when impact began, drill or incident. Enter starts the clock.
 */
import { Box } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { parseDuration, formatDuration } from '../../runbook/duration.js';
import type { Runbook } from '../../runbook/schema.js';
import { flatSteps } from '../../runbook/steps.js';
import { footerLines } from '../components/footer.js';
import { Lines } from '../components/lines.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { showLine } from '../line-edit.js';
import { fieldKey, initialOverview, overviewKeyContext, overviewReducer, type NeededVar, type StartRequest } from '../overview-state.js';
import type { Mode } from '../../session/events.js';
import { modeTone } from '../theme.js';
import { markdown, wrapped, type Line } from '../text-lines.js';

/** Props of {@link OverviewScreen}. */
export interface OverviewScreenProps {
  runbook: Runbook;
  mode: Mode;
  /** The mode was given on the command line: no switch. */
  modeFixed: boolean;
  /** Variables to ask for, per mode. */
  needed: Record<Mode, NeededVar[]>;
  /** Values given that do not fit their pattern (from the environment): shown, they block nothing here. */
  warnings?: string[];
  /** The impact time to start from (--impact-at); empty means now. */
  impact?: string;
  onStart: (request: StartRequest) => void;
  /** Esc or Ctrl-C: back to the picker, or out. */
  onBack: () => void;
}

/** What the runbook is about, above the form. */
export function aboutLines(runbook: Runbook, mode: Mode, width: number): Line[] {
  const steps = flatSteps(runbook);
  const estimate = steps.reduce((sum, { step }) => sum + (step.estimate ? (parseDuration(step.estimate) ?? 0) : 0), 0);
  const out: Line[] = [
    [{ text: mode === 'incident' ? ' INCIDENT ' : ' DRILL ', tone: modeTone(mode), inverse: true, bold: true }, { text: ` ${runbook.title}`, bold: true }],
    ...wrapped(`${runbook.system} · severity ${runbook.severity}${runbook.owner ? ` · owner ${runbook.owner}` : ''} · ${steps.length} steps${estimate > 0 ? ` · estimates add up to ${formatDuration(estimate)}` : ''}`, width, { dim: true }),
    [{ text: 'Objectives: ', bold: true }, { text: `RTO ${runbook.objectives.rto}${runbook.objectives.rpo ? ` · RPO ${runbook.objectives.rpo}` : ''}` }],
  ];
  if (runbook.scenario) out.push(...wrapped(`Scenario: ${runbook.scenario}`, width, {}, '  '));
  if (runbook.symptoms?.length) {
    out.push([{ text: 'Symptoms', bold: true }]);
    for (const symptom of runbook.symptoms) out.push(...wrapped(`  • ${symptom}`, width, {}, '    '));
  }
  for (const level of runbook.escalation ?? []) out.push(...wrapped(`Escalate after ${level.after} to ${level.to}${level.contact ? ` (${level.contact})` : ''}`, width, { dim: true }));
  if (runbook.updates) out.push(...wrapped(`Status update every ${runbook.updates.every}${runbook.updates.message ? `: ${runbook.updates.message}` : ''}`, width, { dim: true }));
  if (runbook.description) out.push(...markdown(runbook.description, width).map((l) => l.map((s) => ({ ...s, dim: true }))));
  return out;
}

export function OverviewScreen({ runbook, mode, modeFixed, needed, warnings = [], impact, onStart, onBack }: OverviewScreenProps) {
  const size = useTerminalSize();
  const [ui, dispatch] = useReducer(overviewReducer, undefined, () => initialOverview(mode, modeFixed, needed, impact));
  const ctx = overviewKeyContext(ui);
  useKeys((input, key) => dispatch({ type: 'input', input, key, now: Date.now() }));
  const start = useRef(onStart);
  start.current = onStart;
  const back = useRef(onBack);
  back.current = onBack;
  useEffect(() => {
    if (ui.start) start.current(ui.start);
    else if (ui.back) back.current();
  }, [ui.start, ui.back]);

  const width = Math.max(1, size.columns);
  const labelWidth = Math.min(18, Math.max(14, ...ui.fields.map((f) => (f.kind === 'var' ? f.need.name.length + 2 : 0))));
  const form: Line[] = [[{ text: 'Before the clock starts', bold: true }, { text: ' (↑↓ moves between fields)', dim: true }]];
  ui.fields.forEach((field, i) => {
    const on = i === ui.focus;
    const pointer = { text: on ? '› ' : '  ', bold: true };
    if (field.kind === 'mode') {
      form.push([pointer, { text: 'Mode'.padEnd(labelWidth) }, { text: ui.mode === 'drill' ? '[DRILL] incident' : 'drill [INCIDENT]', bold: true, tone: modeTone(ui.mode) }, { text: on ? '   space switches' : '', dim: true }]);
      return;
    }
    const label = field.kind === 'var' ? field.need.name : 'Impact began';
    const hint = field.kind === 'var' ? field.need.question : 'empty = now; or -25m, or 2026-11-22T01:40:00Z';
    const secret = field.kind === 'var' && field.need.secret;
    const value = on ? showLine(field.edit, Math.max(8, Math.floor((width - labelWidth) / 2)), secret) : secret ? '•'.repeat(field.edit.text.length) : field.edit.text || (field.kind === 'impact' ? 'now' : '');
    form.push([pointer, { text: label.padEnd(labelWidth), bold: on }, { text: value, inverse: false }, { text: `   ${hint}`, dim: true }]);
    const problem = ui.problems[fieldKey(field)];
    if (problem) form.push([{ text: `    ✗ ${problem}`, tone: 'red', bold: true }]);
  });
  for (const warning of warnings) form.push(...wrapped(`! ${warning}`, width, { tone: 'yellow' }));
  form.push([{ text: 'Enter starts the clock and the session journal.', dim: true }]);

  const footer = footerLines(ctx, width, 2);
  const about = aboutLines(runbook, ui.mode, width);
  // The form and the footer always show; what the runbook is about gets the rest, the footer stays at the bottom.
  const avail = Math.max(1, size.rows - 1);
  const formRows = Math.min(form.length, Math.max(0, avail - footer.length - 1));
  const aboutRows = Math.min(about.length, Math.max(0, avail - footer.length - formRows - 1));
  const filler = Math.max(0, avail - footer.length - formRows - 1 - aboutRows);
  return (
    <Box flexDirection="column" width={width} height={aboutRows + 1 + formRows + filler + footer.length}>
      <Lines lines={about} width={width} height={aboutRows} />
      <Lines lines={[[{ text: '─'.repeat(width), dim: true }]]} width={width} height={Math.min(1, avail)} />
      <Lines lines={form} width={width} height={formRows} />
      <Lines lines={[]} width={width} height={filler} />
      <Lines lines={footer} width={width} height={footer.length} />
    </Box>
  );
}
