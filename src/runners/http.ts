/**
 * The `http` check: a request (GET by default) whose final answer has the expected status
 * (default 200) and, optionally, a body matching a regex. Redirects are followed by hand, up to
 * MAX_REDIRECTS, so the report can show each hop ("/health → 301 → https://.../health → 200").
 */
import { parseRegexLiteral } from '../runbook/regex.js';
import type { HttpCheck } from '../runbook/schema.js';
import { CheckReporter, guard } from './check-result.js';
import { startDeadline, type Deadline } from './deadline.js';
import { describeNetworkError, innermostMessage } from './net-errors.js';
import type { Runner, RunContext, RunResult } from './types.js';

/** As browsers and curl -L cap them: a longer chain is a loop or a misconfiguration. */
export const MAX_REDIRECTS = 10;
/** How much of the body is read: enough for any health page, bounded for a 2 GB download. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How much of the body the report shows. */
export const BODY_START_CHARS = 200;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials: not sent on to another origin after a redirect, as fetch itself does. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** One response on the way to the final one. */
interface Hop {
  url: string;
  status: number;
}

/** Requests the URL once (following redirects). */
export const httpRunner: Runner<HttpCheck> = {
  run: (config, context) => guard('http', context, [config.url], () => checkHttp(config, context)),
};

async function checkHttp(config: HttpCheck, context: RunContext): Promise<RunResult> {
  const report = new CheckReporter('http', context, [config.url]);
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return report.fail(`not a valid URL: ${config.url}`, { url: config.url });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return report.fail(`only http:// and https:// URLs can be checked, not ${url.protocol}//`, { url: config.url });
  }
  const pattern = config.body === undefined ? undefined : parseRegexLiteral(config.body);
  if (typeof pattern === 'string') return report.fail(pattern, { url: config.url });
  const expected = Array.isArray(config.status) ? config.status : [config.status ?? 200];
  // When the runbook expects a redirect, the redirect itself is what it checks.
  const follow = !expected.some((status) => REDIRECT_STATUSES.has(status));

  const headers: Record<string, string> = { ...config.headers };
  // fetch refuses URLs with credentials: send them the way curl does, as basic auth.
  if (url.username || url.password) {
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
      const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
  }

  const deadline = startDeadline(context);
  const started = performance.now();
  const hops: Hop[] = [];
  let method: string = config.method ?? 'GET';
  let current = url;
  try {
    for (;;) {
      const response = await fetch(current, { method, headers, redirect: 'manual', signal: deadline.signal });
      const location = response.headers.get('location');
      if (!follow || !REDIRECT_STATUSES.has(response.status) || location === null) {
        const body = method === 'HEAD' ? { text: '', truncated: false } : await readBody(response, deadline);
        return judge(report, { requested: config.url, url: current.href, status: response.status, hops, body, ms: performance.now() - started, expected, pattern });
      }
      await response.body?.cancel().catch(() => undefined);
      hops.push({ url: current.href, status: response.status });
      if (hops.length > MAX_REDIRECTS) {
        return report.fail(`more than ${MAX_REDIRECTS} redirects from ${config.url} (a redirect loop?)`, { url: config.url, redirects: hops });
      }
      const next = new URL(location, current);
      if (next.origin !== current.origin) for (const name of Object.keys(headers)) if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) delete headers[name];
      // As browsers do: 303 always, and 301/302 after a POST, continue with a GET.
      if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') method = 'GET';
      current = next;
    }
  } catch (error) {
    const stopped = deadline.result(error);
    const facts = { url: current.href, redirects: hops };
    if (stopped) return report.result(false, `${method} ${current.href}: ${stopped.summary}`, facts, stopped);
    const port = current.port || (current.protocol === 'https:' ? '443' : '80');
    const network = describeNetworkError(error, `${current.hostname}:${port}`);
    return report.fail(network ?? `${method} ${current.href} failed: ${innermostMessage(error)}`, facts);
  } finally {
    deadline.dispose();
  }
}

interface Answer {
  requested: string;
  url: string;
  status: number;
  hops: Hop[];
  body: { text: string; truncated: boolean };
  ms: number;
  expected: number[];
  pattern: RegExp | undefined;
}

/** The result for the final response. */
function judge(report: CheckReporter, answer: Answer): ReturnType<CheckReporter['pass']> {
  const { url, status, hops, body, expected, pattern } = answer;
  const ms = Math.round(answer.ms);
  const bodyStart = body.text.slice(0, BODY_START_CHARS);
  const facts: Record<string, unknown> = { url, status, redirects: hops, bodyStart, ms };
  if (answer.requested !== url) facts.requested = answer.requested;
  if (body.truncated) facts.bodyTruncated = true;
  const via = hops.length === 0 ? '' : ` after ${hops.length} redirect${hops.length === 1 ? '' : 's'}`;
  if (!expected.includes(status)) {
    const shown = bodyStart.replace(/\s+/g, ' ').trim().slice(0, 80);
    return report.fail(`HTTP ${status} from ${url}${via} (expected ${expected.join(' or ')})${shown ? `: ${shown}` : ''}`, facts);
  }
  if (pattern && !pattern.test(body.text)) {
    const shown = bodyStart.replace(/\s+/g, ' ').trim().slice(0, 80);
    return report.fail(`HTTP ${status} from ${url}${via}, but the body does not match ${pattern}${shown ? `; it starts: ${shown}` : ' (empty body)'}`, facts);
  }
  return report.pass(`HTTP ${status} from ${url}${via}${pattern ? `, body matches ${pattern}` : ''} (${ms}ms)`, facts);
}

/** At most MAX_BODY_BYTES of the body as text; the rest is never downloaded. */
async function readBody(response: Response, deadline: Deadline): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await deadline.race(reader.read());
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size >= MAX_BODY_BYTES) {
        truncated = true;
        break;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES));
  return { text, truncated };
}
