import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { defineEndpoint } from '../../../src/transport/endpoint.js';
import {
  OperationLimitError,
  OperationScope,
  runOperation,
  waitWithinOperation,
} from '../../../src/transport/operation-scope.js';
import { createUpstreamTransport } from '../../../src/transport/upstream-transport.js';

const READ = defineEndpoint({
  name: 'getCalledInfo',
  host: 'cec',
  path: '/read',
  auth: 'bearer',
  repeatSafe: true,
});
const CALL = defineEndpoint({
  name: 'createcall',
  host: 'cec',
  path: '/call',
  auth: 'bearer',
  repeatSafe: false,
});

let server: Server;
let origin: string;
let received: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.url ?? '');
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received = [];
});

const transport = createUpstreamTransport({
  settings: { connectTimeoutMs: 1_000, requestTimeoutMs: 5_000, maxConnections: 4, maxResponseBytes: 1_024 },
  logger: silentLogger,
  clock: new ManualClock(0),
  resilience: { maxRetries: 0 },
});
afterAll(() => transport.close());

const send = (endpoint: typeof READ | typeof CALL, operation?: OperationScope) =>
  transport.send({ endpoint, origin, path: endpoint.path, headers: {}, body: '{}', operation });
const scope = (maxUpstreamCalls: number) => new OperationScope({ maxUpstreamCalls, timeoutMs: 60_000 });

describe('an operation scope', () => {
  it('admits calls up to its budget and refuses the rest without sending them', async () => {
    const operation = scope(2);
    const result = await runOperation(operation, async () =>
      Promise.allSettled([1, 2, 3].map(() => send(READ, operation))),
    );
    const reasons = result.filter((r) => r.status === 'rejected').map((r) => r.reason);
    expect(reasons).toEqual([expect.any(OperationLimitError)]);
    expect(reasons[0]).toMatchObject({ code: 'UPSTREAM_CALL_BUDGET_EXCEEDED', endpoint: 'getCalledInfo' });
    expect(received).toHaveLength(2);
    expect(operation).toMatchObject({ upstreamCalls: 2, refusedCalls: 1, expired: false });
  });

  it('sends nothing once its deadline has passed, not even createcall', async () => {
    const operation = scope(10);
    const result = await runOperation(operation, async () => {
      operation.expire();
      return Promise.allSettled([send(READ, operation), send(CALL, operation)]);
    });
    expect(result.map((r) => (r.status === 'rejected' ? r.reason : r.value))).toEqual([
      expect.objectContaining({ code: 'OPERATION_TIMEOUT', message: expect.stringContaining('not called') }),
      expect.objectContaining({ code: 'OPERATION_TIMEOUT', message: expect.stringContaining('not called') }),
    ]);
    expect(operation.signal.aborted).toBe(true);
    expect(received).toEqual([]);
  });

  it('sends nothing for an operation that has answered: resolvers left running call no one', async () => {
    const operation = scope(10);
    let leftOver: Promise<unknown> = Promise.resolve();
    let release: () => void = () => {};
    const resumed = new Promise<void>((resolve) => {
      release = resolve;
    });
    await runOperation(operation, async () => {
      // As graphql-js leaves a resolver running when a null cuts its list short.
      leftOver = resumed.then(() => Promise.allSettled([send(READ, operation), send(CALL, operation)]));
      return 'answered';
    });
    release();
    const settled = (await leftOver) as PromiseSettledResult<unknown>[];
    expect(settled.map((r) => (r.status === 'rejected' ? r.reason : r.value))).toEqual([
      expect.objectContaining({ code: 'OPERATION_ENDED', endpoint: 'getCalledInfo' }),
      expect.objectContaining({ code: 'OPERATION_ENDED', endpoint: 'createcall' }),
    ]);
    expect(received).toEqual([]);
    expect(operation).toMatchObject({ upstreamCalls: 0, refusedCalls: 2, ended: true });
  });

  it('limits only the calls made for it', async () => {
    await Promise.all([send(READ), send(READ), send(READ)]);
    const operation = scope(1);
    await runOperation(operation, async () => {
      // A process-wide call (a token fetch) made while the operation runs.
      await send(READ);
      return send(READ, operation);
    });
    expect(operation.upstreamCalls).toBe(1);
    expect(received).toHaveLength(5);
  });

  it('is one per operation, however they interleave', async () => {
    const operation = async () => {
      const own = scope(1);
      await runOperation(own, async () => {
        await send(READ, own);
        return Promise.allSettled([send(READ, own)]);
      });
      return own;
    };
    const [a, b] = await Promise.all([operation(), operation()]);
    expect([a.upstreamCalls, b.upstreamCalls]).toEqual([1, 1]);
    expect(received).toHaveLength(2);
  });

  it('aborts a signal asked for before or after its deadline with the same reason', () => {
    const early = scope(1);
    const signal = early.signal;
    early.expire();
    expect(signal.aborted).toBe(true);
    const late = scope(1);
    late.expire();
    expect(late.signal.reason).toEqual(signal.reason);
  });
});

describe('a wait shared with other callers', () => {
  const never = () => new Promise<never>(() => {});

  it('ends at the deadline of the operation waiting, and at its answer', async () => {
    const expiring = scope(1);
    const timedOut = waitWithinOperation(never, READ, expiring);
    expiring.expire();
    await expect(timedOut).rejects.toMatchObject({ code: 'OPERATION_TIMEOUT', endpoint: 'getCalledInfo' });
    const answering = scope(1);
    const ended = waitWithinOperation(never, READ, answering);
    answering.end();
    await expect(ended).rejects.toMatchObject({ code: 'OPERATION_ENDED' });
  });

  it('is not joined at all by an operation that has ended or expired', async () => {
    let joined = 0;
    const failing = () => {
      joined++;
      // Would be an unhandled rejection were it joined and then left alone.
      return Promise.reject(new Error('token endpoint down'));
    };
    const ended = scope(1);
    ended.end();
    const expired = scope(1);
    expired.expire();
    await expect(waitWithinOperation(failing, READ, ended)).rejects.toMatchObject({
      code: 'OPERATION_ENDED',
    });
    await expect(waitWithinOperation(failing, READ, expired)).rejects.toMatchObject({
      code: 'OPERATION_TIMEOUT',
    });
    expect(joined).toBe(0);
  });

  it('passes the shared outcome on while the operation lives', async () => {
    await expect(waitWithinOperation(async () => 'token', READ, scope(1))).resolves.toBe('token');
    await expect(waitWithinOperation(async () => 'token', READ, undefined)).resolves.toBe('token');
    await expect(
      waitWithinOperation(() => Promise.reject(new Error('down')), READ, scope(1)),
    ).rejects.toThrow('down');
  });
});
