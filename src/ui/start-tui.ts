/**
 * Entry points of the interactive app, imported lazily by `drp`, `drp run` and `drp resume` only
 * (the other commands never load Ink). Each renders the app, waits for it to end and returns the
 * exit code of SPEC §1: 0 met, 3 an objective missed, 1 failed or aborted, 130 left with q.
 */
import { UsageError } from '../errors.js';
import { Session } from '../engine/session.js';
import type { ResolvedVar } from '../engine/vars.js';
import type { Runbook, Var } from '../runbook/schema.js';
import type { AppStart } from './app.js';
import { neededVar, realServices, type OverviewData } from './services.js';
import { guardStdout } from './terminal.js';

/** What `drp run` hands the TUI: the runbook read, the mode, the values resolved and those still needed. */
export interface InteractiveRun {
  file: string;
  runbook: Runbook;
  mode: 'incident' | 'drill';
  impactAt?: number;
  values: Map<string, ResolvedVar>;
  needed: { name: string; question: string; spec?: Var }[];
}

/** `drp run FILE`: the overview (mode fixed by the flags), then play. */
export async function runInteractive(options: InteractiveRun): Promise<number> {
  requireTerminal('drp run FILE --non-interactive');
  const other = options.mode === 'incident' ? 'drill' : 'incident';
  const data: OverviewData = {
    file: options.file,
    runbook: options.runbook,
    mode: options.mode,
    values: { [options.mode]: options.values, [other]: new Map() } as OverviewData['values'],
    needed: { [options.mode]: options.needed.map(neededVar), [other]: [] } as unknown as OverviewData['needed'],
    warnings: [],
    // --impact-at given on the command line: the overview's field starts from it.
    impact: options.impactAt !== undefined ? new Date(options.impactAt).toISOString() : undefined,
  };
  return play({ screen: 'overview', data, modeFixed: true });
}

/** `drp resume [SESSION]`: straight back into play, clocks intact. */
export async function resumeInteractive(options: { id: string; values: Map<string, ResolvedVar> }): Promise<number> {
  requireTerminal(`drp resume ${options.id} --non-interactive`);
  const session = Session.resume(options.id, { interactive: true, values: options.values });
  await session.stopLeftover();
  return play({ screen: 'play', session });
}

/** `drp` with no arguments: the picker. */
export async function startPicker(): Promise<number> {
  requireTerminal('drp list, then drp run FILE --non-interactive');
  return play({ screen: 'picker' });
}

function requireTerminal(instead: string): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('the interactive player needs a terminal (stdin and stdout are not both a TTY)', `Unattended, use: ${instead}`);
  }
}

async function play(start: AppStart): Promise<number> {
  // Raw mode before Ink and React load: a key pressed meanwhile (or right as the first frame
  // shows, before Ink's input hook is set up) arrives as a key, not as a cooked line whose Enter
  // Ink would no longer recognise.
  process.stdin.setRawMode(true);
  try {
    return await render(start);
  } finally {
    process.stdin.setRawMode(false);
  }
}

async function render(start: AppStart): Promise<number> {
  const { renderApp } = await import('./render-app.js');
  const services = realServices();
  let session: Session | undefined = start.screen === 'play' ? start.session : undefined;
  let settle: (result: { code: number; error?: unknown }) => void = () => {};
  const ended = new Promise<{ code: number; error?: unknown }>((resolve) => (settle = resolve));

  // A lost terminal or a kill: the session is journaled as interrupted and stays resumable.
  const onSignal = (signal: NodeJS.Signals): void => {
    try {
      session?.interrupt(signal);
      session?.close();
    } catch {
      // the journal may be what failed; leaving still happens
    }
    settle({ code: 130 });
  };
  const signals: NodeJS.Signals[] = ['SIGHUP', 'SIGTERM', 'SIGINT'];
  for (const signal of signals) process.on(signal, onSignal);
  // A closed terminal can reach drp as the end of (or an error on) stdin before its SIGHUP does:
  // either way it is the same lost terminal, journaled the same way.
  const onLostTerminal = (): void => onSignal('SIGHUP');
  process.stdin.once('end', onLostTerminal);
  process.stdin.once('error', onLostTerminal);

  const instance = renderApp(
    {
      start,
      services,
      onExit: (code: number, error?: unknown) => settle({ code, error }),
      onSession: (s: Session) => (session = s),
    },
    guardStdout(process.stdout),
  );
  try {
    const result = await ended;
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    if (result.error !== undefined) throw result.error;
    return result.code;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    process.stdin.off('end', onLostTerminal);
    process.stdin.off('error', onLostTerminal);
    session?.close();
  }
}
