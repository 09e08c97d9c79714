/** The console of an unattended run: one line per event, live command output, for CI logs and cron mail. */
import { formatDuration, parseDuration } from '../runbook/duration.js';
import type { SessionEvent } from '../session/events.js';
import type { SessionState } from '../session/state.js';
import type { Session } from '../engine/session.js';

/** T+hh:mm:ss from the incident's start. */
export function offset(state: SessionState, at: number): string {
  const total = Math.max(0, Math.floor((at - state.impactAt) / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `T+${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** hh:mm:ss UTC. */
function clockTime(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}

/** Prints a session's events as they happen. Returns a function that stops printing. */
export function attachConsole(session: Session, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): () => void {
  let lastEndedWithNewline = true;
  let atRisk = false;
  session.onOutput = (stream, text) => {
    (stream === 'stdout' ? out : err).write(text);
    lastEndedWithNewline = text.length === 0 || text[text.length - 1] === (typeof text === 'string' ? '\n' : 0x0a);
  };
  const line = (text: string): void => {
    out.write(`${lastEndedWithNewline ? '' : '\n'}${text}\n`);
    lastEndedWithNewline = true;
  };
  const title = (state: SessionState, id: string): string => state.runbook.steps?.find((s) => s.id === id)?.title ?? state.runbook.phases?.flatMap((p) => p.steps).find((s) => s.id === id)?.title ?? id;
  const unsubscribe = session.subscribe((state: SessionState, event: SessionEvent) => {
    const t = `[${offset(state, event.at)}]`;
    switch (event.type) {
      case 'step.started':
        line(`${t} ▶ ${event.step} — ${event.adhoc ? 'ad-hoc command' : title(state, event.step)}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`);
        if (event.command && !event.command.startsWith('check ')) line(`  $ ${event.command.trimEnd().replace(/\n/g, '\n    ')}`);
        break;
      case 'step.retry':
        line(`${t}   not yet (${event.reason}); trying again in ${formatDuration(event.nextAt - event.at)}`);
        break;
      case 'step.finished': {
        const mark = { ok: '✓', failed: '✗', skipped: '↷', unattended: '•', interrupted: '⏸' }[event.status];
        const duration = event.durationMs !== undefined ? ` in ${formatDuration(event.durationMs)}` : '';
        const check = event.check ? `: ${event.check.summary}` : '';
        const estimate = event.estimateMs !== undefined && event.durationMs !== undefined ? ` (estimate ${formatDuration(event.estimateMs)}${event.durationMs > event.estimateMs ? ', over' : ''})` : '';
        line(`${t} ${mark} ${event.step} ${event.status}${duration}${estimate}${event.reason ? `: ${event.reason}` : check}`);
        const deadline = state.impactAt + (parseDuration(state.runbook.objectives.rto) ?? 0);
        // Said when it changes, not after every step.
        const risk = event.projectedFinish !== undefined && Math.floor(event.projectedFinish / 1000) > Math.floor(deadline / 1000) && state.cursor !== undefined;
        if (risk && !atRisk) line(`${t}   RTO at risk: projected finish ${clockTime(event.projectedFinish ?? 0)} is past the deadline ${clockTime(deadline)}`);
        if (!risk && atRisk && state.cursor !== undefined) line(`${t}   back within the RTO: projected finish ${clockTime(event.projectedFinish ?? 0)}, deadline ${clockTime(deadline)}`);
        atRisk = risk;
        break;
      }
      case 'choice.made':
        line(`${t} ? ${event.step}: ${event.label}`);
        break;
      case 'input.given':
        line(`${t} ✎ ${event.var} = ${event.value}`);
        break;
      case 'escalation.raised':
        line(`${t} !! ESCALATE to ${event.to}${event.contact ? ` (${event.contact})` : ''}: the incident clock passed ${event.after}`);
        break;
      case 'update.reminded':
        line(`${t} !! status update #${event.count} due: ${event.message}`);
        break;
      case 'recovery_point.recorded':
        line(`${t}   recovery point: ${new Date(event.point).toISOString()} (${event.source})`);
        break;
      case 'session.interrupted':
        line(`${t} interrupted (${event.reason})`);
        break;
      default:
        break;
    }
  });
  return () => {
    unsubscribe();
    session.onOutput = undefined;
  };
}
