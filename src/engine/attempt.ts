/**
 * One attempt of a step's command or check: variables put in, the runner called, the step's
 * expectations applied. No journal here: the session records what an attempt returns.
 */
import { substituteVars } from '../runbook/vars.js';
import { CHECK_KINDS, type Step } from '../runbook/schema.js';
import { checkRunner } from '../runners/registry.js';
import { shellRunner } from '../runners/shell.js';
import type { RunResult } from '../runners/types.js';
import { quoteVarRefs } from './command.js';
import type { StepOutput } from './output.js';
import type { ResolvedVar } from './vars.js';

/** What an attempt needs from its session. */
export interface AttemptContext {
  values: ReadonlyMap<string, ResolvedVar>;
  env: NodeJS.ProcessEnv;
  /** Where commands run unless the step says `cwd`: the runbook's folder. */
  runbookDir: string;
  /** The runbook's RPO in ms, for `newer_than: rpo`. */
  rpoMs?: number;
  signal: AbortSignal;
  timeoutMs?: number;
  output: StepOutput;
  redact(text: string): string;
  /** Told a command's process group as soon as it starts. */
  onSpawn(pgid: number): void;
}

/** Runs a command once, with the step's `expect` (exit codes, an output line). */
export async function commandAttempt(command: string, step: Step, context: AttemptContext): Promise<RunResult> {
  const exits = step.expect?.exit === undefined ? [0] : Array.isArray(step.expect.exit) ? step.expect.exit : [step.expect.exit];
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(context.env)) if (value !== undefined) env[key] = value;
  for (const [name, value] of context.values) env[name] = value.value;
  const declared = new Set(context.values.keys());
  const cwd = step.cwd ? substituteVars(step.cwd, (name) => context.values.get(name)?.value ?? '') : context.runbookDir;
  const { output, signal, timeoutMs } = context;
  output.newAttempt();
  const result = await shellRunner.run({ command: quoteVarRefs(command, declared), env, cwd, okExit: exits }, { signal, timeoutMs, output, redact: context.redact, onSpawn: context.onSpawn });
  output.flush();
  if (result.ok && step.expect?.output && !output.outputMatched) return { ...result, ok: false, summary: `exit ${result.exitCode ?? '?'}, but no output line matched ${step.expect.output}` };
  return result;
}

/** Runs a built-in check once, its settings' `${NAME}` filled with the values (data, not shell). */
export async function checkAttempt(step: Step, context: AttemptContext): Promise<RunResult> {
  const kind = CHECK_KINDS.find((k) => step.check?.[k] !== undefined);
  if (!kind || !step.check) return { ok: false, summary: 'no check' };
  const config = substituteDeep(step.check[kind], (name) => context.values.get(name)?.value ?? '');
  const runner = await checkRunner(kind);
  const { output, signal, timeoutMs, rpoMs, redact } = context;
  let result: RunResult;
  try {
    result = await runner.run(config as never, { signal, timeoutMs, output, rpoMs, redact });
  } catch (error) {
    result = { ok: false, summary: `the ${kind} check failed unexpectedly: ${(error as Error).message}` };
  }
  if (signal.aborted) result = { ...result, ok: false, aborted: true, summary: 'stopped by the operator' };
  output.write('stdout', `${result.ok ? 'ok' : 'FAILED'}: ${redact(result.summary)}\n`);
  return { ...result, summary: redact(result.summary) };
}

function substituteDeep(value: unknown, lookup: (name: string) => string): unknown {
  if (typeof value === 'string') return substituteVars(value, lookup);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, lookup));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteDeep(item, lookup)]));
  return value;
}
