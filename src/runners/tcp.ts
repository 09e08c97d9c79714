/**
 * The `tcp` check: something accepts connections on host:port within the timeout. The socket is
 * closed as soon as it connects; nothing is sent.
 */
import { connect, type Socket } from 'node:net';
import type { TcpCheck } from '../runbook/schema.js';
import { CheckReporter, guard } from './check-result.js';
import { startDeadline } from './deadline.js';
import { describeNetworkError, innermostMessage } from './net-errors.js';
import type { Runner, RunContext, RunResult } from './types.js';

/** Connects once to host:port. */
export const tcpRunner: Runner<TcpCheck> = {
  run: (config, context) => guard('tcp', context, [], () => checkTcp(config, context)),
};

async function checkTcp(config: TcpCheck, context: RunContext): Promise<RunResult> {
  const report = new CheckReporter('tcp', context);
  const port = Number(config.port);
  const address = `${config.host}:${config.port}`;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return report.fail(`bad port ${JSON.stringify(String(config.port))}: expected a number from 1 to 65535`, { address });
  }
  const deadline = startDeadline(context);
  const started = performance.now();
  let socket: Socket | undefined;
  try {
    await deadline.race(
      new Promise<void>((resolve, reject) => {
        socket = connect({ host: config.host, port });
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      }),
    );
    const connectMs = Math.round(performance.now() - started);
    return report.pass(`${address} accepts connections (${connectMs}ms)`, { address, connectMs });
  } catch (error) {
    const stopped: RunResult | undefined = deadline.result(error);
    if (stopped) return report.result(false, `cannot connect to ${address}: ${stopped.summary}`, { address }, stopped);
    return report.fail(describeNetworkError(error, address) ?? `cannot connect to ${address}: ${innermostMessage(error)}`, { address });
  } finally {
    deadline.dispose();
    socket?.destroy();
  }
}
