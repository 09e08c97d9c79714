/**
 * A bundled runbook's checks against real servers: the check steps of
 * runbooks/keneyapp/database-failure.yaml (latest backup in S3 within the RPO; row counts of
 * patients, appointments, prescriptions, audit_logs) played unattended in drill mode against the
 * local PostgreSQL and an S3 server on 127.0.0.1, exactly as the runbook writes them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { drp, drpAsync, ROOT, tempDir } from '../helpers/cli.js';
import { S3RVER_CREDENTIALS, startS3, type S3Server } from '../helpers/servers.js';

const database = `drp_bundled_${process.pid}`;
const admin = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DATABASE_URL = `postgresql://postgres:not-a-real-password@127.0.0.1:5432/${database}`;
let s3: S3Server;

/** The bundled runbook reduced to its postgres and s3 check steps (the http checks need the real service). */
function checksOnly(): string {
  const runbook = parse(readFileSync(join(ROOT, 'runbooks/keneyapp/database-failure.yaml'), 'utf8')) as { steps: { check?: { postgres?: unknown; s3?: unknown }; next?: string }[] };
  runbook.steps = runbook.steps.filter((step) => step.check?.postgres !== undefined || step.check?.s3 !== undefined).map(({ next: _next, ...step }) => step);
  expect(runbook.steps.length).toBeGreaterThanOrEqual(5);
  const file = join(tempDir(), 'keneyapp-database-failure-checks.yaml');
  writeFileSync(file, stringify(runbook));
  return file;
}

beforeAll(async () => {
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${database}`);
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  const db = new pg.Client(`postgresql://postgres@127.0.0.1:5432/${database}`);
  await db.connect();
  for (const table of ['patients', 'appointments', 'prescriptions', 'audit_logs']) {
    await db.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, created_at timestamptz DEFAULT now())`);
    await db.query(`INSERT INTO ${table} (created_at) SELECT now() - g * interval '1 minute' FROM generate_series(1, 25) g`);
  }
  await db.end();
  s3 = await startS3(['keneyapp-backups-staging']);
  const client3 = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: S3RVER_CREDENTIALS });
  await client3.send(new PutObjectCommand({ Bucket: 'keneyapp-backups-staging', Key: 'postgres/keneyapp_backup_20261122_020000.sql.gz', Body: 'backup' }));
});

afterAll(async () => {
  await s3?.close();
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${database}`);
  await client.end();
});

describe('a bundled runbook against local PostgreSQL and S3', () => {
  it('passes every check of keneyapp-database-failure in a drill and records the recovery point', { timeout: 90_000 }, async () => {
    const home = tempDir();
    const env = { DRP_HOME: home, DATABASE_URL, AWS_ENDPOINT_URL: s3.endpoint, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };
    const result = await drpAsync(['run', checksOnly(), '--non-interactive', '--drill'], { cwd: tempDir(), env });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('recovery point:');
    expect(result.stdout).not.toContain('not-a-real-password');
    expect(result.stdout).toMatch(/✓ verify-patients ok.*n = 25/);
    const [session] = JSON.parse(drp(['sessions', '--json'], { env: { DRP_HOME: home } }).stdout) as { id: string }[];
    const report = drp(['report', session?.id ?? '', '--format', 'md'], { env: { DRP_HOME: home } }).stdout;
    expect(report).toMatch(/\| RPO \(data loss\) \| 24h \| [^|]+ \| ✅ yes \|/);
  });
});
