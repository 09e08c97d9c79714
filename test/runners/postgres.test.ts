/**
 * Against the real PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`; .ci/run starts it).
 * Each run creates its own uniquely named table and drops it.
 */
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresRunner } from '../../src/runners/postgres.js';
import { closedPort, runContext } from '../helpers/servers.js';

const URL = 'postgresql://postgres@127.0.0.1:5432/test';
const table = `drp_check_${process.pid}_${Date.now()}`;

/** Polls until the condition holds (or fails after `ms`): waiting for a state, not for time. */
async function until(condition: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('postgres check', () => {
  const admin = new Client({ connectionString: URL });
  /** Backends of drp (application_name) still running pg_sleep. */
  const sleepingChecks = async (): Promise<number> =>
    Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'drp' AND query LIKE '%pg_sleep%' AND state = 'active'")).rows[0].n);

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, name text NOT NULL, status text NOT NULL)`);
    await admin.query(`INSERT INTO ${table} (name, status) SELECT 'patient ' || i, 'active' FROM generate_series(1, 42) AS i`);
  });
  afterAll(async () => {
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.end();
  });

  it('ready: passes when the server accepts a connection and answers', async () => {
    const result = await postgresRunner.run({ url: URL, ready: true }, runContext());
    expect(result).toMatchObject({ ok: true, summary: '127.0.0.1:5432/test accepts connections and answers' });
    expect(result.check).toMatchObject({ kind: 'postgres', facts: { server: '127.0.0.1:5432/test' } });
  });

  it('ready: fails with "connection refused" when nothing listens on the port', async () => {
    const port = await closedPort();
    const result = await postgresRunner.run({ url: `postgresql://postgres@127.0.0.1:${port}/test`, ready: true }, runContext());
    expect(result).toMatchObject({ ok: false, summary: `cannot connect to 127.0.0.1:${port}: connection refused` });
  });

  it('fails with the server\'s words for an unknown database and an unknown user', async () => {
    const database = await postgresRunner.run({ url: 'postgresql://postgres@127.0.0.1:5432/drp_no_such_db', ready: true }, runContext());
    expect(database).toMatchObject({ ok: false, summary: 'database "drp_no_such_db" does not exist (127.0.0.1:5432)' });
    const user = await postgresRunner.run({ url: 'postgresql://drp_no_such_user@127.0.0.1:5432/test', ready: true }, runContext());
    expect(user).toMatchObject({ ok: false, summary: 'role "drp_no_such_user" does not exist (127.0.0.1:5432)' });
  });

  it('reports an SQL error as one', async () => {
    const result = await postgresRunner.run({ url: URL, query: 'SELECT count(*) FROM drp_no_such_table' }, runContext());
    expect(result).toMatchObject({ ok: false, summary: 'SQL error: relation "drp_no_such_table" does not exist' });
    expect(result.check?.facts).toMatchObject({ query: 'SELECT count(*) FROM drp_no_such_table' });
  });

  it('expect: passes within bounds, comparing count(*) (a bigint string) as a number', async () => {
    const query = `SELECT count(*) AS n, max(status) AS status FROM ${table}`;
    const result = await postgresRunner.run({ url: URL, query, expect: { n: { min: 1, max: 100 }, status: { equals: 'active' } } }, runContext());
    expect(result).toMatchObject({ ok: true, summary: '1 row, n = 42 (min 1, max 100), status = "active" (= "active")' });
    expect(result.check?.facts).toEqual({ server: '127.0.0.1:5432/test', query, rowCount: 1, firstRow: { n: '42', status: 'active' } });
  });

  it('expect: fails naming the column, the value and the bound', async () => {
    const query = `SELECT count(*) AS n, max(status) AS status FROM ${table}`;
    const min = await postgresRunner.run({ url: URL, query, expect: { n: { min: 50 } } }, runContext());
    expect(min).toMatchObject({ ok: false, summary: 'n = 42, below the minimum 50' });
    const max = await postgresRunner.run({ url: URL, query, expect: { n: { max: 10 } } }, runContext());
    expect(max).toMatchObject({ ok: false, summary: 'n = 42, above the maximum 10' });
    const equals = await postgresRunner.run({ url: URL, query, expect: { status: { equals: 'restored' }, n: { equals: 42 } } }, runContext());
    expect(equals).toMatchObject({ ok: false, summary: 'status = "active", expected "restored"' });
    const missing = await postgresRunner.run({ url: URL, query, expect: { total: { min: 1 } } }, runContext());
    expect(missing).toMatchObject({ ok: false, summary: 'column "total" is not in the result (columns: n, status)' });
  });

  it('expect: fails when the query returns no row', async () => {
    const result = await postgresRunner.run({ url: URL, query: `SELECT id FROM ${table} WHERE false`, expect: { id: { min: 1 } } }, runContext());
    expect(result).toMatchObject({ ok: false, summary: 'the query returned no rows (expected id min 1)' });
  });

  it('rows: an exact count or bounds', async () => {
    const query = `SELECT id FROM ${table} WHERE id <= 5`;
    expect(await postgresRunner.run({ url: URL, query, rows: 5 }, runContext())).toMatchObject({ ok: true, summary: '5 rows, first row: id = 1' });
    expect(await postgresRunner.run({ url: URL, query, rows: 6 }, runContext())).toMatchObject({ ok: false, summary: 'row count = 5, expected 6' });
    expect(await postgresRunner.run({ url: URL, query, rows: { min: 10 } }, runContext())).toMatchObject({ ok: false, summary: 'row count = 5, below the minimum 10' });
    expect((await postgresRunner.run({ url: URL, query, rows: { min: 1, max: 5 } }, runContext())).ok).toBe(true);
  });

  it('replication_lag_max: a server that is not a replica fails clearly', async () => {
    const result = await postgresRunner.run({ url: URL, replication_lag_max: '10s' }, runContext());
    expect(result).toMatchObject({ ok: false, summary: '127.0.0.1:5432/test is not a replica (pg_is_in_recovery() is false)' });
  });

  it('times out, and the server stops the query too', async () => {
    const started = Date.now();
    const result = await postgresRunner.run({ url: URL, query: 'SELECT pg_sleep(5)' }, runContext({ timeoutMs: 500 }));
    expect(result).toMatchObject({ ok: false, timedOut: true });
    expect(result.summary).toMatch(/^timed out after 500ms running the query \(127\.0\.0\.1:5432\/test\)/);
    expect(Date.now() - started).toBeLessThan(2500);
    // statement_timeout: the sleep does not run on after the check gave up on it.
    await until(async () => (await sleepingChecks()) === 0);
  });

  it('stops when the operator aborts mid-query', async () => {
    const controller = new AbortController();
    const running = postgresRunner.run({ url: URL, query: 'SELECT pg_sleep(5)' }, runContext({ signal: controller.signal }));
    await until(async () => (await sleepingChecks()) === 1);
    controller.abort();
    expect(await running).toMatchObject({ ok: false, aborted: true, summary: 'stopped by the operator running the query (127.0.0.1:5432/test)' });
  });

  it('never shows the password of the URL', async () => {
    const secret = 'Sup3r-S3cret';
    const url = `postgresql://postgres:${secret}@127.0.0.1:5432/test`;
    const port = await closedPort();
    const results = [
      await postgresRunner.run({ url, query: `SELECT '${secret}' AS echoed` }, runContext()),
      await postgresRunner.run({ url, query: 'SELECT * FROM drp_no_such_table' }, runContext()),
      await postgresRunner.run({ url: `postgresql://postgres:${secret}@127.0.0.1:${port}/test`, ready: true }, runContext()),
      await postgresRunner.run({ url: `mysql://postgres:${secret}@127.0.0.1/test`, ready: true }, runContext()),
      await postgresRunner.run({ url: `postgresql://postgres:${secret}@127.0.0.1:port/test`, ready: true }, runContext()),
    ];
    expect(results[0]).toMatchObject({ ok: true, check: { facts: { firstRow: { echoed: '***' } } } });
    expect(results[3]?.summary).toBe('not a PostgreSQL URL: mysql://postgres:***@127.0.0.1/test (expected postgresql://USER@HOST:5432/DATABASE)');
    expect(results[4]?.summary).toBe('not a valid PostgreSQL URL: postgresql://postgres:***@127.0.0.1:port/test (Invalid URL)');
    for (const result of results) expect(JSON.stringify(result)).not.toContain(secret);
  });
});
