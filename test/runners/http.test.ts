import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRunner, MAX_REDIRECTS } from '../../src/runners/http.js';
import { closedPort, runContext, startHttp, type Running } from '../helpers/servers.js';

describe('http check', () => {
  let server: Running;
  let base: string;
  const seen: { url: string; authorization: string | undefined }[] = [];
  beforeAll(async () => {
    server = await startHttp((request, response) => {
      seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
      const url = request.url ?? '/';
      if (url === '/health') return void response.end('{"status":"ok","db":"up"}');
      if (url === '/down') return void response.writeHead(503).end('database unavailable');
      if (url === '/old') return void response.writeHead(301, { location: '/moved' }).end();
      if (url === '/moved') return void response.writeHead(302, { location: `http://127.0.0.1:${server.port}/health` }).end();
      if (url === '/loop') return void response.writeHead(302, { location: '/loop' }).end();
      if (url === '/hang') return; // never answers
      if (url === '/big') {
        response.write('x'.repeat(2 * 1024 * 1024));
        return void response.end('needle');
      }
      response.writeHead(404).end('not found');
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('passes on 200 and reports the final URL, status and the start of the body', async () => {
    const result = await httpRunner.run({ url: `${base}/health` }, runContext());
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^HTTP 200 from http:\/\/127\.0\.0\.1:\d+\/health \(\d+ms\)$/);
    expect(result.check?.facts).toMatchObject({ url: `${base}/health`, status: 200, redirects: [], bodyStart: '{"status":"ok","db":"up"}' });
  });

  it('fails on another status, saying which was expected and what the server said', async () => {
    const result = await httpRunner.run({ url: `${base}/down` }, runContext());
    expect(result).toMatchObject({ ok: false, summary: `HTTP 503 from ${base}/down (expected 200): database unavailable` });
  });

  it('passes when the status is one of a list', async () => {
    expect((await httpRunner.run({ url: `${base}/down`, status: [200, 503] }, runContext())).ok).toBe(true);
  });

  it('checks the body against a regex: pass and fail', async () => {
    const pass = await httpRunner.run({ url: `${base}/health`, body: '/"status":\\s*"OK"/i' }, runContext());
    expect(pass.ok).toBe(true);
    expect(pass.summary).toContain('body matches /"status":\\s*"OK"/i');
    const fail = await httpRunner.run({ url: `${base}/health`, body: '/"db":"down"/' }, runContext());
    expect(fail).toMatchObject({ ok: false });
    expect(fail.summary).toBe(`HTTP 200 from ${base}/health, but the body does not match /"db":"down"/; it starts: {"status":"ok","db":"up"}`);
  });

  it('follows a redirect chain and reports every hop', async () => {
    const result = await httpRunner.run({ url: `${base}/old`, body: '/ok/' }, runContext());
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(new RegExp(`^HTTP 200 from ${base}/health after 2 redirects, body matches /ok/`));
    expect(result.check?.facts).toMatchObject({
      requested: `${base}/old`,
      url: `${base}/health`,
      redirects: [
        { url: `${base}/old`, status: 301 },
        { url: `${base}/moved`, status: 302 },
      ],
    });
  });

  it('checks the redirect itself when the expected status is a redirect', async () => {
    const result = await httpRunner.run({ url: `${base}/old`, status: 301 }, runContext());
    expect(result).toMatchObject({ ok: true, check: { facts: { status: 301, redirects: [] } } });
  });

  it(`gives up after ${MAX_REDIRECTS} redirects`, async () => {
    const result = await httpRunner.run({ url: `${base}/loop` }, runContext());
    expect(result).toMatchObject({ ok: false, summary: `more than ${MAX_REDIRECTS} redirects from ${base}/loop (a redirect loop?)` });
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    const result = await httpRunner.run({ url: `${base}/hang` }, runContext({ timeoutMs: 300 }));
    expect(result).toMatchObject({ ok: false, timedOut: true, summary: `GET ${base}/hang: timed out after 300ms` });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails with "connection refused" when nothing listens', async () => {
    const port = await closedPort();
    const result = await httpRunner.run({ url: `http://127.0.0.1:${port}/health` }, runContext());
    expect(result).toMatchObject({ ok: false, summary: `cannot connect to 127.0.0.1:${port}: connection refused` });
  });

  it('fails on a bad URL or a bad regex without sending anything', async () => {
    expect(await httpRunner.run({ url: 'not a url' }, runContext())).toMatchObject({ ok: false, summary: 'not a valid URL: not a url' });
    expect(await httpRunner.run({ url: 'ftp://127.0.0.1/x' }, runContext())).toMatchObject({ ok: false, summary: 'only http:// and https:// URLs can be checked, not ftp://' });
    expect((await httpRunner.run({ url: `${base}/health`, body: '/(/' }, runContext())).summary).toMatch(/^bad regex \/\(\/: /);
  });

  it('reads at most 1 MB of the body', async () => {
    const result = await httpRunner.run({ url: `${base}/big`, body: '/needle/' }, runContext());
    expect(result.ok).toBe(false);
    expect(result.check?.facts).toMatchObject({ bodyTruncated: true });
    expect(String(result.check?.facts?.bodyStart)).toHaveLength(200);
  });

  it('sends the credentials of the URL as basic auth and never shows the password', async () => {
    const result = await httpRunner.run({ url: `http://admin:hunter2pw@127.0.0.1:${server.port}/health` }, runContext());
    expect(result.ok).toBe(true);
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('admin:hunter2pw').toString('base64')}`);
    expect(JSON.stringify(result)).not.toContain('hunter2pw');
  });

  it('masks the URL password in failures too', async () => {
    const port = await closedPort();
    const result = await httpRunner.run({ url: `http://admin:hunter2pw@127.0.0.1:${port}/x`, body: '/ok/' }, runContext());
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('hunter2pw');
  });

  it("masks the session's secrets in what the body shows", async () => {
    const result = await httpRunner.run({ url: `${base}/down` }, runContext({ secrets: ['unavailable'] }));
    expect(result.summary).toBe(`HTTP 503 from ${base}/down (expected 200): database ***`);
    expect(result.check?.facts?.bodyStart).toBe('database ***');
  });
});
