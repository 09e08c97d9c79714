/**
 * The report model (SPEC §4), defined once with zod: the TypeScript types are inferred from it,
 * `--format json` writes exactly this shape, and schema/report.schema.json is its JSON Schema.
 * Times are ISO 8601 strings in UTC, durations and offsets are milliseconds; every key is always
 * present (null when there is nothing to say) so a consumer never guesses between absent and empty.
 */
import * as z from 'zod';

/** The report format's version: bumped when a field changes meaning or disappears. */
export const REPORT_VERSION = 1;

const iso = z.iso.datetime().describe('A time in UTC, ISO 8601');
const ms = z.number().describe('Milliseconds');
const offset = z.number().describe('Milliseconds since impact began (the incident clock)');

export const OUTCOMES = ['completed', 'failed', 'aborted', 'in progress', 'interrupted'] as const;
/** How a session ended, or that it has not. */
export const OutcomeSchema = z.enum(OUTCOMES);

/** yes / no for a finished judgement; `not yet` while the clock still runs; `not measured` without data; `no target` without an objective. */
export const MetSchema = z.enum(['yes', 'no', 'not yet', 'not measured', 'no target']);

export const RUN_STATUSES = ['running', 'ok', 'failed', 'skipped', 'interrupted', 'unattended'] as const;
const RunStatusSchema = z.enum(RUN_STATUSES);

const SummarySchema = z.strictObject({
  session: z.string(),
  runbook: z.strictObject({ id: z.string(), title: z.string(), file: z.string(), digest: z.string() }),
  system: z.string(),
  scenario: z.string().nullable(),
  severity: z.string(),
  mode: z.enum(['incident', 'drill']),
  operator: z.string().describe('Who started the session'),
  operators: z.array(z.string()).describe('Everyone who drove it, the starter first (a resume by someone else adds a name)'),
  host: z.string(),
  hosts: z.array(z.string()),
  interactive: z.boolean(),
  drpVersion: z.string(),
  impactAt: iso.describe('When impact began: the incident clock counts from here'),
  startedAt: iso,
  endedAt: iso.nullable().describe('null while in progress'),
  lastEventAt: iso,
  durationMs: ms.describe('From the session start to its end, or to the last event while in progress'),
  outcome: OutcomeSchema,
  exitCode: z.number().int().nullable(),
  reason: z.string().nullable(),
  variables: z.array(z.strictObject({ name: z.string(), value: z.string(), secret: z.boolean(), source: z.string() })),
});

const ObjectiveSchema = z.strictObject({
  kind: z.enum(['rto', 'rpo', 'phase']),
  name: z.string(),
  target: z.string().nullable().describe('As written in the runbook (2h, 15m)'),
  targetMs: ms.nullable(),
  actualMs: ms.nullable(),
  actual: z.string().describe('For people: a duration, "not measured", "not run"'),
  met: MetSchema,
  note: z.string().nullable(),
});

const HistoryRowSchema = z.strictObject({
  session: z.string(),
  startedAt: iso,
  mode: z.enum(['incident', 'drill']),
  durationMs: ms.nullable(),
  outcome: OutcomeSchema,
  rtoMet: MetSchema,
});

const HistorySchema = z.strictObject({
  rows: z.array(HistoryRowSchema).describe('Earlier plays of the same runbook, oldest first'),
  trend: z.string(),
});

const TimelineRowSchema = z.strictObject({
  step: z.string(),
  title: z.string(),
  phase: z.string().nullable(),
  adhoc: z.boolean(),
  startedAt: iso,
  offsetMs: offset,
  durationMs: ms.nullable(),
  estimateMs: ms.nullable(),
  status: RunStatusSchema,
  attempts: z.number().int().describe('Tries within this run: 1 plus its retries'),
  by: z.string(),
});

const RunSchema = z.strictObject({
  attempts: z.number().int().describe('Tries within this run: 1 plus its retries'),
  status: RunStatusSchema,
  startedAt: iso,
  offsetMs: offset,
  durationMs: ms.nullable(),
  command: z.string().nullable().describe('As run, after substitution, secrets masked'),
  edited: z.boolean(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  reason: z.string().nullable(),
  output: z.array(z.strictObject({ stream: z.enum(['stdout', 'stderr']), text: z.string() })).describe('The last lines of output (at most 20)'),
  outputBytes: z.number().int().nullable(),
  log: z.string().nullable().describe("The full output's file"),
  check: z.strictObject({ kind: z.string(), summary: z.string(), facts: z.record(z.string(), z.unknown()).nullable() }).nullable(),
  by: z.string(),
});

const NoteSchema = z.strictObject({ at: iso, offsetMs: offset, text: z.string(), by: z.string() });

const StepEntrySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  adhoc: z.boolean(),
  runs: z.array(RunSchema),
  checklist: z.array(z.strictObject({ item: z.string(), ticked: z.boolean() })).nullable(),
  choice: z.strictObject({ label: z.string(), goto: z.string().nullable() }).nullable(),
  input: z.strictObject({ var: z.string(), value: z.string() }).nullable(),
  notes: z.array(NoteSchema),
});

export const DEVIATION_KINDS = ['skip', 'failure', 'retry', 'edited', 'adhoc', 'interruption', 'resume', 'missed-estimate', 'unattended', 'checklist'] as const;

const DeviationSchema = z.strictObject({
  kind: z.enum(DEVIATION_KINDS),
  at: iso,
  offsetMs: offset,
  step: z.string().nullable(),
  what: z.string(),
  command: z.string().nullable().describe('The edited or ad-hoc command, as run'),
  reason: z.string().nullable().describe("The operator's or drp's reason, as recorded"),
});

const AlertSchema = z.strictObject({
  kind: z.enum(['escalation', 'update']),
  at: iso,
  offsetMs: offset,
  what: z.string(),
  to: z.string().nullable(),
  contact: z.string().nullable(),
  threshold: z.string().nullable().describe('The escalation threshold it passed (30m)'),
});

const FollowUpsSchema = z.strictObject({
  whatHappened: z.string(),
  wentWell: z.array(z.string()),
  toImprove: z.array(z.string()),
  actionItems: z.array(z.strictObject({ action: z.string(), owner: z.string(), due: z.string() })),
});

export const ReportSchema = z
  .strictObject({
    drpReport: z.literal(REPORT_VERSION),
    generatedAt: iso,
    summary: SummarySchema,
    objectives: z.strictObject({ rows: z.array(ObjectiveSchema), history: HistorySchema.nullable() }),
    timeline: z.array(TimelineRowSchema),
    steps: z.strictObject({ entries: z.array(StepEntrySchema), notRun: z.array(z.strictObject({ id: z.string(), title: z.string() })), notes: z.array(NoteSchema) }),
    deviations: z.array(DeviationSchema),
    escalations: z.array(AlertSchema),
    followUps: FollowUpsSchema,
  })
  .describe('A drp session report: the incident or drill, as its journal recorded it');

/** The whole report. */
export type Report = z.infer<typeof ReportSchema>;
/** Summary section. */
export type ReportSummary = z.infer<typeof SummarySchema>;
/** One row of the objectives table. */
export type Objective = z.infer<typeof ObjectiveSchema>;
/** Whether an objective was met. */
export type Met = z.infer<typeof MetSchema>;
/** How a session ended. */
export type Outcome = z.infer<typeof OutcomeSchema>;
/** The "Previous drills" table. */
export type History = z.infer<typeof HistorySchema>;
/** One row of the timeline. */
export type TimelineRow = z.infer<typeof TimelineRowSchema>;
/** One run of a step (a step runs again after a failure, a goto back or a resume). */
export type Run = z.infer<typeof RunSchema>;
/** A step's section. */
export type StepEntry = z.infer<typeof StepEntrySchema>;
/** A note, with its time. */
export type ReportNote = z.infer<typeof NoteSchema>;
/** One deviation from the runbook. */
export type Deviation = z.infer<typeof DeviationSchema>;
/** A status of one run. */
export type RunStatus = z.infer<typeof RunStatusSchema>;
/** An escalation raised or an update reminded. */
export type Alert = z.infer<typeof AlertSchema>;

/** The JSON Schema of the report, kept at schema/report.schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  return { title: 'drp report', ...schema };
}
