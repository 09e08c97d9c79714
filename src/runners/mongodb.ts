/**
 * The `mongodb` check: `ping: true` (the server answers an admin ping) and/or `count` (the
 * documents of a collection matching a filter, within bounds). With neither, the check pings.
 * One client per attempt, always closed.
 */
import { MongoClient, MongoParseError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import type { MongodbCheck } from '../runbook/schema.js';
import { boundsFailure, showBounds } from './bounds.js';
import { CheckReporter, guard } from './check-result.js';
import { DEFAULT_CHECK_TIMEOUT_MS, startDeadline } from './deadline.js';
import { describeNetworkError, innermostMessage } from './net-errors.js';
import type { Runner, RunContext, RunResult } from './types.js';

/** How long closing the client may take: the check is over either way. */
const CLOSE_GRACE_MS = 1000;

/** Pings and/or counts once. */
export const mongodbRunner: Runner<MongodbCheck> = {
  run: (config, context) => guard('mongodb', context, [config.url], () => checkMongodb(config, context)),
};

async function checkMongodb(config: MongodbCheck, context: RunContext): Promise<RunResult> {
  const report = new CheckReporter('mongodb', context, [config.url]);
  const target = parseTarget(config.url);
  if (!target) return report.fail(`not a MongoDB URL: ${config.url} (expected mongodb://HOST:27017/DATABASE)`);
  const database = config.database ?? target.database;
  const facts: Record<string, unknown> = { server: target.hosts };
  if (config.count && !database) {
    return report.fail(`no database to count ${config.count.collection} in: add database: to the check or put it in the URL (mongodb://host/DATABASE)`, facts);
  }

  const timeoutMs = context.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let client: MongoClient;
  try {
    client = new MongoClient(config.url, { appName: 'drp', maxPoolSize: 1, serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  } catch (error) {
    // The URL is parsed here, before any connection.
    return report.fail(`not a valid MongoDB URL: ${config.url} (${innermostMessage(error)})`, facts);
  }
  const deadline = startDeadline(context);
  try {
    // The driver keeps retrying an unreachable server until server selection times out; this
    // check is one attempt (the step's retry: polls), so it fails as soon as every server has
    // failed once, with that server's error instead of a bare timeout.
    const unreachable = new Promise<never>((_, reject) => {
      client.on('topologyDescriptionChanged', ({ newDescription }) => {
        const servers = [...newDescription.servers.values()];
        if (servers.length > 0 && servers.every((server) => server.error !== null)) reject(servers[0]?.error ?? new Error('no server reachable'));
      });
    });
    unreachable.catch(() => undefined);
    const race = <T>(operation: Promise<T>): Promise<T> => deadline.race(Promise.race([operation, unreachable]));
    const found: string[] = [];
    const failures: string[] = [];
    if (config.ping || !config.count) {
      await race(client.db('admin').command({ ping: 1 }));
      found.push(`${target.hosts} answers ping`);
    }
    if (config.count && database) {
      const { collection, filter = {}, min, max, equals } = config.count;
      Object.assign(facts, { database, collection, filter });
      const count = await race(client.db(database).collection(collection).countDocuments(filter));
      facts.count = count;
      const bounds = { min, max, equals };
      const matching = Object.keys(filter).length > 0 ? ` matching ${JSON.stringify(filter)}` : '';
      const why = boundsFailure(`${database}.${collection} count${matching}`, count, bounds);
      if (why) failures.push(why);
      else found.push(`${count} document${count === 1 ? '' : 's'} in ${database}.${collection}${matching}${showBounds(bounds) ? ` (${showBounds(bounds)})` : ''}`);
    }
    if (failures.length > 0) return report.fail(failures.join('; '), facts);
    return report.pass(found.join('; '), facts);
  } catch (error) {
    const stopped = deadline.result(error);
    if (stopped) return report.result(false, `${stopped.summary} waiting for ${target.hosts}`, facts, stopped);
    return report.fail(describeMongoError(error, target.hosts), facts);
  } finally {
    deadline.dispose();
    await Promise.race([client.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
  }
}

/** The hosts and database of a URL, for messages; undefined when it is not a MongoDB URL. */
function parseTarget(url: string): { hosts: string; database: string | undefined } | undefined {
  const match = /^mongodb(\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)(?:\/([^?]*))?/i.exec(url);
  if (!match?.[2]) return undefined;
  let database: string | undefined;
  try {
    database = match[3] ? decodeURIComponent(match[3]) : undefined;
  } catch {
    database = match[3];
  }
  return { hosts: match[2], database };
}

/** A driver error in an operator's words. */
function describeMongoError(error: unknown, hosts: string): string {
  if (error instanceof MongoParseError) return `not a valid MongoDB URL: ${error.message}`;
  if (error instanceof MongoServerError) {
    if (error.code === 18) return `authentication failed on ${hosts}: ${error.message}`;
    if (error.code === 13) return `not authorized on ${hosts}: ${error.message}`;
    return `MongoDB error${error.codeName ? ` ${error.codeName}` : ''}: ${error.message}`;
  }
  // A server that cannot be reached fails server selection; its reason holds the socket error.
  const reason = error instanceof MongoServerSelectionError ? [error, ...[...(error.reason?.servers.values() ?? [])].map((server) => server.error)] : [error];
  for (const candidate of reason) {
    const network = describeNetworkError(candidate, hosts);
    if (network) return network;
  }
  const message = innermostMessage(error);
  const refused = /ECONNREFUSED\s+(\S+)/.exec(message);
  if (refused) return `cannot connect to ${refused[1]}: connection refused`;
  return `cannot reach MongoDB at ${hosts}: ${message}`;
}
