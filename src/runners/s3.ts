/**
 * The `s3` check: the newest object under `prefix` and its age against `newer_than` (a duration,
 * or `rpo` for the runbook's objective), and/or `exists: KEY`. The newest object's LastModified
 * is returned as the session's recovery point, so the report can state the RPO actually achieved.
 * Works with S3-compatible stores (MinIO, Ceph, R2) through `endpoint`, which implies path-style
 * addressing. Credentials come from the SDK's usual chain (environment, profile, SSO, instance role).
 */
import { HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { formatDuration, parseDuration } from '../runbook/duration.js';
import type { S3Check } from '../runbook/schema.js';
import { CheckReporter, guard } from './check-result.js';
import { startDeadline, type Deadline } from './deadline.js';
import { describeNetworkError, innermostMessage } from './net-errors.js';
import type { Runner, RunContext, RunResult } from './types.js';

/** The newest object found so far: the listing keeps only this, however large the bucket. */
interface Newest {
  key: string;
  lastModified: Date;
}

/** Lists (or heads) once and judges what it found. */
export const s3Runner: Runner<S3Check> = {
  run: (config, context) => guard('s3', context, config.endpoint ? [config.endpoint] : [], () => checkS3(config, context)),
};

async function checkS3(config: S3Check, context: RunContext): Promise<RunResult> {
  const report = new CheckReporter('s3', context, config.endpoint ? [config.endpoint] : []);
  const prefix = config.prefix ?? '';
  const where = `s3://${config.bucket}/${prefix}`;
  const limit = maxAge(config, context);
  if (typeof limit === 'string') return report.fail(limit, { bucket: config.bucket, prefix });
  // The SDK's own variables for S3-compatible stores also count, so one runbook serves AWS in
  // production and MinIO (or a local server in tests) without editing it.
  const configured = config.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  const endpoint = configured ? normaliseEndpoint(configured) : undefined;
  if (endpoint instanceof Error) return report.fail(endpoint.message, { bucket: config.bucket, prefix });

  const client = quietly(
    () =>
      new S3Client({
        region: config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
        endpoint,
        forcePathStyle: config.path_style ?? endpoint !== undefined,
        // Retries belong to the step's `retry:`, where the journal records them; one attempt here.
        maxAttempts: 1,
        followRegionRedirects: true,
      }),
  );
  const facts: Record<string, unknown> = { bucket: config.bucket, prefix };
  const deadline = startDeadline(context);
  try {
    const found: string[] = [];
    const failures: string[] = [];
    let recoveryPoint: RunResult['recoveryPoint'];

    if (config.exists !== undefined) {
      const head = await headObject(client, config.bucket, config.exists, deadline);
      facts.exists = config.exists;
      if (!head) failures.push(`s3://${config.bucket}/${config.exists} does not exist`);
      else {
        facts.existsLastModified = head.lastModified;
        found.push(`s3://${config.bucket}/${config.exists} exists (${head.size} bytes)`);
      }
    }

    // `exists` alone asks about one key; anything else is about the newest object.
    if (config.exists === undefined || limit !== undefined) {
      const { newest, count } = await findNewest(client, config.bucket, prefix, deadline);
      facts.objects = count;
      if (!newest) failures.push(`no objects under ${where}`);
      else {
        const ageMs = Math.max(0, Date.now() - newest.lastModified.getTime());
        const source = `s3://${config.bucket}/${newest.key}`;
        Object.assign(facts, { newest: newest.key, lastModified: newest.lastModified, ageMs, age: formatDuration(ageMs) });
        recoveryPoint = { point: newest.lastModified.getTime(), source };
        const newestText = `newest ${source} is ${formatDuration(ageMs)} old (${newest.lastModified.toISOString()})`;
        if (limit !== undefined) {
          facts.maxAgeMs = limit;
          // The limit as the runbook wrote it ("24h"), or the RPO it stands for.
          const limitText = config.newer_than === 'rpo' ? `the RPO (${formatDuration(limit)})` : String(config.newer_than);
          if (ageMs > limit) failures.push(`${newestText}, older than ${limitText}`);
          else found.push(`${newestText}, within ${limitText}`);
        } else found.push(newestText);
      }
    }

    const extra = recoveryPoint ? { recoveryPoint } : {};
    if (failures.length > 0) return report.fail(failures.join('; '), facts, extra);
    return report.pass(found.join('; '), facts, extra);
  } catch (error) {
    const stopped = deadline.result(error);
    if (stopped) return report.result(false, `${stopped.summary} waiting for the S3 endpoint (${where})`, facts, stopped);
    return report.fail(describeS3Error(error, config, where, endpoint), facts);
  } finally {
    deadline.dispose();
    client.destroy();
  }
}

const NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Makes the client without the SDK's warning that its future versions will need Node 22: a note
 * for drp's maintainers, not for an operator in the middle of an incident (it would land on the
 * screen among the step's output). The SDK's own switch, set only while the client is made.
 */
function quietly<T>(make: () => T): T {
  const before = process.env[NODE_WARNING_SWITCH];
  process.env[NODE_WARNING_SWITCH] = 'true';
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env[NODE_WARNING_SWITCH];
    else process.env[NODE_WARNING_SWITCH] = before;
  }
}

/** The age limit in ms, undefined when none is asked for, or a message saying what is wrong. */
function maxAge(config: S3Check, context: RunContext): number | string | undefined {
  if (config.newer_than === undefined) return undefined;
  if (config.newer_than === 'rpo') {
    return context.rpoMs ?? 'newer_than: rpo, but the runbook sets no objectives.rpo: give a duration instead (newer_than: 24h)';
  }
  return parseDuration(config.newer_than) ?? `bad newer_than ${JSON.stringify(config.newer_than)}: expected a duration such as 24h, or rpo`;
}

/** The endpoint as the SDK wants it (with a scheme), or an Error saying why it is not one. */
function normaliseEndpoint(endpoint: string): string | Error {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return new Error(`the S3 endpoint must be http:// or https://, not ${endpoint}`);
    return withScheme;
  } catch {
    return new Error(`not a valid S3 endpoint: ${endpoint}`);
  }
}

/** Pages through the listing keeping only the newest object and a count. */
async function findNewest(client: S3Client, bucket: string, prefix: string, deadline: Deadline): Promise<{ newest: Newest | undefined; count: number }> {
  let newest: Newest | undefined;
  let count = 0;
  let token: string | undefined;
  let startAfter: string | undefined;
  let truncated = false;
  do {
    const page = await deadline.race(
      client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, StartAfter: token ? undefined : startAfter }), {
        abortSignal: deadline.signal,
      }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key || !object.LastModified) continue;
      count++;
      // LastModified has whole seconds: on a tie, the greater key (dated names sort by time) wins.
      const time = object.LastModified.getTime();
      const newestTime = newest?.lastModified.getTime() ?? -Infinity;
      if (!newest || time > newestTime || (time === newestTime && object.Key > newest.key)) newest = { key: object.Key, lastModified: object.LastModified };
    }
    truncated = page.IsTruncated === true;
    token = truncated ? page.NextContinuationToken : undefined;
    // Some S3-compatible stores say "truncated" without a token: continue after the last key.
    startAfter = page.Contents?.at(-1)?.Key;
    if (truncated && !token && !startAfter) break;
  } while (truncated);
  return { newest, count };
}

/** The object's size and LastModified, or undefined when there is no such key. */
async function headObject(client: S3Client, bucket: string, key: string, deadline: Deadline): Promise<{ size: number; lastModified: Date | undefined } | undefined> {
  try {
    const head = await deadline.race(client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: deadline.signal }));
    return { size: head.ContentLength ?? 0, lastModified: head.LastModified };
  } catch (error) {
    // HEAD answers have no body: a missing key and a missing bucket are the same bare 404.
    if (!(error instanceof S3ServiceException) || error.$metadata.httpStatusCode !== 404) throw error;
    await deadline.race(client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: deadline.signal })).catch((bucketError: unknown) => {
      if (bucketError instanceof S3ServiceException && bucketError.$metadata.httpStatusCode === 404) {
        throw Object.assign(new Error(`bucket "${bucket}" does not exist`), { name: 'NoSuchBucket' });
      }
      // Allowed to read the key but not to head the bucket: the key is what was asked about.
    });
    if (deadline.signal.aborted) throw deadline.signal.reason as Error;
    return undefined;
  }
}

/** An SDK error in an operator's words. */
function describeS3Error(error: unknown, config: S3Check, where: string, endpoint: string | undefined): string {
  const name = error instanceof Error ? error.name : '';
  const message = innermostMessage(error);
  const host = endpoint ? new URL(endpoint).host : `${config.bucket}.s3.amazonaws.com`;
  const target = /:\d+$/.test(host) ? host : `${host}:443`;
  const network = describeNetworkError(error, target);
  if (network) return `${network} (S3 endpoint for ${where})`;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE';
  }
  switch (name) {
    case 'NoSuchBucket':
      return `bucket "${config.bucket}" does not exist${endpoint ? ` at ${endpoint}` : ''}`;
    case 'AccessDenied':
    case 'Forbidden':
      return `access denied to ${where}: the credentials may not list or read it (${message})`;
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
    case 'InvalidToken':
    case 'ExpiredToken':
      return `the AWS credentials were rejected (${name}): ${message}`;
    default:
      return `cannot list ${where}: ${name && name !== 'Error' ? `${name}: ` : ''}${message}`;
  }
}
