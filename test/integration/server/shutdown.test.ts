import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createLogger } from '../../../src/logger.js';
import { createReadiness, type Readiness } from '../../../src/server/readiness.js';
import { createGracefulShutdown, type GracefulShutdown } from '../../../src/server/shutdown.js';

// The drain logic of src/server/shutdown.ts on a real node:http server over loopback; the real process
// (signals, exit code) is in test/e2e/server-process.test.ts.

interface Rig {
  server: Server;
  port: number;
  readiness: Readiness;
  shutdown: GracefulShutdown;
  exits: number[];
  events: string[];
  /** Settles when the server has received /slow. */
  slowStarted: Promise<void>;
  /** Answers the held /slow request. */
  release(): void;
  logLines: string[];
}

let rig: Rig | undefined;

async function startRig(timeoutMs: number): Promise<Rig> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started: () => void = () => {};
  const slowStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const events: string[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/slow') {
      events.push('slow started');
      started();
      void held.then(() => res.end('slow done'));
      return;
    }
    res.end('fast');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const readiness = createReadiness({ checks: [], clock: new ManualClock(0), cacheSeconds: 5, logger });
  const exits: number[] = [];
  const shutdown = createGracefulShutdown({
    server,
    readiness,
    timeoutMs,
    closers: [
      async () => {
        events.push('pools closed');
      },
      async () => {
        throw new Error('a closer that fails');
      },
      async () => {
        events.push('simulator closed');
      },
    ],
    logger,
    exit: (code) => exits.push(code),
  });
  const port = (server.address() as AddressInfo).port;
  rig = { server, port, readiness, shutdown, exits, events, slowStarted, release: () => release(), logLines };
  return rig;
}

afterEach(() => {
  rig?.release();
  rig?.server.closeAllConnections();
  rig?.server.close();
  rig = undefined;
});

/** A raw keep-alive connection that has completed one request, so it sits idle in the server's pool. */
async function idleKeepAliveSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write('GET /fast HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
  const [chunk] = (await once(socket, 'data')) as [Buffer];
  expect(chunk.toString()).toMatch(/^HTTP\/1\.1 200[\s\S]*fast$/);
  return socket;
}

const refusesConnections = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });

describe('graceful shutdown', () => {
  it('fails readiness, stops accepting, closes idle keep-alive sockets, lets in-flight work finish, then closes and exits 0', async () => {
    const { port, shutdown, readiness, exits, events, slowStarted } = await startRig(10_000);
    const idle = await idleKeepAliveSocket(port);
    const idleClosed = once(idle, 'close');
    const slow = request(`http://127.0.0.1:${port}/slow`);
    await slowStarted;

    shutdown.onSignal('SIGTERM');
    expect(readiness.draining).toBe(true);
    expect((await readiness.report()).status).toBe('shutting_down');
    expect(await refusesConnections(port)).toBe('ECONNREFUSED');
    await idleClosed;
    // Still draining: the closers wait for the request in flight.
    expect(events).toEqual(['slow started']);
    expect(exits).toEqual([]);

    rig?.release();
    const answer = await slow;
    expect(answer.statusCode).toBe(200);
    expect(answer.headers.connection).toBe('close');
    expect(await answer.body.text()).toBe('slow done');
    await shutdown.done;
    // A failing closer is logged and the others still run.
    expect(events).toEqual(['slow started', 'pools closed', 'simulator closed']);
    expect(exits).toEqual([0]);
    expect(rig?.logLines.some((line) => line.includes('a closer failed'))).toBe(true);
  });

  it('cuts requests still in flight at the timeout, then closes and exits 0 all the same', async () => {
    const { port, shutdown, exits, events, slowStarted } = await startRig(50);
    const slow = request(`http://127.0.0.1:${port}/slow`).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    await slowStarted;
    shutdown.onSignal('SIGINT');
    await shutdown.done;
    expect(await slow).not.toBe('answered');
    expect(events).toEqual(['slow started', 'pools closed', 'simulator closed']);
    expect(exits).toEqual([0]);
    expect(rig?.logLines.some((line) => line.includes('shutdown timeout'))).toBe(true);
  });

  it('exits at once, with 128 + the signal number, on a second signal', async () => {
    const { port, shutdown, exits, slowStarted } = await startRig(10_000);
    const slow = request(`http://127.0.0.1:${port}/slow`).catch(() => undefined);
    await slowStarted;
    shutdown.onSignal('SIGTERM');
    expect(exits).toEqual([]);
    shutdown.onSignal('SIGINT');
    expect(exits).toEqual([130]);
    shutdown.onSignal('SIGTERM');
    expect(exits).toEqual([130, 143]);
    rig?.release();
    await slow;
  });
});
