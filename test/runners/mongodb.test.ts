/**
 * Against a real mongod when MONGODB_URI is set (MONGODB_URI=mongodb://127.0.0.1:27017 npm test);
 * otherwise against the wire-protocol stand-in in test/helpers/mongo-wire.ts, because no MongoDB
 * server can be installed on these machines. Either way the real driver talks over a socket.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongodbRunner } from '../../src/runners/mongodb.js';
import { startMongoWire, type MongoWire } from '../helpers/mongo-wire.js';
import { closedPort, runContext } from '../helpers/servers.js';

const REAL = process.env.MONGODB_URI;
const DATABASE = `drp_check_${process.pid}`;
const COLLECTION = 'orders';

describe(`mongodb check (${REAL ? 'real mongod at MONGODB_URI' : 'wire-protocol stand-in'})`, () => {
  let wire: MongoWire | undefined;
  let url: string;

  beforeAll(async () => {
    if (REAL) {
      url = REAL;
      const client = new MongoClient(REAL);
      await client.db(DATABASE).collection(COLLECTION).insertMany(Array.from({ length: 7 }, (_, i) => ({ i, status: i < 5 ? 'paid' : 'open' })));
      await client.close();
      return;
    }
    // The stand-in stores nothing: it answers the counts the real collection above would have.
    wire = await startMongoWire({
      count: (namespace, filter) => (namespace !== `${DATABASE}.${COLLECTION}` ? 0 : filter.status === 'paid' ? 5 : filter.status === 'open' ? 2 : 7),
    });
    url = wire.url;
  });
  afterAll(async () => {
    if (REAL) {
      const client = new MongoClient(REAL);
      await client.db(DATABASE).dropDatabase();
      await client.close();
    }
    await wire?.close();
  });

  it('ping: passes when the server answers', async () => {
    const result = await mongodbRunner.run({ url, ping: true }, runContext());
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/ answers ping$/);
    if (wire) expect(wire.commands.map((command) => command.name)).toContain('ping');
  });

  it('count: passes within bounds and reports the count found', async () => {
    const result = await mongodbRunner.run({ url, database: DATABASE, count: { collection: COLLECTION, filter: { status: 'paid' }, min: 1, max: 10 } }, runContext());
    expect(result).toMatchObject({
      ok: true,
      summary: `5 documents in ${DATABASE}.${COLLECTION} matching {"status":"paid"} (min 1, max 10)`,
      check: { kind: 'mongodb', facts: { database: DATABASE, collection: COLLECTION, filter: { status: 'paid' }, count: 5 } },
    });
    // The filter reached the server as countDocuments sends it: an aggregate with a $match.
    if (wire) expect(wire.commands.find((command) => command.name === 'aggregate')?.body.pipeline[0]).toEqual({ $match: { status: 'paid' } });
  });

  it('count: fails outside the bounds, naming the count and the bound', async () => {
    const below = await mongodbRunner.run({ url, database: DATABASE, count: { collection: COLLECTION, filter: { status: 'open' }, min: 3 } }, runContext());
    expect(below).toMatchObject({ ok: false, summary: `${DATABASE}.${COLLECTION} count matching {"status":"open"} = 2, below the minimum 3` });
    const above = await mongodbRunner.run({ url, database: DATABASE, count: { collection: COLLECTION, max: 6 } }, runContext());
    expect(above).toMatchObject({ ok: false, summary: `${DATABASE}.${COLLECTION} count = 7, above the maximum 6` });
    const empty = await mongodbRunner.run({ url, database: DATABASE, count: { collection: 'drp_empty', min: 1 } }, runContext());
    expect(empty).toMatchObject({ ok: false, summary: `${DATABASE}.drp_empty count = 0, below the minimum 1` });
  });

  it('count: takes the database from the URL, and says so when there is none', async () => {
    const [base = '', query] = url.split('?');
    const withDatabase = `${base.replace(/^(mongodb(\+srv)?:\/\/[^/]+).*$/, `$1/${DATABASE}`)}${query === undefined ? '' : `?${query}`}`;
    const result = await mongodbRunner.run({ url: withDatabase, count: { collection: COLLECTION, equals: 7 } }, runContext());
    expect(result).toMatchObject({ ok: true, check: { facts: { database: DATABASE, count: 7 } } });
    const none = await mongodbRunner.run({ url: 'mongodb://127.0.0.1:27017', count: { collection: COLLECTION } }, runContext());
    expect(none).toMatchObject({ ok: false, summary: 'no database to count orders in: add database: to the check or put it in the URL (mongodb://host/DATABASE)' });
  });

  it('fails with "connection refused" when nothing listens, within the timeout', async () => {
    const port = await closedPort();
    const started = Date.now();
    const result = await mongodbRunner.run({ url: `mongodb://127.0.0.1:${port}/?directConnection=true`, ping: true }, runContext({ timeoutMs: 2000 }));
    expect(result).toMatchObject({ ok: false, summary: `cannot connect to 127.0.0.1:${port}: connection refused` });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('never shows the password of the URL', async () => {
    const port = await closedPort();
    const result = await mongodbRunner.run({ url: `mongodb://app:Sup3r-S3cret@127.0.0.1:${port}/shop?directConnection=true`, ping: true }, runContext({ timeoutMs: 1000 }));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('Sup3r-S3cret');
    const bad = await mongodbRunner.run({ url: 'postgres://app:Sup3r-S3cret@127.0.0.1/shop', ping: true }, runContext());
    expect(bad).toMatchObject({ ok: false, summary: 'not a MongoDB URL: postgres://app:***@127.0.0.1/shop (expected mongodb://HOST:27017/DATABASE)' });
    const malformed = await mongodbRunner.run({ url: 'mongodb://app:Sup3r-S3cret@127.0.0.1:port/shop', ping: true }, runContext());
    expect(malformed.ok).toBe(false);
    expect(malformed.summary).toMatch(/^not a valid MongoDB URL: mongodb:\/\/app:\*\*\*@127\.0\.0\.1:port\/shop \(.+\)$/);
    expect(JSON.stringify(malformed)).not.toContain('Sup3r-S3cret');
  });
});

describe.skipIf(REAL)('mongodb check against a server that stops answering (stand-in)', () => {
  let wire: MongoWire;
  beforeAll(async () => {
    wire = await startMongoWire({ hang: true });
  });
  afterAll(() => wire.close());

  it('times out', async () => {
    const started = Date.now();
    const result = await mongodbRunner.run({ url: wire.url, ping: true }, runContext({ timeoutMs: 500 }));
    expect(result).toMatchObject({ ok: false, timedOut: true, summary: `timed out after 500ms waiting for 127.0.0.1:${wire.port}` });
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
