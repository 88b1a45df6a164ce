import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { type RunningSimulator, startSimulator } from '../../../src/simulator/index.js';
import {
  expectNoGraphQLErrors,
  expectNoSecretsLogged,
  HARNESS_NOW,
  type Harness,
  type HarnessOptions,
  startHarness,
  TEST_JWT_SECRET,
  withToken,
} from '../../support/harness.js';
import { type RedisProxy, startRedisProxy } from '../../support/redis-proxy.js';
import { errorCodeOf, newClient } from './call-client.js';

const LIMIT = 3;
const QUERY = '{ softphones(first: 1) { totalCount } }';

// Two replicas of the app on one simulator and one Redis, as behind a load balancer.
let simulator: RunningSimulator;
let clock: ManualClock;
const started: Harness[] = [];

/** A replica on the shared simulator and clock; closed (after the secrets check) at the end of the file. */
async function replica(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const harness = await startHarness({
    simulator: { running: simulator, clock },
    env: {
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      CALL_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      REDIS_URL: inject('redisUrl'),
      ...env,
    },
    ...options,
  });
  started.push(harness);
  return harness;
}

let a: Harness;
let b: Harness;
const calls = () => simulator.control.counts().createcall;

/** The `redis` entry of the replica's GET /ready, and the HTTP status. */
async function readiness(harness: Harness) {
  const res = await request(new URL('/ready', harness.url));
  const body = (await res.body.json()) as { checks: Array<{ name: string }> };
  return { status: res.statusCode, redis: body.checks.find((check) => check.name === 'redis') };
}

beforeAll(async () => {
  clock = new ManualClock(HARNESS_NOW);
  simulator = await startSimulator({ clock });
  [a, b] = [await replica(), await replica()];
});

afterAll(async () => {
  try {
    for (const harness of started) expectNoSecretsLogged(harness);
  } finally {
    for (const harness of started) await harness.close();
    await simulator.close();
  }
});

beforeEach(() => {
  simulator.control.reset();
  clock.set(HARNESS_NOW);
});

describe('two replicas on one Redis', () => {
  it('report Redis among their readiness checks', async () => {
    expect(await readiness(a)).toEqual({
      status: 200,
      redis: { name: 'redis', status: 'ok', durationMs: expect.any(Number) },
    });
  });

  it('place exactly one call for one key sent to both at once', async () => {
    const client = await newClient(a);
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      // A minute per round keeps the client under its limit of 3 calls a minute.
      clock.set(HARNESS_NOW + round * 60_000);
      // Half the rounds hold the first call at the vendor, so the other replica surely finds it pending.
      if (round % 2 === 0) simulator.control.addFault({ endpoint: 'createcall', latencyMs: 200, times: 1 });
      const input = { called: '88884432', idempotencyKey: randomUUID() };
      const [onA, onB] = await Promise.all([client.create(input, a), client.create(input, b)]);
      expect(onA).toMatchObject({ __typename: 'AnonymousCall', callSerialNo: expect.any(String) });
      expect(onB).toEqual(onA);
    }
    expect(calls()).toBe(rounds);
  });

  it("answer a repeat on the other replica from the first one's outcome", async () => {
    const client = await newClient(a);
    const refused = { called: '30010010002', idempotencyKey: randomUUID() };
    expect(await client.create(refused, a)).toMatchObject({ reason: 'VDN_UNAVAILABLE' });
    expect(await client.create(refused, b)).toMatchObject({ reason: 'VDN_UNAVAILABLE' });
    simulator.control.addFault({ endpoint: 'createcall', drop: true, times: 1 });
    const unknown = { called: '88884432', idempotencyKey: randomUUID() };
    expect(errorCodeOf(await client.send(unknown, a))).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(await client.create(unknown, b)).toMatchObject({
      __typename: 'CallOutcomeUnknown',
      inProgress: false,
    });
    expect(await client.create({ ...unknown, called: '88884433' }, b)).toMatchObject({
      __typename: 'IdempotencyKeyConflict',
    });
    expect(calls()).toBe(2);
  });

  it('count calls against one per-client limit', async () => {
    const client = await newClient(a);
    await client.create({ called: '88884432' }, a);
    await client.create({ called: '88884432' }, b);
    await client.create({ called: '88884432' }, a);
    expect(await client.create({ called: '88884432' }, b)).toEqual({
      __typename: 'RateLimited',
      retryAfterSeconds: 60,
      message: expect.any(String),
    });
    expect(await client.create({ called: '88884432', idempotencyKey: randomUUID() }, a)).toMatchObject({
      __typename: 'RateLimited',
    });
    expect(calls()).toBe(LIMIT);
    clock.advance(60_000);
    expect(await client.create({ called: '88884432' }, b)).toMatchObject({ __typename: 'AnonymousCall' });
  });

  it('stop a repeat waiting at its own operation timeout, and answer it once the first call is done', async () => {
    const impatient = await replica({ OPERATION_TIMEOUT_MS: '200' });
    const client = await newClient(a);
    simulator.control.addFault({ endpoint: 'createcall', latencyMs: 1_000, times: 1 });
    const input = { called: '88884432', idempotencyKey: randomUUID() };
    const first = client.create(input, a);
    await vi.waitFor(() => expect(calls()).toBe(1), { interval: 5 });
    expect(await client.create(input, impatient)).toMatchObject({
      __typename: 'CallOutcomeUnknown',
      inProgress: true,
      message: expect.stringMatching(/still running/),
    });
    const call = await first;
    expect(await client.create(input, impatient)).toEqual(call);
    expect(calls()).toBe(1);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('a replica whose Redis is down', () => {
  it('refuses calls with IDEMPOTENCY_STORE_UNAVAILABLE, places none, and still answers queries', async () => {
    const down = await replica({ REDIS_URL: `redis://:not-logged-secret@127.0.0.1:${await closedPort()}` });
    const client = await newClient(down);
    for (const input of [{ called: '88884432', idempotencyKey: randomUUID() }, { called: '88884432' }]) {
      const response = await client.send(input);
      expect(errorCodeOf(response)).toBe('IDEMPOTENCY_STORE_UNAVAILABLE');
      expect(response.body.errors?.[0]?.message).toMatch(/no call was placed/);
      expect(response.body.data).toBeNull();
    }
    expect(calls()).toBe(0);
    const query = await down.query(QUERY, {}, withToken(client.token));
    expect(expectNoGraphQLErrors(query)).toEqual({ softphones: { totalCount: 320 } });
    expect(await readiness(down)).toEqual({
      status: 503,
      redis: {
        name: 'redis',
        status: 'failed',
        durationMs: expect.any(Number),
        code: 'IDEMPOTENCY_STORE_UNAVAILABLE',
        message: expect.stringMatching(/^Redis, ping: /),
      },
    });
    expect(down.logLines.join('\n')).not.toContain('not-logged-secret');
  });
});

describe('a replica whose Redis is slow', () => {
  let proxy: RedisProxy;
  beforeAll(async () => {
    proxy = await startRedisProxy(inject('redisUrl'));
  });
  afterAll(() => proxy.close());

  it('refuses a call after the command timeout, and calls once Redis answers again', async () => {
    const slow = await replica({ REDIS_URL: proxy.url });
    const client = await newClient(slow);
    const input = { called: '88884432', idempotencyKey: randomUUID() };
    proxy.stall();
    const response = await client.send(input);
    proxy.resume();
    expect(errorCodeOf(response)).toBe('IDEMPOTENCY_STORE_UNAVAILABLE');
    expect(calls()).toBe(0);
    // The stalled claim reached Redis late; it was taken back behind it, so the retry may call.
    expect(await client.create(input)).toMatchObject({ __typename: 'AnonymousCall' });
    expect(calls()).toBe(1);
  });
});
