/**
 * The checks through the real binary: `drp run --non-interactive` plays
 * test/fixtures/checks/service-health.yaml (postgres ready and query, tcp, http with a body
 * regex, s3 newest backup against the RPO) against the local PostgreSQL and servers this test
 * starts on 127.0.0.1. drp runs as a child process without blocking this one, which serves it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drp, drpAsync, ROOT, tempDir, type CliResult } from '../helpers/cli.js';
import { S3RVER_CREDENTIALS, startHttp, startS3, type Running, type S3Server } from '../helpers/servers.js';

const RUNBOOK = join(ROOT, 'test/fixtures/checks/service-health.yaml');
/** Trust auth accepts any password: this one must never be written anywhere. */
const PASSWORD = 'e2e-Db-Passw0rd';
const DATABASE_URL = `postgresql://postgres:${PASSWORD}@127.0.0.1:5432/test`;

/** Everything a run left under its DRP_HOME and its working folder (journal, logs, report). */
function everythingWritten(home: string, work: string): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(home);
  walk(work);
  return texts.join('\n');
}

describe('drp run with built-in checks', () => {
  let app: Running;
  let s3: S3Server;
  let backupAt: number;

  beforeAll(async () => {
    app = await startHttp((request, response) => {
      if (request.url === '/health') return void response.end('{"status": "ok", "db": "up"}');
      response.writeHead(404).end('not found');
    });
    s3 = await startS3(['backups']);
    // Without the SDK's notice that its 2027 versions need Node 22 (noise in the test output);
    // only while the client is made, so that drp's own silence is what the test sees.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    await client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'postgres/base.dump', Body: 'dump' }));
    backupAt = (await client.send(new HeadObjectCommand({ Bucket: 'backups', Key: 'postgres/base.dump' }))).LastModified?.getTime() ?? 0;
    client.destroy();
  });
  afterAll(async () => {
    await app.close();
    await s3.close();
  });

  const play = (extra: string[]): Promise<CliResult & { home: string; work: string }> => {
    const home = tempDir('drp-home-');
    const work = tempDir('drp-work-');
    const env = { DRP_HOME: home, DATABASE_URL, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };
    const args = ['run', RUNBOOK, '--non-interactive', '--var', `APP_PORT=${app.port}`, '--var', `S3_ENDPOINT=${s3.endpoint}`, ...extra];
    return drpAsync(args, { cwd: work, env }).then((result) => ({ ...result, home, work }));
  };

  it('passes unattended against local servers, records the recovery point and reports the RPO actual', async () => {
    const result = await play([]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Nothing but drp's own lines: no driver or SDK noise on an operator's screen.
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('ok: 127.0.0.1:5432/test accepts connections and answers');
    expect(result.stdout).toMatch(/ok: 1 row, n = \d+ \(min 1\)/);
    expect(result.stdout).toMatch(new RegExp(`ok: 127\\.0\\.0\\.1:${app.port} accepts connections \\(\\d+ms\\)`));
    expect(result.stdout).toContain(`ok: HTTP 200 from http://127.0.0.1:${app.port}/health, body matches /"status":\\s*"ok"/`);
    expect(result.stdout).toMatch(/ok: newest s3:\/\/backups\/postgres\/base\.dump is \d+(ms|s) old .*, within the RPO \(1h00m\)/);

    // The report computes the RPO actual from the recovery point the s3 check recorded.
    const [session = ''] = readdirSync(join(result.home, 'sessions'));
    const report = drp(['report', session, '--format', 'json'], { env: { DRP_HOME: result.home } });
    expect(report.code, report.stderr).toBe(0);
    const json = JSON.parse(report.stdout) as { summary: { impactAt: string }; objectives: { rows: { kind: string; actualMs: number | null; met: string; note: string | null }[] } };
    const rpo = json.objectives.rows.find((row) => row.kind === 'rpo');
    expect(rpo).toMatchObject({ actualMs: Date.parse(json.summary.impactAt) - backupAt, met: 'yes' });
    expect(rpo?.note).toContain('from s3://backups/postgres/base.dump (step latest-backup)');

    const written = everythingWritten(result.home, result.work) + report.stdout;
    expect(written).not.toContain(PASSWORD);
  });

  it('exits 1 with a readable reason when the health endpoint is missing', async () => {
    const result = await play(['--var', 'HEALTH_PATH=/missing']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`drp: step "health" failed: HTTP 404 from http://127.0.0.1:${app.port}/missing (expected 200): not found`);
    // It stopped there: the backup check after it never ran.
    expect(result.stdout).not.toContain('latest-backup');
    expect(everythingWritten(result.home, result.work)).not.toContain(PASSWORD);
  });
});
