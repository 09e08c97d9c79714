/**
 * Plays one session of one runbook: every action becomes a journal event, made durable before
 * the state (a pure fold of the events) changes. Drivers decide what to do (the unattended loop,
 * the TUI's keys); this class does it. No UI import here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { getConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { FileJournal } from '../journal/file-store.js';
import { sessionDir } from '../journal/home.js';
import { JournalWriteError, type Lock } from '../journal/store.js';
import { parseDuration } from '../runbook/duration.js';
import { parseRegexLiteral } from '../runbook/regex.js';
import { CHECK_KINDS, type Runbook, type Step } from '../runbook/schema.js';
import { flatSteps } from '../runbook/steps.js';
import { escalationsDue, readClock, rpoMet, rtoMet, updateDue } from '../session/clock.js';
import type { Mode, NewEvent, SessionEvent } from '../session/events.js';
import { MASK, type Redactor } from '../session/redact.js';
import { currentStep, initialState, reduce, replay, runningStep, type SessionState } from '../session/state.js';
import type { RunResult } from '../runners/types.js';
import { checkAttempt, commandAttempt, type AttemptContext } from './attempt.js';
import { displayCommand } from './command.js';
import { stopLeftover } from './leftovers.js';
import { StepOutput } from './output.js';
import { sessionRedactor } from './secrets.js';
import { patternProblem, type ResolvedVar } from './vars.js';

export const VERSION = '0.1.0';

export interface NewSessionOptions {
  runbook: Runbook;
  file: string;
  text: string;
  mode: Mode;
  impactAt?: number;
  operator?: string;
  interactive: boolean;
  values: Map<string, ResolvedVar>;
  env?: NodeJS.ProcessEnv;
}

/** What `runStep` tells its driver. */
export type StepOutcome = { status: 'ok' | 'failed' | 'interrupted'; result: RunResult };

type Listener = (state: SessionState, event: SessionEvent) => void;

export class Session {
  state: SessionState;
  /** The running step's output, for a live view. */
  live: StepOutput | undefined;
  /** Unreadable journal lines a resume left out (a torn last line, garbage): to tell the operator. */
  skippedLines = 0;
  private redactor: Redactor;
  private readonly listeners = new Set<Listener>();
  private running: AbortController | undefined;
  private closed = false;
  /** The command a killed drp left running, found by resume and stopped by stopLeftover(). */
  private leftover: { step: string; pgid: number } | undefined;
  private lastType: SessionEvent['type'] | undefined;
  /**
   * The first failed write of the record (journal or output log). Once set, nothing more is
   * journaled and no step starts: a later write that succeeded would leave a hole in the journal.
   */
  private failure: JournalWriteError | undefined;

  private constructor(
    readonly dir: string,
    private readonly journal: FileJournal,
    private readonly lock: Lock,
    state: SessionState,
    readonly values: Map<string, ResolvedVar>,
    private readonly env: NodeJS.ProcessEnv,
    /** Called with live output as it is released (redacted). */
    public onOutput?: (stream: 'stdout' | 'stderr', text: string | Buffer) => void,
  ) {
    this.state = state;
    this.redactor = sessionRedactor(values, env);
  }

  /** Starts a new session: its folder, journal and lock, and the session.started event. */
  static start(options: NewSessionOptions): Session {
    const now = Date.now();
    const id = `${new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${options.runbook.id ?? 'runbook'}-${randomBytes(2).toString('hex')}`;
    const dir = sessionDir(id);
    const started: SessionEvent = {
      type: 'session.started',
      at: now,
      session: id,
      runbook: options.runbook,
      file: resolve(options.file),
      digest: createHash('sha256').update(options.text).digest('hex'),
      mode: options.mode,
      impactAt: options.impactAt ?? now,
      operator: options.operator ?? operatorName(),
      host: hostname(),
      pid: process.pid,
      interactive: options.interactive,
      version: VERSION,
    };
    const journal = FileJournal.create(dir, started);
    const lock = journal.lock();
    const values = withBuiltins(options.values, id, dir, options.mode, options.file);
    const session = new Session(dir, journal, lock, initialState(started), values, options.env ?? process.env);
    for (const [name, value] of values) session.emit({ type: 'var.set', name, value: value.secret ? MASK : value.value, secret: value.secret, source: value.source });
    return session;
  }

  /**
   * Resumes a session from its journal: the clocks keep their original start, a step that was
   * running when the process died is recorded `interrupted`.
   */
  static resume(id: string, options: { interactive: boolean; operator?: string; values: Map<string, ResolvedVar>; env?: NodeJS.ProcessEnv }): Session {
    const dir = sessionDir(id);
    if (!existsSync(join(dir, 'journal.jsonl'))) throw new UsageError(`no session ${id}`, 'See drp sessions for the sessions there are.');
    const journal = new FileJournal(dir);
    const lock = journal.lock();
    const { events, skipped } = journal.replay();
    const state = replay(events);
    if (!state) {
      lock.release();
      throw new UsageError(`session ${id} has no readable journal (${journal.path})`);
    }
    if (state.finished) {
      lock.release();
      throw new UsageError(`session ${id} already finished (${state.finished.outcome})`, `Write its report with: drp report ${id}`);
    }
    const values = withBuiltins(options.values, id, dir, state.mode, state.file);
    const session = new Session(dir, journal, lock, state, values, options.env ?? process.env);
    session.skippedLines = skipped;
    session.emit({ type: 'session.resumed', operator: options.operator ?? operatorName(), host: hostname(), pid: process.pid, interactive: options.interactive });
    // Values the journal never got (killed before their var.set was durable) are recorded now.
    for (const [name, value] of values) {
      if (!(name in state.vars)) session.emit({ type: 'var.set', name, value: value.secret ? MASK : value.value, secret: value.secret, source: value.source });
    }
    const left = runningStep(session.state);
    if (left) {
      // The operator leaving (q, Ctrl-C, a hang-up) was journaled; a kill -9 or a crash left no word.
      const leftAt = left.startedAt ?? 0;
      const leaving = session.state.interruptions.filter((i) => i.at >= leftAt).at(-1);
      const reason = leaving ? `the session was left while this step was open (${leaving.reason})` : 'drp stopped while this step ran (process killed, crash or lost terminal)';
      session.emit({ type: 'step.finished', step: left.id, status: 'interrupted', attempt: left.attempts, reason, by: 'drp' });
      if (left.pgid !== undefined) session.leftover = { step: left.id, pgid: left.pgid };
    }
    return session;
  }

  /**
   * Stops the command a killed drp left running (resume only), so a step is never run twice at
   * once; journals what was found. Drivers await it before going on.
   */
  async stopLeftover(): Promise<void> {
    const leftover = this.leftover;
    this.leftover = undefined;
    if (!leftover) return;
    const outcome = await stopLeftover(leftover.pgid, this.id);
    if (outcome === 'gone') return;
    const text =
      outcome === 'not ours'
        ? `process group ${leftover.pgid} of step "${leftover.step}" is alive but not recognisably this session's: left alone; check it by hand`
        : `stopped step "${leftover.step}"'s command (process group ${leftover.pgid}), which the previous drp left running${outcome === 'killed' ? ' (it needed SIGKILL)' : ''}`;
    this.emit({ type: 'note.added', step: leftover.step, text, by: 'drp' });
  }

  get id(): string {
    return this.state.session;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Journals an event (durably), then folds it into the state and tells the listeners. */
  emit(event: NewEvent): void {
    if (this.failure) throw this.failure;
    let stamped = this.redactor.redactDeep({ ...event, at: event.at ?? Date.now() } as SessionEvent);
    if (stamped.type === 'step.finished') stamped = this.withClock(stamped);
    try {
      this.journal.append(stamped);
    } catch (error) {
      if (error instanceof JournalWriteError) this.recordFailure(error);
      throw error;
    }
    this.lastType = stamped.type;
    this.state = reduce(this.state, stamped);
    for (const listener of this.listeners) listener(this.state, stamped);
  }

  /** A step.finished with the clock readings of that moment: the estimate, and the projected finish after it. */
  private withClock(event: Extract<SessionEvent, { type: 'step.finished' }>): SessionEvent {
    const step = flatSteps(this.state.runbook).find((placed) => placed.step.id === event.step)?.step;
    const estimateMs = step?.estimate ? parseDuration(step.estimate) : undefined;
    const projectedFinish = readClock(reduce(this.state, event), event.at).projectedFinish;
    return { ...event, ...(estimateMs !== undefined ? { estimateMs } : {}), projectedFinish };
  }

  /**
   * The record cannot be written: remember it (every later emit throws it) and stop the running
   * command, so nothing runs on without a record. The driver meets the error at its next emit.
   */
  recordFailure(error: JournalWriteError): void {
    this.failure ??= error;
    this.stopRunning();
  }

  /** Masks the session's secrets in a text. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** The current step of the runbook. */
  current(): Step | undefined {
    return currentStep(this.state);
  }

  /** Whether the current step is to be skipped in this mode (`only:`). */
  skipsInMode(step: Step): boolean {
    return step.only !== undefined && step.only !== this.state.mode;
  }

  /** The value of a variable as shown to people (secrets masked). */
  shownValue(name: string): string | undefined {
    const value = this.values.get(name);
    if (!value) return undefined;
    return value.secret ? MASK : this.redactor.redact(value.value);
  }

  /** A command as it will run, for display: values substituted, secrets masked. */
  displayCommand(command: string): string {
    return this.redact(displayCommand(command, (name) => this.shownValue(name)));
  }

  /** Runs the current step (a command or a check), with its timeout, retry and expectations. */
  async runStep(options: { command?: string; continueOnFail?: boolean } = {}): Promise<StepOutcome> {
    const step = this.current();
    if (!step || (step.run === undefined && step.check === undefined)) throw new Error('the current step is not a command or a check');
    return this.execute(step.id, step, options.command, false, options.continueOnFail ?? false);
  }

  /** Runs a command that is not in the runbook; recorded as a deviation with its output. */
  async adhoc(command: string): Promise<StepOutcome> {
    const id = `adhoc-${this.state.adhoc.length + 1}`;
    return this.execute(id, { id, title: `Ad-hoc command`, run: command }, command, true, true);
  }

  private async execute(id: string, step: Step, override: string | undefined, adhoc: boolean, continueOnFail: boolean): Promise<StepOutcome> {
    const attempt = (this.state.steps[id]?.attempts ?? 0) + 1;
    const source = override ?? step.run;
    const log = `output/${id}.log`;
    const checkKind = step.check ? CHECK_KINDS.find((kind) => step.check?.[kind] !== undefined) : undefined;
    this.emit({
      type: 'step.started',
      step: id,
      attempt,
      command: source !== undefined ? this.displayCommand(source) : checkKind ? `check ${checkKind}` : undefined,
      edited: !adhoc && override !== undefined && override !== step.run ? true : undefined,
      adhoc: adhoc || undefined,
      log,
    });
    const expectOutput = step.expect?.output ? parseRegexLiteral(step.expect.output) : undefined;
    const output = new StepOutput(join(this.dir, log), this.redactor, expectOutput instanceof RegExp ? expectOutput : undefined, attempt > 1 ? `\n--- attempt ${attempt}, ${new Date().toISOString()} ---\n` : undefined, (stream, text) => this.onOutput?.(stream, text), (error) => this.recordFailure(error));
    this.live = output;
    const controller = new AbortController();
    this.running = controller;
    const startedAt = Date.now();
    let storedBytes = 0;
    const progress = setInterval(() => {
      if (output.bytes === storedBytes) return;
      output.syncInBackground((bytes) => {
        if (this.running !== controller || bytes <= storedBytes || this.failure) return;
        try {
          this.emit({ type: 'output.stored', step: id, bytes: (storedBytes = bytes) });
        } catch {
          // recorded by emit, which stopped the command: the step's end meets the failure
        }
      });
    }, 1000);
    const context: AttemptContext = {
      values: this.values,
      env: this.env,
      runbookDir: dirname(this.state.file),
      rpoMs: this.state.runbook.objectives.rpo ? parseDuration(this.state.runbook.objectives.rpo) : undefined,
      signal: controller.signal,
      timeoutMs: step.timeout ? parseDuration(step.timeout) : undefined,
      output,
      redact: (text) => this.redact(text),
      onSpawn: (pgid) => this.emit({ type: 'command.spawned', step: id, pgid }),
    };
    const every = step.retry ? (parseDuration(step.retry.every) ?? 0) : 0;
    const until = step.retry ? startedAt + (parseDuration(step.retry.for) ?? 0) : startedAt;
    let result: RunResult;
    let tries = 0;
    try {
      for (;;) {
        tries++;
        result = source !== undefined ? await commandAttempt(source, step, context) : await checkAttempt(step, context);
        output.flush();
        if (result.ok || result.aborted || !step.retry || Date.now() + every > until) break;
        this.emit({ type: 'step.retry', step: id, attempt: tries, reason: result.summary, nextAt: Date.now() + every });
        try {
          await delay(every, undefined, { signal: controller.signal });
        } catch {
          result = { ...result, aborted: true, summary: 'stopped by the operator' };
          break;
        }
      }
    } finally {
      clearInterval(progress);
      this.running = undefined;
    }
    const tail = output.end();
    this.live = undefined;
    if (output.bytes !== storedBytes) this.emit({ type: 'output.stored', step: id, bytes: output.bytes });
    if (result.recoveryPoint) this.emit({ type: 'recovery_point.recorded', step: id, point: result.recoveryPoint.point, source: result.recoveryPoint.source });
    const status = result.aborted ? 'interrupted' : result.ok ? 'ok' : 'failed';
    this.emit({
      type: 'step.finished',
      step: id,
      status,
      attempt,
      durationMs: Date.now() - startedAt,
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut || undefined,
      reason: status === 'ok' ? undefined : `${result.summary}${tries > 1 ? ` (after ${tries} tries)` : ''}`,
      tail: tail.slice(-20),
      check: result.check,
      continued: status === 'failed' && continueOnFail ? true : undefined,
      by: this.state.interactive ? this.state.operator : 'unattended',
    });
    return { status, result };
  }

  /** Stops the running command or check (Ctrl-C in the TUI): its whole process group. */
  stopRunning(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  /**
   * Starts the clock of the current manual step, decision, input or checklist (commands and
   * checks start their own). Called when the step is put in front of the operator.
   */
  begin(): void {
    const step = this.requireCurrent();
    const state = this.state.steps[step.id];
    if (state?.status === 'running') return;
    this.emit({ type: 'step.started', step: step.id, attempt: (state?.attempts ?? 0) + 1 });
  }

  /** Finishes a manual or checklist step: done by the operator, or `unattended`. */
  complete(status: 'ok' | 'unattended', by: string, reason?: string): void {
    const step = this.requireCurrent();
    this.begin();
    this.emit({ type: 'step.finished', step: step.id, status, attempt: this.state.steps[step.id]?.attempts ?? 1, reason, by });
  }

  /** Skips the current step, with the operator's reason. */
  skip(reason: string, by: string): void {
    const step = this.requireCurrent();
    this.emit({ type: 'step.finished', step: step.id, status: 'skipped', attempt: this.state.steps[step.id]?.attempts ?? 0, reason, by });
  }

  /**
   * Moves on past the current step's failure: the operator's call when `on_fail` asks (the TUI).
   * The step stays `failed` in the journal and the report, its exit code and output kept.
   */
  continuePastFailure(by: string): void {
    const step = this.requireCurrent();
    const state = this.state.steps[step.id];
    if (state?.status !== 'failed') throw new Error(`step ${step.id} has not failed`);
    this.emit({ type: 'step.finished', step: step.id, status: 'failed', attempt: state.attempts, durationMs: state.durationMs, exitCode: state.exitCode, signal: state.signal, reason: state.reason, check: state.check, continued: true, by });
  }

  tick(item: number, checked: boolean): void {
    const step = this.requireCurrent();
    this.begin();
    this.emit({ type: 'checklist.ticked', step: step.id, item, checked });
  }

  /** Makes the current decision and moves on along its `goto`. */
  choose(index: number, by: string): void {
    const step = this.requireCurrent();
    const choice = step.choices?.[index];
    if (!choice) throw new UsageError(`step ${step.id} has no choice ${index + 1}`);
    this.begin();
    this.emit({ type: 'choice.made', step: step.id, choice: index, label: choice.label, goto: choice.goto });
    this.emit({ type: 'step.finished', step: step.id, status: 'ok', attempt: this.state.steps[step.id]?.attempts ?? 1, by });
  }

  /** Captures the current input step's value; returns a problem when it does not fit the pattern. */
  giveInput(value: string, by: string): string | undefined {
    const step = this.requireCurrent();
    if (!step.input) throw new Error('the current step is not an input');
    const problem = patternProblem(step.input.var, step.input, value);
    if (problem) return problem;
    this.begin();
    const secret = step.input.secret === true || this.state.runbook.vars?.[step.input.var]?.secret === true;
    this.values.set(step.input.var, { value, secret, source: 'input' });
    if (secret) this.redactor = sessionRedactor(this.values, this.env);
    this.emit({ type: 'input.given', step: step.id, var: step.input.var, value: secret ? MASK : value, secret });
    this.emit({ type: 'step.finished', step: step.id, status: 'ok', attempt: this.state.steps[step.id]?.attempts ?? 1, by });
    return undefined;
  }

  note(text: string, by: string): void {
    this.emit({ type: 'note.added', step: this.state.cursor, text, by });
  }

  /** Raises escalations and update reminders that are due. */
  pollClock(now = Date.now()): void {
    if (this.closed || this.state.finished || this.failure) return;
    try {
      for (const level of escalationsDue(this.state, now)) {
        const spec = this.state.runbook.escalation?.[level];
        if (spec) this.emit({ type: 'escalation.raised', level, to: spec.to, contact: spec.contact, after: spec.after });
      }
      const count = updateDue(this.state, now);
      if (count !== undefined) this.emit({ type: 'update.reminded', count, message: this.state.runbook.updates?.message ?? 'Post a status update' });
    } catch (error) {
      // Called from timers, where a throw would crash drp: a failed write is recorded (and the
      // command stopped) by emit, and the driver meets it at its next step.
      if (!(error instanceof JournalWriteError)) throw error;
    }
  }

  /** Records an interruption (SIGINT, SIGHUP, quit) and stops what runs; the session stays resumable. */
  interrupt(reason: string): void {
    // A signal can arrive twice (a library re-raising it on its way out): one interruption is recorded.
    if (this.closed || this.state.finished || this.lastType === 'session.interrupted') return;
    try {
      this.emit({ type: 'session.interrupted', reason });
    } finally {
      // also when the journal cannot take the event: the command stops either way
      this.stopRunning();
    }
  }

  /** Ends the session with its outcome and exit code (SPEC §1). */
  finish(outcome: 'completed' | 'failed' | 'aborted', reason?: string): number {
    if (this.state.finished) return this.state.finished.exitCode;
    const now = Date.now();
    const rto = rtoMet(this.state, now);
    const rpo = rpoMet(this.state);
    const exitCode = outcome === 'completed' ? (rto && rpo !== false ? 0 : 3) : 1;
    this.emit({ type: 'session.finished', at: now, outcome, exitCode, rtoMet: rto, rpoMet: rpo, reason });
    return exitCode;
  }

  /** Releases the lock and the journal. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.journal.close();
    this.lock.release();
  }

  private requireCurrent(): Step {
    const step = this.current();
    if (!step) throw new Error('no current step');
    return step;
  }
}

function withBuiltins(values: Map<string, ResolvedVar>, id: string, dir: string, mode: Mode, file: string): Map<string, ResolvedVar> {
  const all = new Map(values);
  all.set('DRP_SESSION_ID', { value: id, secret: false, source: 'builtin' });
  all.set('DRP_SESSION_DIR', { value: dir, secret: false, source: 'builtin' });
  all.set('DRP_MODE', { value: mode, secret: false, source: 'builtin' });
  all.set('DRP_RUNBOOK_DIR', { value: dirname(resolve(file)), secret: false, source: 'builtin' });
  return all;
}

/** Who is at the keyboard: the configured operator name, else the login name. */
export function operatorName(): string {
  if (process.env.DRP_OPERATOR) return process.env.DRP_OPERATOR;
  const configured = getConfig('operator');
  if (configured) return configured;
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
