import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_CALL } from '../../../src/datasources/anonymous-calls.js';
import { QUERY_PHONE } from '../../../src/datasources/softphones.js';
import { createLogger } from '../../../src/logger.js';
import { HttpTransport, type OutboundRequest } from '../../../src/transport/http-transport.js';
import { failureOf } from '../../support/harness.js';

/** A tiny loopback server whose answer per path the tests choose; it records sockets and concurrency. */
let server: Server;
let origin: string;
const sockets = new Set<Socket>();
let inFlight = 0;
let maxInFlight = 0;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];

function answer(req: IncomingMessage, res: ServerResponse, body: string) {
  received.push({ headers: req.headers, body });
  sockets.add(req.socket);
  switch (req.url) {
    case '/big':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 5000 });
      res.end('x'.repeat(5000));
      return;
    case '/big-chunked':
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
      res.end();
      return;
    case '/drip': {
      // Headers at once, then a byte every 50 ms, never ending: only the total deadline stops it.
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case '/slow':
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('{}');
      }, 20);
      return;
    default:
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const settings = {
  connectTimeoutMs: 500,
  requestTimeoutMs: 2_000,
  maxConnections: 3,
  maxResponseBytes: 2_048,
};
const request = (path: string): OutboundRequest => ({
  endpoint: QUERY_PHONE,
  origin,
  path,
  headers: { 'content-type': 'application/json', host: 'cms.example:28443' },
  body: '{"limit":"1"}',
});

describe('HttpTransport', () => {
  it('sends the body and headers as given, including an explicit Host', async () => {
    const transport = new HttpTransport(settings, createLogger({ level: 'silent' }));
    received.length = 0;
    const response = await transport.send(request('/ok'));
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(received[0]).toMatchObject({
      body: '{"limit":"1"}',
      headers: { host: 'cms.example:28443', 'content-type': 'application/json' },
    });
    await transport.close();
  });

  it.each([
    '/big',
    '/big-chunked',
  ])('refuses a reply over the size cap (%s) and keeps working', async (path) => {
    const transport = new HttpTransport(settings, createLogger({ level: 'silent' }));
    const error = await failureOf(transport.send(request(path)));
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', endpoint: 'queryPhone', httpStatus: 200 });
    expect((await transport.send(request('/ok'))).status).toBe(200);
    await transport.close();
  });

  it('keeps connections alive and never opens more than maxConnections', async () => {
    const transport = new HttpTransport(settings, createLogger({ level: 'silent' }));
    sockets.clear();
    maxInFlight = 0;
    await Promise.all(Array.from({ length: 30 }, () => transport.send(request('/slow'))));
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(sockets.size).toBeLessThanOrEqual(3);
    for (let i = 0; i < 5; i++) await transport.send(request('/ok'));
    expect(sockets.size).toBeLessThanOrEqual(3);
    await transport.close();
  });

  it('logs each call at debug with endpoint, status, duration and attempt, and nothing from the request', async () => {
    const lines: string[] = [];
    const transport = new HttpTransport(
      settings,
      createLogger({ level: 'debug', sink: (l) => lines.push(l) }),
    );
    await transport.send({ ...request('/ok'), headers: { authorization: 'Bearer very-secret-token' } }, 2);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'debug',
      msg: 'upstream call',
      endpoint: 'queryPhone',
      status: 200,
      attempt: 2,
      durationMs: expect.any(Number),
    });
    expect(lines.join('\n')).not.toContain('very-secret-token');
    await transport.close();
  });

  it('never sends a call still waiting for a connection when the transport closes', async () => {
    const observed: string[] = [];
    const transport = new HttpTransport(
      { ...settings, maxConnections: 1 },
      createLogger({ level: 'silent' }),
      {
        attemptStarted: ({ endpoint }) => {
          observed.push(endpoint);
          return () => {};
        },
        retryScheduled: () => {},
        breakerChanged: () => {},
        tokenFetched: () => {},
      },
    );
    received.length = 0;
    const inFlight = transport.send(request('/slow'));
    const waiting = failureOf(transport.send({ ...request('/slow'), endpoint: CREATE_CALL }));
    await transport.close();
    expect((await inFlight).status).toBe(200);
    // Not UPSTREAM_OUTCOME_UNKNOWN: the createcall never left, so it surely placed no call.
    expect(await waiting).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'createcall: transport closed',
    });
    expect(received).toHaveLength(1);
    // Metrics and spans count the attempt that was sent, not the call refused while it waited.
    expect(observed).toEqual(['queryPhone']);
  });

  it('bounds a body that keeps dripping by the call timeout, and frees its connection', async () => {
    const transport = new HttpTransport(
      { ...settings, requestTimeoutMs: 300, maxConnections: 1 },
      createLogger({ level: 'silent' }),
    );
    // Without the deadline this call would never settle.
    expect(await failureOf(transport.send(request('/drip')))).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      endpoint: 'queryPhone',
    });
    // The one connection was given back: the next call gets an answer.
    expect((await transport.send(request('/ok'))).status).toBe(200);
    await transport.close();
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE, also for createcall', async () => {
    const transport = new HttpTransport(settings, createLogger({ level: 'silent' }));
    const closedPort = { ...request('/ok'), origin: 'http://127.0.0.1:1' };
    expect(await failureOf(transport.send(closedPort))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await failureOf(transport.send({ ...closedPort, endpoint: CREATE_CALL }))).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      endpoint: 'createcall',
    });
    await transport.close();
    expect(await failureOf(transport.send(request('/ok')))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});
