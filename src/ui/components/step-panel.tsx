/**
 * The current step: what it is, what state it is in and what the operator can do about it, then
 * its content — the command after substitution (secrets masked), the check's settings, the
 * instructions, the choices, the checklist, the question.
 */
import { CHECK_KINDS, stepKind, type Step } from '../../runbook/schema.js';
import type { StepState } from '../../session/state.js';
import { durationText, shortClock } from '../format.js';
import { markdown, wrapped, type Line } from '../text-lines.js';
import { Lines } from './lines.js';

/** What the panel shows. */
export interface PanelInput {
  step: Step;
  stepState: StepState | undefined;
  /** A text with `${VAR}` substituted and secrets masked (Session.displayCommand). */
  display: (text: string) => string;
  /** The highlighted choice or checklist item. */
  cursor: number;
  now: number;
}

/** Props of {@link StepPanel}. */
export interface StepPanelProps extends PanelInput {
  width: number;
  height: number;
}

/** The panel's lines. */
export function panelLines(input: PanelInput, width: number): Line[] {
  const { step, stepState } = input;
  const kind = stepKind(step);
  const out: Line[] = [[{ text: step.title, bold: true }, { text: `  ${step.id} · ${kind}`, dim: true }]];
  out.push(...statusLines(input, width));
  if (step.confirm !== undefined && stepState?.status !== 'running') {
    out.push([{ text: '⚠ DANGEROUS', tone: 'yellow', bold: true }, { text: ` — you will type ${step.confirm} to run it` }]);
  }
  out.push(...bodyLines(input, width));
  if (step.description) out.push(...markdown(step.description, width).map((l) => l.map((s) => ({ ...s, dim: true }))));
  const meta = [
    step.estimate && `estimate ${step.estimate}`,
    step.timeout && `timeout ${step.timeout}`,
    step.retry && `retry every ${step.retry.every} for ${step.retry.for}`,
    step.on_fail && `on fail: ${step.on_fail}`,
    step.only && `${step.only} only`,
  ].filter(Boolean);
  if (meta.length > 0) out.push(...wrapped(meta.join(' · '), width, { dim: true }));
  return out;
}

function statusLines({ step, stepState, now }: PanelInput, width: number): Line[] {
  const kind = stepKind(step);
  const status = stepState?.status ?? 'pending';
  const command = kind === 'run' || kind === 'check';
  switch (status) {
    case 'running': {
      if (!command) return [];
      const elapsed = stepState?.startedAt !== undefined ? shortClock(now - stepState.startedAt) : '';
      const retries = stepState?.retries ? ` · try ${stepState.retries + 1}: ${stepState.reason ?? ''}` : '';
      return wrapped(`▶ RUNNING ${elapsed}${step.estimate ? ` (estimate ${step.estimate})` : ''}${retries} — Ctrl-C stops it`, width, { tone: 'cyan', bold: true });
    }
    case 'failed':
      return [
        ...wrapped(`✗ FAILED${stepState?.attempts ? ` (attempt ${stepState.attempts})` : ''}: ${stepState?.reason ?? 'failed'}`, width, { tone: 'red', bold: true }),
        ...wrapped(step.on_fail === 'stop' ? 'The runbook says stop here: r re-runs, e edits, s skips, x ends the session.' : 'r re-runs · e edits the command · s skips · c continues past it · x ends the session', width),
      ];
    case 'interrupted':
      return [
        ...wrapped(`⏸ INTERRUPTED: ${stepState?.reason ?? 'stopped'}`, width, { tone: 'yellow', bold: true }),
        ...wrapped(!command ? 'Enter when it is done · s skips it' : step.on_resume === 'ask' || step.on_resume === undefined ? 'It may have half-run: check, then Enter re-runs it or s skips it.' : 'Enter re-runs it · s skips it', width),
      ];
    default:
      if (!command) return [];
      return wrapped(step.confirm !== undefined ? `Enter, then type ${step.confirm}, runs it.` : `Enter ${kind === 'run' ? 'runs the command' : 'runs the check'}.`, width, { dim: true });
  }
}

function bodyLines({ step, stepState, display, cursor }: PanelInput, width: number): Line[] {
  const kind = stepKind(step);
  switch (kind) {
    case 'run':
      return display(stepState?.command !== undefined && stepState.status !== 'pending' ? stepState.command : (step.run ?? ''))
        .replace(/\n+$/, '')
        .split('\n')
        .flatMap((text, i) => wrapped(`${i === 0 ? '$ ' : '  '}${text}`, width, {}, '    '));
    case 'check': {
      const checkKind = CHECK_KINDS.find((k) => step.check?.[k] !== undefined);
      const config = (checkKind ? step.check?.[checkKind] : undefined) ?? {};
      const rows = Object.entries(config).map(([key, value]) => `  ${key}: ${display(typeof value === 'string' ? value : JSON.stringify(value))}`);
      const result = stepState?.check ? [`  → ${stepState.check.summary}`] : [];
      return [...wrapped(`check ${checkKind ?? '?'}`, width, { bold: true }), ...[...rows, ...result].flatMap((row) => wrapped(row, width, {}, '    '))];
    }
    case 'do':
      return markdown(step.do ?? '', width);
    case 'choices':
      return (step.choices ?? []).flatMap((choice, i) => {
        const on = i === cursor;
        const head: Line = [
          { text: on ? '› ' : '  ', bold: true },
          { text: `${i + 1}. ${choice.label}`, inverse: on, bold: on },
          { text: choice.goto ? `  → ${choice.goto}` : '', dim: true },
        ];
        return [head, ...(choice.description ? wrapped(`     ${choice.description}`, width, { dim: true }, '     ') : [])];
      });
    case 'checklist':
      return (step.checklist ?? []).map((item, i) => {
        const on = i === cursor;
        const ticked = stepState?.ticked[i] === true;
        return [
          { text: on ? '› ' : '  ', bold: true },
          { text: ticked ? '[x] ' : '[ ] ', tone: ticked ? 'green' : undefined, bold: true },
          { text: item, inverse: on },
        ];
      });
    case 'input': {
      const lines = wrapped(step.input?.prompt ?? '', width, { bold: true });
      if (step.input?.pattern) lines.push(...wrapped(`must match ${step.input.pattern}`, width, { dim: true }));
      if (stepState?.input) lines.push(...wrapped(`given: ${stepState.input.value}`, width));
      else lines.push(...wrapped(`Enter to type the value of ${step.input?.var ?? ''}.`, width, { dim: true }));
      return lines;
    }
    default:
      return [];
  }
}

export function StepPanel(props: StepPanelProps) {
  return <Lines lines={panelLines(props, props.width)} width={props.width} height={props.height} />;
}

/** The panel when there is no current step (the runbook's end, or a finished session). */
export function endLines(durationMs: number | undefined): Line[] {
  return [[{ text: 'End of the runbook', bold: true }], [{ text: `Finishing the session${durationMs !== undefined ? ` after ${durationText(durationMs)}` : ''}…`, dim: true }]];
}
