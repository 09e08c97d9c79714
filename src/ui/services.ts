/**
 * What the screens ask of the rest of drp, in one object: the runbooks and unfinished sessions to
 * pick from, a runbook's variables, starting and resuming sessions, writing the report. The
 * screens stay free of IO; tests hand in the real services with DRP_HOME in a temporary folder.
 */
import { resumedValues } from '../commands/run.js';
import { summarizeRunbooks } from '../commands/list.js';
import { getConfig } from '../config.js';
import { displayPath, defaultRunbookDir } from '../files.js';
import { NO_ANSWERS } from '../engine/answers.js';
import { Session } from '../engine/session.js';
import { resolveVars, type ResolvedVar } from '../engine/vars.js';
import { findSession, storedSessions } from '../journal/sessions.js';
import { readRunbook, readText } from '../read-runbook.js';
import type { Runbook, Var } from '../runbook/schema.js';
import type { Mode } from '../session/events.js';
import { currentStep } from '../session/state.js';
import type { NeededVar, StartRequest } from './overview-state.js';
import type { PickerItem } from './picker-state.js';

/** A runbook ready for its overview: the values resolved and the variables still needed, per mode. */
export interface OverviewData {
  file: string;
  runbook: Runbook;
  mode: Mode;
  values: Record<Mode, Map<string, ResolvedVar>>;
  needed: Record<Mode, NeededVar[]>;
  warnings: string[];
  /** The impact time to start the form with (from --impact-at); empty means now. */
  impact?: string;
}

/** Everything the screens need done outside themselves. */
export interface Services {
  pickerItems(): { items: PickerItem[]; folder: string; invalid: number };
  openRunbook(file: string): OverviewData;
  startSession(data: OverviewData, request: StartRequest): Session;
  resumeSession(id: string): Session;
  /** Writes the report of a session; returns its path. */
  writeReport(dir: string): Promise<string | undefined>;
}

/** A variable to ask for, from the engine's resolution. */
export function neededVar(need: { name: string; question: string; spec?: Var }): NeededVar {
  return { name: need.name, question: need.question, secret: need.spec?.secret === true, pattern: need.spec?.pattern };
}

/** The overview of a runbook opened from the picker: variables resolved for both modes, from the environment and defaults. */
export function overviewOf(file: string, runbook: Runbook, mode: Mode): OverviewData {
  const both = (['incident', 'drill'] as const).map((m) => resolveVars(runbook, { mode: m, cli: {}, answers: {}, env: process.env }));
  const [incident, drill] = both as [ReturnType<typeof resolveVars>, ReturnType<typeof resolveVars>];
  return {
    file,
    runbook,
    mode,
    values: { incident: incident.values, drill: drill.values },
    needed: { incident: incident.needed.map(neededVar), drill: drill.needed.map(neededVar) },
    warnings: [...new Set([...incident.errors, ...drill.errors])],
  };
}

/** The services backed by the real journal, runbook folder and report writer. */
export function realServices(): Services {
  return {
    pickerItems() {
      const folder = defaultRunbookDir(getConfig('runbooks'));
      return { ...pickerItemsIn(folder), folder: displayPath(folder) };
    },
    openRunbook(file) {
      return overviewOf(file, readRunbook(file).runbook, 'incident');
    },
    startSession(data, request) {
      const values = new Map(data.values[request.mode]);
      for (const [name, value] of Object.entries(request.values)) {
        values.set(name, { value, secret: data.runbook.vars?.[name]?.secret === true, source: 'prompt' });
      }
      return Session.start({ runbook: data.runbook, file: data.file, text: readText(data.file), mode: request.mode, impactAt: request.impactAt, interactive: true, values });
    },
    resumeSession(id) {
      return resumeStored(id);
    },
    async writeReport(dir) {
      // Loaded when a session ends, not before the first frame.
      const { writeSessionReport } = await import('../report/write.js');
      return writeSessionReport(dir);
    },
  };
}

function resumeStored(id: string): Session {
  const stored = findSession(id);
  // Secrets are never journaled: resumedValues reads them again from the environment, or says which are missing.
  const values = resumedValues(stored.state.runbook, stored.state.vars, {}, NO_ANSWERS);
  const session = Session.resume(stored.id, { interactive: true, values });
  // What a killed drp left running is stopped in the background; its note shows when done.
  void session.stopLeftover();
  return session;
}

/** Picker rows for the runbooks in a folder (what `drp list` shows) and the unfinished sessions. */
export function pickerItemsIn(folder: string): { items: PickerItem[]; invalid: number } {
  const items: PickerItem[] = [];
  for (const { id, state } of storedSessions()) {
    if (state.finished) continue;
    items.push({ kind: 'session', id, title: state.runbook.title, system: state.runbook.system, mode: state.mode, startedAt: state.startedAt, impactAt: state.impactAt, at: currentStep(state)?.title });
  }
  const { runbooks, invalid } = summarizeRunbooks([folder]);
  for (const r of runbooks) items.push({ kind: 'runbook', file: r.file, id: r.id, title: r.title, system: r.system, severity: r.severity, rto: r.rto, steps: r.steps });
  return { items, invalid: invalid.length };
}
