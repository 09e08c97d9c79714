/**
 * Against a real S3-compatible HTTP server (s3rver) on 127.0.0.1, with objects uploaded by the
 * real AWS SDK. The runner finds its credentials the way it does in production, through the
 * SDK's default chain: here the AWS_* environment variables.
 */
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Runner } from '../../src/runners/s3.js';
import { closedPort, runContext, S3RVER_CREDENTIALS, startS3, type S3Server } from '../helpers/servers.js';

const BUCKET = 'backups';

describe('s3 check', () => {
  let s3: S3Server;
  let client: S3Client;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  /** LastModified (ms) of each uploaded key, as the server reports it. */
  const modified = new Map<string, number>();

  const put = (key: string, body = 'dump'): Promise<unknown> => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  /** Waits until the wall clock has passed `ms`. */
  const clockPast = async (ms: number): Promise<void> => {
    while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, 1));
  };
  /**
   * Uploads `key` until the server dates it after `than`. LastModified has whole seconds (as on
   * AWS) and s3rver takes it from the file's mtime, which the kernel's coarse clock may set a few
   * ms behind Date.now(): so wait for the next second, then check what the server recorded.
   */
  const putNewer = async (key: string, than: number, via = (): S3Client => client): Promise<void> => {
    do {
      await clockPast(than + 999);
      await via().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
      const head = await via().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      modified.set(key, head.LastModified?.getTime() ?? 0);
    } while ((modified.get(key) ?? 0) <= than);
  };
  const listed = async (prefix: string): Promise<void> => {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) modified.set(object.Key ?? '', object.LastModified?.getTime() ?? 0);
      token = page.NextContinuationToken;
    } while (token);
  };

  beforeAll(async () => {
    // The SDK's notice that its 2027 versions need Node 22: noise in the test output.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    s3 = await startS3([BUCKET]);
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    // The key that sorts last is the older one: the newest is found by time, not by name.
    await put('postgres/2024-06-02.dump');
    await listed('postgres/');
    await putNewer('postgres/2024-06-01.dump', modified.get('postgres/2024-06-02.dump') ?? 0);
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('finds the newest object by LastModified, passes within newer_than and records it as the recovery point', async () => {
    const point = modified.get('postgres/2024-06-01.dump') ?? 0;
    expect(point).toBeGreaterThan(modified.get('postgres/2024-06-02.dump') ?? 0);
    const result = await s3Runner.run({ bucket: BUCKET, prefix: 'postgres/', endpoint: s3.endpoint, newer_than: '1h' }, runContext());
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^newest s3:\/\/backups\/postgres\/2024-06-01\.dump is \d+(ms|s) old \(.+Z\), within 1h$/);
    expect(result.recoveryPoint).toEqual({ point, source: 's3://backups/postgres/2024-06-01.dump' });
    expect(result.check?.facts).toMatchObject({
      bucket: BUCKET,
      prefix: 'postgres/',
      objects: 2,
      newest: 'postgres/2024-06-01.dump',
      lastModified: new Date(point).toISOString(),
      ageMs: expect.any(Number),
      maxAgeMs: 3_600_000,
    });
  });

  it('fails when the newest object is older than newer_than, and still records the recovery point', async () => {
    const point = modified.get('postgres/2024-06-01.dump') ?? 0;
    // The age is known to be above 0 once the clock has passed the upload: 0s is below it.
    await clockPast(point);
    const result = await s3Runner.run({ bucket: BUCKET, prefix: 'postgres/', endpoint: s3.endpoint, newer_than: '0s' }, runContext());
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^newest s3:\/\/backups\/postgres\/2024-06-01\.dump is \d+(ms|s) old \(.+Z\), older than 0s$/);
    expect(result.recoveryPoint?.point).toBe(point);
  });

  it("newer_than: rpo compares with the runbook's RPO", async () => {
    const point = modified.get('postgres/2024-06-01.dump') ?? 0;
    const within = await s3Runner.run({ bucket: BUCKET, prefix: 'postgres/', endpoint: s3.endpoint, newer_than: 'rpo' }, runContext({ rpoMs: 86_400_000 }));
    expect(within).toMatchObject({ ok: true, recoveryPoint: { point } });
    expect(within.summary).toMatch(/within the RPO \(1d00h00m\)$/);
    await clockPast(point + 1);
    const beyond = await s3Runner.run({ bucket: BUCKET, prefix: 'postgres/', endpoint: s3.endpoint, newer_than: 'rpo' }, runContext({ rpoMs: 1 }));
    expect(beyond).toMatchObject({ ok: false, recoveryPoint: { point } });
    expect(beyond.summary).toMatch(/older than the RPO \(1ms\)$/);
    const none = await s3Runner.run({ bucket: BUCKET, prefix: 'postgres/', endpoint: s3.endpoint, newer_than: 'rpo' }, runContext());
    expect(none).toMatchObject({ ok: false, summary: 'newer_than: rpo, but the runbook sets no objectives.rpo: give a duration instead (newer_than: 24h)' });
  });

  it('exists: passes for a key that is there, fails for one that is not or a bucket that is not', async () => {
    const there = await s3Runner.run({ bucket: BUCKET, endpoint: s3.endpoint, exists: 'postgres/2024-06-02.dump' }, runContext());
    expect(there).toMatchObject({ ok: true, summary: 's3://backups/postgres/2024-06-02.dump exists (4 bytes)' });
    expect(there.recoveryPoint).toBeUndefined();
    const missing = await s3Runner.run({ bucket: BUCKET, endpoint: s3.endpoint, exists: 'postgres/nope.dump' }, runContext());
    expect(missing).toMatchObject({ ok: false, summary: 's3://backups/postgres/nope.dump does not exist' });
    const noBucket = await s3Runner.run({ bucket: 'no-such-bucket', endpoint: s3.endpoint, exists: 'x' }, runContext());
    expect(noBucket).toMatchObject({ ok: false, summary: `bucket "no-such-bucket" does not exist at ${s3.endpoint}` });
  });

  it('fails when nothing is under the prefix', async () => {
    const result = await s3Runner.run({ bucket: BUCKET, prefix: 'mongodb/', endpoint: s3.endpoint, newer_than: '1d' }, runContext());
    expect(result).toMatchObject({ ok: false, summary: 'no objects under s3://backups/mongodb/', check: { facts: { objects: 0 } } });
    expect(result.recoveryPoint).toBeUndefined();
  });

  it('fails on a bucket that does not exist', async () => {
    const result = await s3Runner.run({ bucket: 'no-such-bucket', endpoint: s3.endpoint }, runContext());
    expect(result).toMatchObject({ ok: false, summary: `bucket "no-such-bucket" does not exist at ${s3.endpoint}` });
  });

  it('fails with "connection refused" when the endpoint is unreachable', async () => {
    const port = await closedPort();
    const result = await s3Runner.run({ bucket: BUCKET, prefix: 'postgres/', endpoint: `http://127.0.0.1:${port}` }, runContext());
    expect(result).toMatchObject({ ok: false, summary: `cannot connect to 127.0.0.1:${port}: connection refused (S3 endpoint for s3://backups/postgres/)` });
  });

  it('says so when the credentials are rejected', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'WRONG';
    try {
      const result = await s3Runner.run({ bucket: BUCKET, endpoint: s3.endpoint }, runContext());
      expect(result.ok).toBe(false);
      expect(result.summary).toMatch(/^the AWS credentials were rejected \(InvalidAccessKeyId\)/);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    }
  });

  it('pages through a listing longer than one page and keeps the newest', async () => {
    // Its own s3rver, in a process that can make s3rver's continuation tokens (see startS3).
    const paging = await startS3([BUCKET], { ownProcess: true });
    const uploader = new S3Client({ region: 'us-east-1', endpoint: paging.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    try {
      const upload = (key: string): Promise<unknown> => uploader.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
      const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}.dump`);
      // A few at a time: s3rver's file store fails under many concurrent writes.
      for (let i = 0; i < keys.length; i += 8) await Promise.all(keys.slice(i, i + 8).map(upload));
      // In a later second than all the others, and its name sorts last: it is on the second page.
      await putNewer('many/zzzz-latest.dump', Date.now(), () => uploader);
      const result = await s3Runner.run({ bucket: BUCKET, prefix: 'many/', endpoint: paging.endpoint }, runContext());
      expect(result).toMatchObject({ ok: true, check: { facts: { objects: 1006, newest: 'many/zzzz-latest.dump' } } });
    } finally {
      uploader.destroy();
      await paging.close();
    }
  });
});
