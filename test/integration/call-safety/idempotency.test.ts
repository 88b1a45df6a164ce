import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { HARNESS_NOW, TEST_JWT_SECRET, useHarness } from '../../support/harness.js';
import { errorCodeOf, newClient } from './call-client.js';

const LIMIT = 3;
const STORES: Array<[string, Record<string, string>]> = [
  ['in this process', {}],
  ['in Redis', { REDIS_URL: inject('redisUrl') }],
];

describe.each(STORES)('createAnonymousCall with the store %s', (_store, storeEnv) => {
  const harness = useHarness({
    resetEach: true,
    rewindEach: true,
    env: { AUTH_JWT_SECRET: TEST_JWT_SECRET, CALL_RATE_LIMIT_PER_MINUTE: String(LIMIT), ...storeEnv },
  });
  const calls = () => harness.simulator.control.counts().createcall;

  it("answers a repeated key with the first attempt's call, placing one", async () => {
    const client = await newClient(harness);
    const input = { called: '88884432', callerPresent: '95599', idempotencyKey: randomUUID() };
    const first = await client.create(input);
    expect(first).toMatchObject({ __typename: 'AnonymousCall', callSerialNo: expect.any(String) });
    expect(await client.create(input)).toEqual(first);
    expect(await client.create(input)).toEqual(first);
    expect(calls()).toBe(1);
  });

  it("answers a repeated key with the first attempt's refusal, placing one", async () => {
    const client = await newClient(harness);
    const input = { called: '30010000002', idempotencyKey: randomUUID() };
    const first = await client.create(input);
    expect(first).toMatchObject({ __typename: 'CallCreationError', reason: 'NO_SIP_SERVER' });
    expect(await client.create(input)).toEqual(first);
    expect(calls()).toBe(1);
  });

  it('places a call per request without a key, as before', async () => {
    const client = await newClient(harness);
    const first = await client.create({ called: '88884432' });
    const second = await client.create({ called: '88884432' });
    expect(second.callSerialNo).not.toBe(first.callSerialNo);
    expect(calls()).toBe(2);
  });

  it('lets a concurrent repeat wait for the first outcome instead of calling', async () => {
    const client = await newClient(harness);
    harness.simulator.control.addFault({ endpoint: 'createcall', latencyMs: 300, times: 1 });
    const input = { called: '88884432', idempotencyKey: randomUUID() };
    const [a, b, c] = await Promise.all([client.create(input), client.create(input), client.create(input)]);
    expect(a).toMatchObject({ __typename: 'AnonymousCall' });
    expect([b, c]).toEqual([a, a]);
    expect(calls()).toBe(1);
  });

  it('remembers an unknown outcome: the repeat says so and places no call', async () => {
    const client = await newClient(harness);
    harness.simulator.control.addFault({ endpoint: 'createcall', drop: true, times: 1 });
    const input = { called: '88884432', idempotencyKey: randomUUID() };
    expect(errorCodeOf(await client.send(input))).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(await client.create(input)).toEqual({
      __typename: 'CallOutcomeUnknown',
      inProgress: false,
      message: expect.stringMatching(/may have placed a call/),
    });
    expect(calls()).toBe(1);
  });

  it('frees the key when the vendor surely placed nothing, so the retry calls', async () => {
    const client = await newClient(harness);
    harness.simulator.control.addFault({ endpoint: 'createcall', status: 400, times: 1 });
    const input = { called: '88884432', idempotencyKey: randomUUID() };
    expect(errorCodeOf(await client.send(input))).toBe('UPSTREAM_REJECTED');
    expect(await client.create(input)).toMatchObject({ __typename: 'AnonymousCall' });
    expect(calls()).toBe(2);
  });

  it('answers the same key with another input as IdempotencyKeyConflict, placing no call', async () => {
    const client = await newClient(harness);
    const idempotencyKey = randomUUID();
    await client.create({ called: '88884432', idempotencyKey });
    expect(await client.create({ called: '88884432', callData: 'other', idempotencyKey })).toEqual({
      __typename: 'IdempotencyKeyConflict',
      idempotencyKey,
      message: expect.stringMatching(/different input/),
    });
    expect(calls()).toBe(1);
  });

  it("never shares a key between clients: another client's same key is another call", async () => {
    const [alice, bob] = [await newClient(harness), await newClient(harness)];
    const input = { called: '88884432', idempotencyKey: 'order-1234' };
    const hers = await alice.create(input);
    const his = await bob.create(input);
    expect(his.callSerialNo).not.toBe(hers.callSerialNo);
    expect(await alice.create(input)).toEqual(hers);
    expect(calls()).toBe(2);
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'k'.repeat(129)],
    ['a control character', 'key\n1'],
    ['a character outside ASCII', 'schlüssel'],
  ])('answers a key that is %s as InputValidationError, placing no call', async (_what, idempotencyKey) => {
    const client = await newClient(harness);
    const result = await client.create({ called: '88884432', idempotencyKey });
    expect(result).toMatchObject({
      __typename: 'InputValidationError',
      fieldErrors: [{ field: 'input.idempotencyKey', message: expect.any(String) }],
    });
    expect(calls()).toBe(0);
  });

  it('accepts a key of 128 printable characters', async () => {
    const client = await newClient(harness);
    const idempotencyKey = ` ~!${'k'.repeat(125)}`;
    expect(await client.create({ called: '88884432', idempotencyKey })).toMatchObject({
      __typename: 'AnonymousCall',
    });
  });

  it('answers RateLimited past CALL_RATE_LIMIT_PER_MINUTE, without a vendor call, until the minute ends', async () => {
    const client = await newClient(harness);
    harness.clock.set(HARNESS_NOW + 20_000);
    const keyed = { called: '88884432', idempotencyKey: randomUUID() };
    const first = await client.create(keyed);
    for (let i = 1; i < LIMIT; i++) await client.create({ called: '88884432' });
    expect(await client.create({ called: '88884432' })).toEqual({
      __typename: 'RateLimited',
      retryAfterSeconds: 40,
      message: expect.stringMatching(/At most 3 calls per minute/),
    });
    // A repeat places no call, so the limit does not stop it.
    expect(await client.create(keyed)).toEqual(first);
    // Other clients have limits of their own.
    expect(await (await newClient(harness)).create({ called: '88884432' })).toMatchObject({
      __typename: 'AnonymousCall',
    });
    expect(calls()).toBe(LIMIT + 1);
    harness.clock.advance(40_000);
    expect(await client.create({ called: '88884432' })).toMatchObject({ __typename: 'AnonymousCall' });
  });
});
