/**
 * The runbook format (SPEC §2), defined once. The TypeScript types are inferred from it and
 * `drp schema` prints its JSON Schema. Rules that JSON Schema cannot say (exactly one kind per
 * step, ids, goto targets, declared variables) live in validate.ts.
 */
import * as z from 'zod';

// A runbook is parsed once per process: zod's JIT (a new Function per object schema) costs ~20 ms
// of a 150 ms `drp validate` and pays back only over thousands of parses.
z.config({ jitless: true });

export const DURATION_PATTERN = '^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?$';
export const REGEX_LITERAL_PATTERN = '^/.*/[dgimsuvy]*$';
export const IDENTIFIER_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
export const STEP_ID_PATTERN = '^[a-z0-9][a-z0-9._-]*$';

/** A duration string; zod-problems.ts recognises fields of this schema to suggest a fix. */
export const duration = z
  .string()
  .regex(new RegExp(DURATION_PATTERN), { message: 'expected a duration such as 90s, 15m, 2h, 1d or 1h30m' })
  .describe('A duration: 90s, 15m, 2h, 1d, 1h30m');
/** A `/pattern/flags` string. */
export const regexLiteral = z
  .string()
  .regex(new RegExp(REGEX_LITERAL_PATTERN, 's'), { message: 'expected a regex written as /pattern/ or /pattern/flags' })
  .describe('A regex: /pattern/flags');
const identifier = z.string().regex(new RegExp(IDENTIFIER_PATTERN), { message: 'a variable name is letters, digits and _, not starting with a digit' });
const stepId = z.string().regex(new RegExp(STEP_ID_PATTERN), { message: 'an id is lower-case letters, digits, ".", "_" and "-", starting with a letter or digit' });
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const text = z.string().min(1);

const bounds = z
  .strictObject({ min: z.number().optional(), max: z.number().optional(), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional() })
  .describe('Bounds on a value: min, max, equals');

export const VarSchema = z
  .strictObject({
    description: z.string().optional(),
    default: scalar.optional().describe('Used when nothing else sets the variable (never with secret: true)'),
    drill: scalar.optional().describe('Used instead of default in drill mode (point drills at staging)'),
    env: identifier.optional().describe('Environment variable to read the value from'),
    secret: z.boolean().optional().describe('Masked everywhere; reaches commands through their environment only'),
    required: z.boolean().optional(),
    prompt: z.string().optional().describe('Ask the operator for the value with this question'),
    pattern: z.string().optional().describe('A value must match this regex (no slashes)'),
  })
  .describe('A variable, used as ${NAME}');

const postgresCheck = z.strictObject({
  url: text.describe('postgresql://user:password@host:5432/db; the password is masked everywhere'),
  query: z.string().optional(),
  expect: z.record(z.string(), bounds).optional().describe("Bounds on the first row's columns"),
  rows: z.union([z.number().int().min(0), bounds]).optional().describe('Expected number of rows the query returns'),
  ready: z.literal(true).optional().describe('A pg_isready equivalent: the server accepts a connection and answers'),
  replication_lag_max: duration.optional().describe('This server is a replica lagging at most this much'),
});
const mongodbCheck = z.strictObject({
  url: text,
  database: z.string().optional(),
  ping: z.literal(true).optional(),
  count: z
    .strictObject({
      collection: text,
      filter: z.record(z.string(), z.unknown()).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      equals: z.number().optional(),
    })
    .optional(),
});
const s3Check = z.strictObject({
  bucket: text,
  prefix: z.string().optional(),
  endpoint: z.string().optional().describe('For S3-compatible stores (MinIO, Ceph, R2); implies path-style addressing'),
  region: z.string().optional(),
  path_style: z.boolean().optional(),
  newer_than: z.union([duration, z.literal('rpo')]).optional().describe("The newest object under prefix is at most this old; 'rpo' uses objectives.rpo"),
  exists: z.string().optional().describe('This key exists'),
});
const httpCheck = z.strictObject({
  url: text,
  method: z.enum(['GET', 'HEAD', 'POST']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  status: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional().describe('Expected status (default 200)'),
  body: regexLiteral.optional(),
});
const tcpCheck = z.strictObject({ host: text, port: z.union([z.number().int().min(1).max(65535), z.string()]) });

export const CheckSchema = z
  .strictObject({
    postgres: postgresCheck.optional(),
    mongodb: mongodbCheck.optional(),
    s3: s3Check.optional(),
    http: httpCheck.optional(),
    tcp: tcpCheck.optional(),
  })
  .describe('A built-in check: exactly one of postgres, mongodb, s3, http, tcp');

export const CHECK_KINDS = ['postgres', 'mongodb', 's3', 'http', 'tcp'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

const choice = z.strictObject({
  label: text,
  goto: z.string().optional().describe('Step id to continue with (default: the next step)'),
  description: z.string().optional(),
});

export const StepSchema = z
  .strictObject({
    id: stepId,
    title: text,
    description: z.string().optional().describe('Markdown shown above the step'),
    // the kinds: exactly one
    run: text.optional().describe('A shell command; ${VAR} refers to a declared variable'),
    check: CheckSchema.optional(),
    choices: z.array(choice).min(1).optional().describe('A decision'),
    do: text.optional().describe('A manual step: markdown instructions, the operator confirms'),
    input: z
      .strictObject({
        var: identifier,
        prompt: text,
        pattern: z.string().optional(),
        secret: z.boolean().optional(),
      })
      .optional()
      .describe('Capture a value into a variable'),
    checklist: z.array(text).min(1).optional(),
    // how it runs
    expect: z
      .strictObject({ exit: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional(), output: regexLiteral.optional() })
      .optional()
      .describe('What a passing command looks like (default: exit 0)'),
    cwd: z.string().optional(),
    timeout: duration.optional(),
    estimate: duration.optional().describe('Expected duration, for timing and the projected finish'),
    retry: z.strictObject({ every: duration, for: duration }).optional().describe('Poll until it passes'),
    on_fail: z.enum(['ask', 'stop', 'continue']).optional(),
    on_resume: z.enum(['ask', 'rerun', 'skip']).optional().describe('After a crash mid-step (default ask; unattended ask = rerun)'),
    confirm: text.optional().describe('Dangerous: the operator types this word before it runs'),
    only: z.enum(['incident', 'drill']).optional(),
    next: z.string().optional().describe('Step id to continue with after this one'),
  })
  .describe('A step: exactly one of run, check, choices, do, input, checklist');

export const PhaseSchema = z.strictObject({
  id: stepId.optional(),
  title: text,
  estimate: duration.optional(),
  steps: z.array(StepSchema).min(1),
});

export const RunbookSchema = z
  .strictObject({
    $schema: z.string().optional(),
    drp: z.literal(1).describe('Format version'),
    id: stepId.optional().describe('Unique; defaults to the file name'),
    title: text,
    system: text,
    scenario: z.string().optional(),
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    owner: z.string().optional(),
    source: z.string().optional().describe('Where this procedure comes from (the DR plan and section)'),
    description: z.string().optional(),
    objectives: z.strictObject({ rto: duration, rpo: duration.optional() }),
    symptoms: z.array(text).optional(),
    vars: z.record(identifier, VarSchema).optional(),
    escalation: z.array(z.strictObject({ after: duration, to: text, contact: z.string().optional(), note: z.string().optional() })).optional(),
    updates: z.strictObject({ every: duration, message: z.string().optional() }).optional(),
    steps: z.array(StepSchema).min(1).optional(),
    phases: z.array(PhaseSchema).min(1).optional(),
  })
  .describe('A drp runbook: one disaster scenario');

export type Runbook = z.infer<typeof RunbookSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Phase = z.infer<typeof PhaseSchema>;
export type Var = z.infer<typeof VarSchema>;
export type Check = z.infer<typeof CheckSchema>;
export type PostgresCheck = z.infer<typeof postgresCheck>;
export type MongodbCheck = z.infer<typeof mongodbCheck>;
export type S3Check = z.infer<typeof s3Check>;
export type HttpCheck = z.infer<typeof httpCheck>;
export type TcpCheck = z.infer<typeof tcpCheck>;
export type Bounds = z.infer<typeof bounds>;

export const STEP_KINDS = ['run', 'check', 'choices', 'do', 'input', 'checklist'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** The kind of a valid step. */
export function stepKind(step: Step): StepKind {
  return STEP_KINDS.find((kind) => step[kind] !== undefined) ?? 'do';
}

/** The JSON Schema of the format, for editors (`# yaml-language-server: $schema=...`). */
export function runbookJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RunbookSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return { title: 'drp runbook', ...schema };
}
