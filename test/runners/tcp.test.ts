import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpRunner } from '../../src/runners/tcp.js';
import { closedPort, runContext, startTcp, type Running } from '../helpers/servers.js';

describe('tcp check', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startTcp();
  });
  afterAll(() => server.close());

  it('passes when something accepts connections, and reports the connect time', async () => {
    const result = await tcpRunner.run({ host: '127.0.0.1', port: server.port }, runContext());
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(new RegExp(`^127\\.0\\.0\\.1:${server.port} accepts connections \\(\\d+ms\\)$`));
    expect(result.check?.facts).toMatchObject({ address: `127.0.0.1:${server.port}`, connectMs: expect.any(Number) });
  });

  it('accepts the port as a string, as ${VAR} substitution leaves it', async () => {
    const result = await tcpRunner.run({ host: '127.0.0.1', port: String(server.port) }, runContext());
    expect(result.ok).toBe(true);
  });

  it('fails with "connection refused" on a port where nothing listens', async () => {
    const port = await closedPort();
    const result = await tcpRunner.run({ host: '127.0.0.1', port }, runContext());
    expect(result).toMatchObject({ ok: false, summary: `cannot connect to 127.0.0.1:${port}: connection refused` });
  });

  it('fails with a DNS message for a host that does not resolve', async () => {
    const result = await tcpRunner.run({ host: 'no-such-host.invalid', port: 5432 }, runContext());
    expect(result).toMatchObject({ ok: false, summary: 'cannot resolve host no-such-host.invalid (DNS lookup failed)' });
  });

  it('fails on a port that is not a number, without trying to connect', async () => {
    const result = await tcpRunner.run({ host: '127.0.0.1', port: 'postgres' }, runContext());
    expect(result).toMatchObject({ ok: false, summary: 'bad port "postgres": expected a number from 1 to 65535' });
  });

  it('stops at once when the operator aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await tcpRunner.run({ host: '127.0.0.1', port: server.port }, runContext({ signal: controller.signal }));
    expect(result).toMatchObject({ ok: false, aborted: true });
    expect(result.summary).toContain('stopped by the operator');
  });
});
