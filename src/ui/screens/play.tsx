/**
 * The play screen: header (clock against the RTO), banners, the step list beside the current
 * step's panel, a prompt when one is open, the output pane, the footer of valid keys. The input
 * handler only resolves keys through the keymap and dispatches them.
 */
import { Box } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import type { Session } from '../../engine/session.js';
import type { SessionEvent } from '../../session/events.js';
import type { SessionState } from '../../session/state.js';
import { ClockHeader } from '../components/clock-header.js';
import { Banners } from '../components/banners.js';
import { footerLines } from '../components/footer.js';
import { HelpOverlay } from '../components/help-overlay.js';
import { Lines } from '../components/lines.js';
import { OutputPane } from '../components/output-pane.js';
import { PromptLine } from '../components/prompt-line.js';
import { StepList } from '../components/step-list.js';
import { endLines, StepPanel } from '../components/step-panel.js';
import { usePlayDriver, type PlayEnd } from '../hooks/use-play-driver.js';
import { useKeys } from '../hooks/use-keys.js';
import { useSession } from '../hooks/use-session.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { playLayout } from '../layout.js';
import { wallTime } from '../format.js';
import { initialPlayUi, playKeyContext, playReducer, type Banner, type OutputSize, type PlayUi } from '../play-state.js';
import { playViewOf } from '../step-view.js';

/** Props of {@link PlayScreen}. */
export interface PlayScreenProps {
  session: Session;
  /** Called once: the session finished, or the operator left with q. */
  onEnd: (end: PlayEnd) => void;
}

/** The banner an event raises, if any. */
export function bannerOf(event: SessionEvent): Banner | undefined {
  if (event.type === 'escalation.raised') return { at: event.at, kind: 'escalation', text: `to ${event.to}${event.contact ? ` (${event.contact})` : ''}: the incident clock passed ${event.after}` };
  if (event.type === 'update.reminded') return { at: event.at, kind: 'update', text: `status update #${event.count} due: ${event.message}` };
  if (event.type === 'note.added') return { at: event.at, kind: 'notice', text: `note added to the journal: ${event.text}` };
  return undefined;
}

/** A resumed session says so, and since when its clock has been running. */
function withResumeNotice(ui: PlayUi, state: SessionState): PlayUi {
  const resumed = state.resumes.at(-1);
  if (!resumed || ui.now - resumed.at > 10_000) return ui;
  const left = state.interruptions.at(-1);
  const text = `resumed${left ? ` (left at ${wallTime(left.at, ui.now)}: ${left.reason})` : ''}; the incident clock kept running from ${wallTime(state.impactAt, ui.now)}`;
  return { ...ui, banners: [{ at: ui.now, kind: 'notice', text }] };
}

export function PlayScreen({ session, onEnd }: PlayScreenProps) {
  const size = useTerminalSize();
  const [ui, dispatch] = useReducer(playReducer, undefined, () => withResumeNotice(initialPlayUi(playViewOf(session.state), Date.now()), session.state));
  const { state, now, output } = useSession(session, (event) => {
    const banner = bannerOf(event);
    if (banner) dispatch({ type: 'banner', banner });
  });
  useEffect(() => dispatch({ type: 'sync', view: playViewOf(state) }), [state]);
  useEffect(() => dispatch({ type: 'tick', now }), [now]);
  usePlayDriver(session, state, ui, dispatch, onEnd);

  const view = playViewOf(state);
  const ctx = playKeyContext({ ...ui, view });
  const footer = footerLines(ctx, size.columns, 2);
  const layout = playLayout(size, { banners: ui.banners.length, prompt: ui.prompt !== undefined, footer: footer.length });

  // After a resume nothing ran yet in this process: show what the journal kept of the last step.
  const lastRun = state.path.findLast((id) => state.steps[id]?.log !== undefined);
  const shown = output.lines.length > 0 || output.step !== undefined ? output : { step: lastRun, lines: (lastRun ? state.steps[lastRun]?.tail : undefined) ?? [] };
  const outputSize = useRef<OutputSize>({ lines: 0, page: 1 });
  outputSize.current = { lines: shown.lines.length, page: Math.max(1, layout.output - 1) };
  useKeys((input, key) => dispatch({ type: 'input', input, key, output: outputSize.current, view: playViewOf(session.state) }));

  const step = session.current();
  const stepState = step ? state.steps[step.id] : undefined;
  const { width } = layout;
  const bodyRows = layout.body + (ui.help ? layout.output : 0);
  return (
    <Box flexDirection="column" width={width} height={layout.height}>
      <ClockHeader state={state} now={now} width={width} height={layout.header} />
      {layout.banners > 0 && <Banners banners={ui.banners} width={width} height={layout.banners} />}
      {ui.help ? (
        <HelpOverlay width={width} height={bodyRows} />
      ) : (
        <Box flexDirection="row" height={layout.body}>
          {layout.listWidth > 0 && <StepList state={state} width={layout.listWidth} height={layout.body} />}
          {layout.listWidth > 0 && <Lines lines={Array.from({ length: layout.body }, () => [{ text: '│', dim: true }])} width={2} height={layout.body} />}
          {step ? (
            <StepPanel step={step} stepState={stepState} display={(text) => session.displayCommand(text)} cursor={ui.cursor} now={now} width={layout.panelWidth} height={layout.body} />
          ) : (
            <Lines lines={endLines(state.finished ? state.finished.at - state.impactAt : undefined)} width={layout.panelWidth} height={layout.body} />
          )}
        </Box>
      )}
      {ui.prompt && layout.prompt > 0 && <PromptLine prompt={ui.prompt} stepTitle={step?.title} width={width} />}
      {!ui.help && layout.output > 0 && <OutputPane step={shown.step} lines={shown.lines} scroll={ui.scroll} running={view.running} width={width} height={layout.output} />}
      <Lines lines={footer} width={width} height={layout.footer} />
    </Box>
  );
}
