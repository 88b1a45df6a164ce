import type { Server, ServerResponse } from 'node:http';
import { constants } from 'node:os';
import type { Logger } from '../logger.js';
import type { Readiness } from './readiness.js';

/** A closer still running after this long is given up on, so one stuck pool cannot hold the exit. */
const CLOSER_TIMEOUT_MS = 5_000;

export interface GracefulShutdownOptions {
  server: Server;
  readiness: Pick<Readiness, 'beginDraining'>;
  /** How long in-flight requests get to finish (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Run in order once the listener is closed; read at shutdown, so entries may be added until then. */
  closers: ReadonlyArray<() => Promise<void>>;
  logger: Logger;
  exit: (code: number) => void;
}

export interface GracefulShutdown {
  /**
   * The first signal drains and exits 0: /ready answers 503 at once, the listener stops accepting,
   * requests in flight finish (up to the timeout, then their connections are cut), keep-alive
   * connections close as they fall idle, then every closer runs. A second signal exits at once with
   * 128 + its number (130 for SIGINT, 143 for SIGTERM), as a shell reports a process killed by it.
   */
  onSignal(signal: NodeJS.Signals): void;
  /** Settles when the first signal's drain and closers are done (before `exit` is called). */
  readonly done: Promise<void>;
}

export function createGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { server, logger, exit } = options;
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  // Tell each client its connection ends with this answer, so no keep-alive socket outlives the drain.
  const closeAfter = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close');
  };
  server.on('request', (_request, response: ServerResponse) => {
    inFlight.add(response);
    if (draining) closeAfter(response);
    response.once('close', () => {
      inFlight.delete(response);
      // Its connection may now be idle: close it rather than wait for the keep-alive timeout.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  const drain = async (signal: NodeJS.Signals) => {
    const started = performance.now();
    options.readiness.beginDraining();
    logger.info('shutting down', { signal, inFlight: inFlight.size, timeoutMs: options.timeoutMs });
    for (const response of inFlight) closeAfter(response);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    });
    if ((await Promise.race([closed, timedOut])) === 'timeout') {
      logger.warn('shutdown timeout: closing connections with requests still in flight', {
        inFlight: inFlight.size,
        timeoutMs: options.timeoutMs,
      });
      server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
    for (const close of options.closers) await runCloser(close, logger);
    logger.info('shut down', { durationMs: Math.round(performance.now() - started) });
  };

  return {
    done,
    onSignal(signal) {
      if (draining) {
        logger.warn('second signal: exiting at once', { signal, inFlight: inFlight.size });
        exit(128 + (constants.signals[signal] ?? 0));
        return;
      }
      draining = true;
      drain(signal).then(
        () => {
          resolveDone();
          exit(0);
        },
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          resolveDone();
          exit(1);
        },
      );
    },
  };
}

async function runCloser(close: () => Promise<void>, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      close(),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn('a closer did not finish in time; continuing', { timeoutMs: CLOSER_TIMEOUT_MS });
          resolve();
        }, CLOSER_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
  } catch (error) {
    logger.warn('a closer failed; continuing', { error });
  } finally {
    clearTimeout(timer);
  }
}
