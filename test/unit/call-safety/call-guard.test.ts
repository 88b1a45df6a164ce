import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  CallGuard,
  type CallSafetyStore,
  type GuardedCall,
  MemoryCallSafetyStore,
  RedisCallSafetyStore,
} from '../../../src/call-safety/index.js';
import { connectRedis } from '../../../src/call-safety/redis-connection.js';
import { ManualClock } from '../../../src/clock.js';
import type { CreateCallOutcome } from '../../../src/datasources/anonymous-calls.js';
import { silentLogger } from '../../../src/logger.js';
import { OperationScope, runOperation } from '../../../src/transport/operation-scope.js';
import { UpstreamError } from '../../../src/transport/upstream-error.js';

const NOW = Date.UTC(2026, 10, 22, 10, 30, 15);
const SETTINGS = { idempotencyTtlSeconds: 3600, callRateLimitPerMinute: 3, operationTimeoutMs: 10_000 };
/** The claim of an attempt that never finishes ends this long after it began. */
const LEASE_MS = SETTINGS.operationTimeoutMs + 2_000;

const created = (serial: string): CreateCallOutcome => ({
  ok: true,
  callSerialNo: serial,
  sipServiceAddress: '10.0.0.1:5060',
  sipServerHost: '10.0.0.1',
  sipServerPort: 5060,
  accessCode: '17712345',
});

/** A vendor stand-in that counts the calls it is asked to place and answers as it is told. */
function vendor(answer: () => Promise<CreateCallOutcome> = async () => created(`serial-${randomUUID()}`)) {
  let reached: () => void = () => {};
  const counter = {
    calls: 0,
    /** Resolves once the first call has reached the vendor. */
    reached: new Promise<void>((resolve) => {
      reached = resolve;
    }),
  };
  return Object.assign(counter, {
    place: () => {
      counter.calls += 1;
      reached();
      return answer();
    },
  });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const redis = connectRedis({ url: inject('redisUrl'), logger: silentLogger });
afterAll(() => redis.close());

const STORES: Array<[string, (clock: ManualClock) => CallSafetyStore]> = [
  ['memory', (clock) => new MemoryCallSafetyStore(clock)],
  ['redis', () => new RedisCallSafetyStore(redis.redis)],
];

describe.each(STORES)('CallGuard over the %s store', (_name, storeFor) => {
  const setUp = (settings = SETTINGS) => {
    const clock = new ManualClock(NOW);
    const guard = new CallGuard(storeFor(clock), settings, clock);
    // The Redis store is shared by every test of the suite: each test is a client of its own.
    const client = `client-${randomUUID()}`;
    const call = (
      v: ReturnType<typeof vendor>,
      idempotencyKey: string | null,
      overrides: Partial<GuardedCall> = {},
    ) =>
      guard.place({
        client,
        idempotencyKey,
        request: { called: '88884432' },
        place: v.place,
        logger: silentLogger,
        ...overrides,
      });
    return { clock, guard, client, call };
  };

  it('calls every time without a key', async () => {
    const { call } = setUp();
    const v = vendor();
    const first = await call(v, null);
    const second = await call(v, null);
    expect(first.kind).toBe('created');
    expect(second).not.toEqual(first);
    expect(v.calls).toBe(2);
  });

  it("answers a repeat with the first attempt's call, calling once", async () => {
    const { call } = setUp();
    const v = vendor();
    const first = await call(v, 'key-1');
    expect(first).toMatchObject({ kind: 'created', call: { sipServerPort: 5060 } });
    expect(await call(v, 'key-1')).toEqual(first);
    expect(v.calls).toBe(1);
  });

  it("answers a repeat with the first attempt's refusal, calling once", async () => {
    const { call } = setUp();
    const refusal = {
      reason: 'NO_SIP_SERVER',
      vendorCode: '30010000002',
      message: 'No SIP server.',
    } as const;
    const v = vendor(async () => ({ ok: false, ...refusal }));
    expect(await call(v, 'key-1')).toEqual({ kind: 'refused', refusal });
    expect(await call(v, 'key-1')).toEqual({ kind: 'refused', refusal });
    expect(v.calls).toBe(1);
  });

  it('treats an omitted and an empty optional field as the same input', async () => {
    const { call } = setUp();
    const v = vendor();
    const first = await call(v, 'key-1', { request: { called: '88884432' } });
    expect(await call(v, 'key-1', { request: { called: '88884432', callerPresent: '' } })).toEqual(first);
    expect(v.calls).toBe(1);
  });

  it('answers the same key with another input as a conflict, calling nothing', async () => {
    const { call } = setUp();
    const v = vendor();
    await call(v, 'key-1');
    expect(await call(v, 'key-1', { request: { called: '88884433' } })).toEqual({ kind: 'conflict' });
    expect(v.calls).toBe(1);
  });

  it("keeps one client's keys apart from another's", async () => {
    const { call } = setUp();
    const v = vendor();
    const mine = await call(v, 'key-1');
    const theirs = await call(v, 'key-1', { client: `other-${randomUUID()}` });
    expect(theirs).not.toEqual(mine);
    expect(v.calls).toBe(2);
  });

  it('lets a concurrent repeat wait for the first outcome instead of calling', async () => {
    const { call } = setUp();
    const reply = deferred<CreateCallOutcome>();
    const v = vendor(() => reply.promise);
    const first = call(v, 'key-1');
    await v.reached;
    // The repeat's claim is sent now, before the first attempt can record anything: it finds the key
    // pending and has to wait for the outcome.
    const repeat = call(v, 'key-1');
    reply.resolve(created('serial-1'));
    expect(await first).toMatchObject({ kind: 'created', call: { callSerialNo: 'serial-1' } });
    expect(await repeat).toEqual(await first);
    expect(v.calls).toBe(1);
  });

  it('remembers an unknown outcome: the first attempt fails with its code, a repeat calls nothing', async () => {
    const { call } = setUp();
    const v = vendor(async () => {
      throw new UpstreamError('UPSTREAM_OUTCOME_UNKNOWN', 'dropped', { endpoint: 'createcall' });
    });
    await expect(call(v, 'key-1')).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
    expect(await call(v, 'key-1')).toEqual({ kind: 'unknown', inProgress: false });
    expect(v.calls).toBe(1);
  });

  it('frees the key after a failure that surely placed no call, so a retry calls', async () => {
    const { call } = setUp();
    let failed = false;
    const v = vendor(async () => {
      if (failed) return created('serial-2');
      failed = true;
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'connection refused', { endpoint: 'createcall' });
    });
    await expect(call(v, 'key-1')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await call(v, 'key-1')).toMatchObject({ kind: 'created', call: { callSerialNo: 'serial-2' } });
    expect(v.calls).toBe(2);
  });

  it('reads a claim whose attempt died (its lease ran out) as unknown, calling nothing', async () => {
    const { call, clock } = setUp();
    const v = vendor(() => new Promise<never>(() => {}));
    void call(v, 'key-1');
    await v.reached;
    clock.advance(LEASE_MS);
    expect(await call(v, 'key-1')).toEqual({ kind: 'unknown', inProgress: false });
    expect(v.calls).toBe(1);
  });

  it('holds a pending key for its whole lease, even when IDEMPOTENCY_TTL_SECONDS is shorter', async () => {
    const { call, clock } = setUp({ ...SETTINGS, idempotencyTtlSeconds: 1 });
    const reply = deferred<CreateCallOutcome>();
    const v = vendor(() => reply.promise);
    const first = call(v, 'key-1');
    await v.reached;
    // Past the TTL, still within the first attempt's lease: the repeat must not take the key over.
    clock.advance(1_500);
    const repeat = call(v, 'key-1');
    reply.resolve(created('serial-1'));
    expect(await repeat).toEqual(await first);
    expect(v.calls).toBe(1);
  });

  it("stops waiting at its own operation's deadline and says the first attempt is still running", async () => {
    const { call } = setUp();
    const reply = deferred<CreateCallOutcome>();
    const v = vendor(() => reply.promise);
    const first = call(v, 'key-1');
    await v.reached;
    const operation = new OperationScope({ maxUpstreamCalls: 10, timeoutMs: 100 });
    const result = await runOperation(operation, () => call(v, 'key-1', { operation }));
    expect(result).toEqual({ kind: 'unknown', inProgress: true });
    reply.resolve(created('serial-1'));
    expect(await call(v, 'key-1')).toEqual(await first);
    expect(v.calls).toBe(1);
  });

  it('forgets a key after IDEMPOTENCY_TTL_SECONDS on the clock', async () => {
    const { call, clock } = setUp();
    const v = vendor();
    const first = await call(v, 'key-1');
    clock.advance(SETTINGS.idempotencyTtlSeconds * 1000);
    const later = await call(v, 'key-1');
    expect(later).not.toEqual(first);
    expect(v.calls).toBe(2);
  });

  it('refuses the call past the per-minute limit until the window ends', async () => {
    const { call, clock } = setUp();
    const v = vendor();
    for (let i = 0; i < 3; i++) expect((await call(v, null)).kind).toBe('created');
    // NOW is 15 s into its minute.
    expect(await call(v, null)).toEqual({ kind: 'rate-limited', limit: 3, retryAfterSeconds: 45 });
    expect(await call(v, 'key-1')).toEqual({ kind: 'rate-limited', limit: 3, retryAfterSeconds: 45 });
    expect(v.calls).toBe(3);
    clock.advance(45_000);
    // The refused keyed attempt left no claim behind: its key calls now.
    expect((await call(v, 'key-1')).kind).toBe('created');
    expect(v.calls).toBe(4);
  });

  it('does not count a repeat answered from the store against the limit', async () => {
    const { call } = setUp();
    const v = vendor();
    const first = await call(v, 'key-1');
    await call(v, null);
    await call(v, null);
    expect(await call(v, 'key-1')).toEqual(first);
    expect(await call(v, 'key-1')).toEqual(first);
    expect(v.calls).toBe(3);
  });
});

describe('CallGuard over a Redis that is down', () => {
  it('fails closed with IDEMPOTENCY_STORE_UNAVAILABLE, with or without a key, and calls nothing', async () => {
    // Port 1 on loopback: nothing listens there.
    const down = connectRedis({ url: 'redis://127.0.0.1:1', logger: silentLogger });
    try {
      expect(await down.connected(1_000)).toBe(false);
      const clock = new ManualClock(NOW);
      const guard = new CallGuard(new RedisCallSafetyStore(down.redis), SETTINGS, clock);
      const v = vendor();
      for (const idempotencyKey of ['key-1', null]) {
        await expect(
          guard.place({
            client: 'c',
            idempotencyKey,
            request: { called: '88884432' },
            place: v.place,
            logger: silentLogger,
          }),
        ).rejects.toMatchObject({ code: 'IDEMPOTENCY_STORE_UNAVAILABLE' });
      }
      expect(v.calls).toBe(0);
    } finally {
      await down.close();
    }
  });
});
