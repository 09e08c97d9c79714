/**
 * The `postgres` check: `ready` (a pg_isready equivalent: connects and answers SELECT 1),
 * `replication_lag_max` (this server is a replica lagging at most that much) and `query` with
 * `expect` on the first row's columns and/or `rows`. Several may be combined; with none, the
 * check is `ready`. One connection per attempt, always closed.
 */
import { Client, DatabaseError } from 'pg';
import { formatDuration, parseDuration } from '../runbook/duration.js';
import type { PostgresCheck } from '../runbook/schema.js';
import { boundsFailure, showBounds, showValue } from './bounds.js';
import { CheckReporter, guard } from './check-result.js';
import { DEFAULT_CHECK_TIMEOUT_MS, startDeadline } from './deadline.js';
import { describeNetworkError, innermostMessage } from './net-errors.js';
import type { Runner, RunContext, RunResult } from './types.js';

/** How long ending a connection may take before it is dropped: the check is over either way. */
const END_GRACE_MS = 1000;
/** Long column values are cut in the report: a check shows a row, not a document. */
const MAX_VALUE_CHARS = 200;

/** What the attempt was doing when it failed, for the message. */
type Phase = 'connecting' | 'checking replication' | 'running the query' | 'running SELECT 1';

/** Connects once and runs the requested checks. */
export const postgresRunner: Runner<PostgresCheck> = {
  run: (config, context) => guard('postgres', context, [config.url], () => checkPostgres(config, context)),
};

async function checkPostgres(config: PostgresCheck, context: RunContext): Promise<RunResult> {
  const report = new CheckReporter('postgres', context, [config.url]);
  if (!/^postgres(ql)?:\/\//i.test(config.url)) {
    return report.fail(`not a PostgreSQL URL: ${config.url} (expected postgresql://USER@HOST:5432/DATABASE)`);
  }
  const { address, database } = endpoint(config.url);
  const server = `${address}/${database}`;
  let lagMaxMs: number | undefined;
  if (config.replication_lag_max !== undefined) {
    lagMaxMs = parseDuration(config.replication_lag_max);
    if (lagMaxMs === undefined) return report.fail(`bad replication_lag_max ${JSON.stringify(config.replication_lag_max)}: expected a duration such as 10s`);
  }

  const timeoutMs = context.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let client: Client;
  try {
    client = new Client({
      connectionString: config.url,
      application_name: 'drp',
      // The driver's and the server's own limits, so that a query we stop waiting for is also
      // stopped on the server instead of running on after the check gave up.
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs,
    });
  } catch (error) {
    return report.fail(`not a valid PostgreSQL URL: ${config.url} (${innermostMessage(error)})`);
  }
  const deadline = startDeadline(context);
  // A dropped connection is also emitted as an event: unhandled, it would crash drp.
  client.on('error', () => undefined);
  let phase: Phase = 'connecting';
  const facts: Record<string, unknown> = { server };
  try {
    await deadline.race(client.connect());
    const found: string[] = [];
    const failures: string[] = [];

    if (lagMaxMs !== undefined) {
      phase = 'checking replication';
      const lag = await replicationLag(client, deadline.race.bind(deadline));
      if (!lag.inRecovery) return report.fail(`${server} is not a replica (pg_is_in_recovery() is false)`, { ...facts, inRecovery: false });
      facts.replicationLagMs = lag.lagMs;
      if (lag.lagMs === null) failures.push('the replica has not replayed any transaction yet (pg_last_xact_replay_timestamp() is null)');
      else if (lag.lagMs > lagMaxMs) {
        // Measured as time since the last replayed transaction: an idle primary also makes it grow.
        failures.push(`replication lag ${formatDuration(lag.lagMs)}, above the maximum ${formatDuration(lagMaxMs)} (time since the last replayed transaction)`);
      } else found.push(`replica, lag ${formatDuration(lag.lagMs)} (max ${formatDuration(lagMaxMs)})`);
    }

    if (config.query !== undefined) {
      phase = 'running the query';
      facts.query = config.query;
      const outcome = await runQuery(client, config, deadline.race.bind(deadline));
      Object.assign(facts, outcome.facts);
      found.push(...outcome.found);
      failures.push(...outcome.failures);
    } else if (lagMaxMs === undefined) {
      phase = 'running SELECT 1';
      await deadline.race(client.query('SELECT 1'));
      found.push(`${server} accepts connections and answers`);
    }

    if (failures.length > 0) return report.fail(failures.join('; '), facts);
    return report.pass(found.join('; '), facts);
  } catch (error) {
    return failure(report, error, { phase, address, server, facts, stopped: deadline.result(error), timeoutMs: deadline.timeoutMs });
  } finally {
    deadline.dispose();
    // end() drops the socket itself when a query is still running (after a timeout).
    await Promise.race([client.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, END_GRACE_MS).unref())]);
  }
}

type Race = <T>(promise: Promise<T>) => Promise<T>;

/** Whether the server is a replica, and the time since its last replayed transaction. */
async function replicationLag(client: Client, race: Race): Promise<{ inRecovery: boolean; lagMs: number | null }> {
  const result = await race(
    client.query<{ in_recovery: boolean; lag_ms: string | null }>(
      'SELECT pg_is_in_recovery() AS in_recovery, (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint AS lag_ms',
    ),
  );
  const row = result.rows[0];
  return { inRecovery: row?.in_recovery === true, lagMs: row?.lag_ms == null ? null : Math.max(0, Number(row.lag_ms)) };
}

/** Runs the query and holds its first row and row count against `expect` and `rows`. */
async function runQuery(client: Client, config: PostgresCheck, race: Race): Promise<{ facts: Record<string, unknown>; found: string[]; failures: string[] }> {
  const results = await race(client.query(config.query ?? ''));
  // Several statements ("SET ...; SELECT ...") answer with one result each: the last one counts.
  const list = Array.isArray(results) ? (results as (typeof results)[]) : [results];
  const last = list[list.length - 1];
  const rows: Record<string, unknown>[] = last?.rows ?? [];
  const count = last && last.fields.length > 0 ? rows.length : (last?.rowCount ?? 0);
  const first = rows[0];
  const facts: Record<string, unknown> = { rowCount: count, firstRow: first ? shortRow(first) : null };
  const found = [`${count} row${count === 1 ? '' : 's'}`];
  const failures: string[] = [];

  if (config.rows !== undefined) {
    const bounds = typeof config.rows === 'number' ? { equals: config.rows } : config.rows;
    const why = boundsFailure('row count', count, bounds);
    if (why) failures.push(why);
  }
  for (const [column, bounds] of Object.entries(config.expect ?? {})) {
    if (!first) {
      failures.push(`the query returned no rows (expected ${column} ${showBounds(bounds)})`);
      break;
    }
    if (!(column in first)) {
      failures.push(`column "${column}" is not in the result (columns: ${Object.keys(first).join(', ') || 'none'})`);
      continue;
    }
    const why = boundsFailure(column, first[column], bounds);
    if (why) failures.push(why);
    else found.push(`${column} = ${showValue(first[column])} (${showBounds(bounds)})`);
  }
  if (!config.expect && first) {
    const shown = Object.entries(first).map(([column, value]) => `${column} = ${showValue(value)}`).join(', ');
    found.push(`first row: ${shown.length > 120 ? `${shown.slice(0, 119)}…` : shown}`);
  }
  return { facts, found: [found.join(', ')], failures };
}

/** The row as the report shows it: long values cut. */
function shortRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [column, typeof value === 'string' && value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value]),
  );
}

interface FailureContext {
  phase: Phase;
  address: string;
  server: string;
  facts: Record<string, unknown>;
  stopped: RunResult | undefined;
  timeoutMs: number;
}

/** Any error of the attempt as a failed result in an operator's words. */
function failure(report: CheckReporter, error: unknown, { phase, address, server, facts, stopped, timeoutMs }: FailureContext): RunResult {
  if (stopped) return report.result(false, `${stopped.summary} ${phase} (${server})`, facts, stopped);
  if (error instanceof DatabaseError) {
    // 57014 from statement_timeout: the server stopped the query for us.
    if (error.code === '57014' && /statement timeout/.test(error.message)) {
      return report.result(false, `timed out after ${formatDuration(timeoutMs)} ${phase} (${server}): the server cancelled it`, facts, { timedOut: true });
    }
    const hint = error.hint ? ` (hint: ${error.hint})` : '';
    // Classes 28 (authorization) and 3D (unknown database) and the startup refusals speak for themselves.
    if (phase === 'connecting' || /^(28|3D|57P|53)/.test(error.code ?? '')) return report.fail(`${error.message} (${address})${hint}`, facts);
    return report.fail(`SQL error: ${error.message}${hint}`, facts);
  }
  const message = innermostMessage(error);
  // The driver's own connectionTimeoutMillis and query_timeout, should they fire first.
  if (/timeout/i.test(message)) return report.result(false, `timed out after ${formatDuration(timeoutMs)} ${phase} (${server}): ${message}`, facts, { timedOut: true });
  if (/client password must be a string|password must be a string/i.test(message)) {
    return report.fail(`the server at ${address} asks for a password and the URL has none`, facts);
  }
  const words = phase === 'connecting' ? `cannot connect to ${server}: ${message}` : `${phase} on ${server} failed: ${message}`;
  return report.fail(describeNetworkError(error, address) ?? words, facts);
}

/** host:port and database of a URL, for messages (best effort: the driver reads the URL itself). */
function endpoint(url: string): { address: string; database: string } {
  try {
    const parsed = new URL(url);
    const host = parsed.searchParams.get('host') ?? (decode(parsed.hostname) || 'localhost');
    const port = parsed.port || parsed.searchParams.get('port') || '5432';
    const database = decode(parsed.pathname.replace(/^\//, '')) || decode(parsed.username) || 'postgres';
    return { address: `${host}:${port}`, database };
  } catch {
    return { address: 'the server', database: '?' };
  }
}

/** Percent-decoding that leaves a malformed escape as written. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
