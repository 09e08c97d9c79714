/**
 * Real servers on 127.0.0.1 for the check runners' tests: HTTP and TCP servers on free ports, an
 * S3-compatible server (s3rver) in a temporary folder, a port where nothing listens, and the
 * RunContext a runner gets from the engine.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { RunContext } from '../../src/runners/types.js';
import { ROOT, tempDir } from './cli.js';

/** A running server and how to stop it. */
export interface Running {
  port: number;
  close(): Promise<void>;
}

/** A RunContext as the engine builds it: no output expected, nothing secret unless given. */
export function runContext(overrides: Partial<RunContext> & { secrets?: string[] } = {}): RunContext {
  const { secrets = [], ...rest } = overrides;
  return {
    signal: new AbortController().signal,
    output: { write: () => undefined },
    redact: (text) => secrets.reduce((masked, secret) => masked.split(secret).join('***'), text),
    ...rest,
  };
}

/** Starts an HTTP server on 127.0.0.1 on a free port. */
export async function startHttp(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Running> {
  const server = createHttpServer(handler);
  return listen(server);
}

/** Starts a TCP server on 127.0.0.1 that accepts connections and says nothing. */
export async function startTcp(): Promise<Running> {
  return listen(createTcpServer((socket) => socket.on('error', () => undefined)));
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const running = await listen(createTcpServer());
  await running.close();
  return running.port;
}

async function listen(server: Server): Promise<Running> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Handlers that never answer keep their sockets open: close would wait for them forever.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The part of s3rver (which ships no types) that the tests use. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;

/** A running s3rver and what clients need to reach it. */
export interface S3Server extends Running {
  endpoint: string;
}

/** The credentials s3rver accepts. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * Starts s3rver on 127.0.0.1 with the given buckets, storing objects in a temporary folder.
 * `ownProcess`: run it in a child Node with the OpenSSL legacy provider. s3rver encrypts its
 * ListObjectsV2 continuation tokens with DES, which Node 20's OpenSSL 3 refuses: in this
 * process any listing longer than one page (1,000 keys) fails with InternalError.
 */
export async function startS3(buckets: string[], { ownProcess = false } = {}): Promise<S3Server> {
  const directory = tempDir('drp-s3-');
  const options = { port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [] })) };
  const cleanup = (): void => rmSync(directory, { recursive: true, force: true });
  if (!ownProcess) {
    const server = new S3rver(options);
    const { port } = await server.run();
    return { port, endpoint: `http://127.0.0.1:${port}`, close: async () => (await server.close(), cleanup()) };
  }
  const script = `new (require('s3rver'))(${JSON.stringify(options)}).run().then(({ port }) => console.log(port))`;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
  });
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      cleanup();
    },
  };
}
