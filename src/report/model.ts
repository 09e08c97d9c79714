/**
 * A session's report (SPEC §4) as a pure function of its journal: the same events always give the
 * same report, so golden files can hold it. No IO and no clock: `generatedAt` and the history of
 * earlier sessions come in as arguments.
 */
import { flatSteps } from '../runbook/steps.js';
import { stepKind } from '../runbook/schema.js';
import type { SessionEvent, SessionStarted } from '../session/events.js';
import { replay, type SessionState } from '../session/state.js';
import { deviationsOf } from './deviations.js';
import { objectiveRows } from './objectives.js';
import { collectRuns, runBy, runDuration, runStatus, type StepRun } from './runs.js';
import { REPORT_VERSION, type Alert, type Report, type ReportNote, type ReportSummary, type Run, type StepEntry, type TimelineRow } from './schema.js';
import { historyOf, runbookId, sessionEnd, sessionOutcome, summarizeSession, type SessionSummary } from './summary.js';
import { iso } from './time.js';

/** What the report needs beyond the journal. */
export interface ReportOptions {
  /** Every known session (listSessions()): earlier plays of the same runbook make the "Previous drills" table. */
  history?: readonly SessionSummary[];
  /** Epoch ms the report says it was generated at. */
  generatedAt: number;
  /** The session's folder, to give the full path of each output log. */
  sessionDir?: string;
}

/** How many lines of output the Steps section shows per run (SPEC: "the last lines"). */
export const OUTPUT_LINES = 20;

/** A journal with no session.started cannot make a report. */
export class NoSessionError extends Error {
  constructor() {
    super('the journal has no session.started event');
    this.name = 'NoSessionError';
  }
}

/** The report of one session, finished or not. */
export function buildReport(events: readonly SessionEvent[], options: ReportOptions): Report {
  const state = replay(events);
  const started = events[0] as SessionStarted | undefined;
  if (!state || !started) throw new NoSessionError();
  const runs = collectRuns(events, state.runbook);
  const summary = summarizeSession(events)!;
  const history = state.mode === 'drill' && options.history ? historyOf(summary, options.history) : null;
  return {
    drpReport: REPORT_VERSION,
    generatedAt: iso(options.generatedAt),
    summary: summaryOf(state, started),
    objectives: { rows: objectiveRows(state, runs), history },
    timeline: runs.map((run) => timelineRow(state, run)),
    steps: stepsOf(state, runs, options.sessionDir),
    deviations: deviationsOf(state, runs),
    escalations: alertsOf(state),
    followUps: { whatHappened: '', wentWell: [], toImprove: [], actionItems: [] },
  };
}

function summaryOf(state: SessionState, started: SessionStarted): ReportSummary {
  const unique = (values: string[]): string[] => [...new Set(values.filter((v) => v !== ''))];
  const end = sessionEnd(state);
  return {
    session: state.session,
    runbook: { id: runbookId(state), title: state.runbook.title, file: state.file, digest: state.digest },
    system: state.runbook.system,
    scenario: state.runbook.scenario ?? null,
    severity: state.runbook.severity,
    mode: state.mode,
    operator: started.operator,
    operators: unique([started.operator, ...state.resumes.map((r) => r.operator)]),
    host: started.host,
    hosts: unique([started.host, ...state.resumes.map((r) => r.host)]),
    interactive: started.interactive,
    drpVersion: started.version,
    impactAt: iso(state.impactAt),
    startedAt: iso(state.startedAt),
    endedAt: state.finished ? iso(state.finished.at) : null,
    lastEventAt: iso(state.lastAt),
    durationMs: end - state.startedAt,
    outcome: sessionOutcome(state),
    exitCode: state.finished?.exitCode ?? null,
    reason: state.finished?.reason ?? null,
    // Secrets never reach the journal; masking again costs nothing and survives an older writer.
    variables: Object.entries(state.vars).map(([name, v]) => ({ name, value: v.secret ? '***' : v.value, secret: v.secret, source: v.source })),
  };
}

function phaseTitle(state: SessionState, run: StepRun): string | null {
  return run.phase === undefined ? null : (state.runbook.phases?.[run.phase]?.title ?? null);
}

function timelineRow(state: SessionState, run: StepRun): TimelineRow {
  return {
    step: run.step,
    title: run.title,
    phase: phaseTitle(state, run),
    adhoc: run.adhoc,
    startedAt: iso(run.startedAt),
    offsetMs: run.startedAt - state.impactAt,
    durationMs: runDuration(run) ?? null,
    estimateMs: run.estimateMs ?? null,
    status: runStatus(run),
    attempts: run.attempts,
    by: runBy(run),
  };
}

function runOf(state: SessionState, run: StepRun, sessionDir: string | undefined): Run {
  const f = run.finished;
  const check = f?.check;
  return {
    attempts: run.attempts,
    status: runStatus(run),
    startedAt: iso(run.startedAt),
    offsetMs: run.startedAt - state.impactAt,
    durationMs: runDuration(run) ?? null,
    command: run.command ?? null,
    edited: run.edited,
    exitCode: typeof f?.exitCode === 'number' ? f.exitCode : null,
    signal: f?.signal ?? null,
    timedOut: f?.timedOut === true,
    reason: f?.reason ?? null,
    output: run.tail.slice(-OUTPUT_LINES).map((line) => ({ stream: line.stream, text: line.text })),
    outputBytes: run.outputBytes ?? null,
    log: run.log ? (sessionDir ? `${sessionDir.replace(/[\\/]+$/, '')}/${run.log}` : run.log) : null,
    check: check ? { kind: check.kind, summary: check.summary, facts: check.facts ?? null } : null,
    by: runBy(run),
  };
}

function noteOf(state: SessionState, note: SessionState['notes'][number]): ReportNote {
  return { at: iso(note.at), offsetMs: note.at - state.impactAt, text: note.text, by: note.by };
}

/** One entry per step that ran, in the order each first ran; each ad-hoc command is an entry of its own. */
function stepsOf(state: SessionState, runs: readonly StepRun[], sessionDir: string | undefined): Report['steps'] {
  const placed = new Map(flatSteps(state.runbook).map((p) => [p.step.id, p.step]));
  const entries: StepEntry[] = [];
  const byStep = new Map<string, StepEntry>();
  for (const run of runs) {
    const existing = run.adhoc ? undefined : byStep.get(run.step);
    if (existing) {
      existing.runs.push(runOf(state, run, sessionDir));
      continue;
    }
    const step = placed.get(run.step);
    const stepState = run.adhoc ? undefined : state.steps[run.step];
    const entry: StepEntry = {
      id: run.step,
      title: run.title,
      kind: step ? stepKind(step) : 'run',
      adhoc: run.adhoc,
      runs: [runOf(state, run, sessionDir)],
      checklist: step?.checklist ? step.checklist.map((item, i) => ({ item, ticked: stepState?.ticked[i] === true })) : null,
      choice: stepState?.choice ? { label: stepState.choice.label, goto: stepState.choice.goto ?? null } : null,
      input: stepState?.input ? { var: stepState.input.var, value: state.vars[stepState.input.var]?.secret ? '***' : stepState.input.value } : null,
      notes: run.adhoc ? [] : state.notes.filter((note) => note.step === run.step).map((note) => noteOf(state, note)),
    };
    entries.push(entry);
    if (!run.adhoc) byStep.set(run.step, entry);
  }
  const notRun = [...placed.values()].filter((step) => !byStep.has(step.id)).map((step) => ({ id: step.id, title: step.title }));
  const notes = state.notes.filter((note) => note.step === undefined || !byStep.has(note.step)).map((note) => noteOf(state, note));
  return { entries, notRun, notes };
}

function alertsOf(state: SessionState): Alert[] {
  const alerts: (Alert & { ms: number })[] = [
    ...state.escalations.map((e) => ({ ms: e.at, kind: 'escalation' as const, what: `Escalate to ${e.to}`, to: e.to, contact: e.contact ?? null, threshold: e.after })),
    ...state.updates.map((u) => ({ ms: u.at, kind: 'update' as const, what: `Status update #${u.count}${u.message ? `: ${u.message}` : ''}`, to: null, contact: null, threshold: null })),
  ].map((a) => ({ ...a, at: iso(a.ms), offsetMs: a.ms - state.impactAt }));
  return alerts.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...alert }) => alert);
}
