import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { failureOf, useHarness } from '../../support/harness.js';

const REQUEST_TIMEOUT_MS = 300;
const harness = useHarness({
  env: { UPSTREAM_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  resilience: { retryBaseDelayMs: 4, retryMaxDelayMs: 25 },
  resetEach: true,
});
beforeAll(async () => {
  await harness.datasources.softphones.list({ limit: 1, offset: 0 }); // warm the token
  // Generate the simulator's call days up front: under load that can outlast the 300 ms request timeout.
  const window = harness.simulator.dataset.queryWindow();
  harness.simulator.dataset.callRecords({
    ccId: 1,
    vdn: 1,
    inbound: false,
    from: window.earliest,
    to: window.latest,
  });
});

const counts = () => harness.simulator.control.counts();

describe('retries of reads', () => {
  it('retries a 503 twice with full-jitter exponential backoff, then gives UPSTREAM_UNAVAILABLE', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 503 });
    const error = await failureOf(harness.datasources.softphones.list({ limit: 5, offset: 0 }));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', endpoint: 'queryPhone', httpStatus: 503 });
    expect(counts().queryPhone).toBe(3);
    expect(harness.retries.map((r) => [r.endpoint, r.attempt, r.reason])).toEqual([
      ['queryPhone', 1, '503'],
      ['queryPhone', 2, '503'],
    ]);
    expect(harness.retries[0]?.delayMs).toBeLessThan(4);
    expect(harness.retries[1]?.delayMs).toBeLessThan(8);
  });

  it('recovers when the fault clears within the retries', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryAccessCodeList', status: 502, times: 2 });
    const page = await harness.datasources.accessCodes.list({ limit: 3, offset: 0 });
    expect(page.items).toHaveLength(3);
    expect(counts().queryAccessCodeList).toBe(3);
    expect(harness.retries).toHaveLength(2);
  });

  it('retries a 429 whose Retry-After is within the max delay', async () => {
    harness.simulator.control.addFault({
      endpoint: 'getCalledInfo',
      status: 429,
      retryAfterSeconds: 0,
      times: 2,
    });
    const [code] = harness.simulator.dataset.accessCodes;
    const info = await harness.datasources.calledInfo.get({ caller: '123', called: code?.accessCode ?? '' });
    expect(info).not.toBeNull();
    expect(counts().getCalledInfo).toBe(3);
    expect(harness.retries.map((r) => [r.reason, r.retryAfterMs])).toEqual([
      ['429', 0],
      ['429', 0],
    ]);
  });

  it('does not retry when Retry-After asks for longer than the max delay', async () => {
    harness.simulator.control.addFault({
      endpoint: 'getCalledInfo',
      status: 429,
      retryAfterSeconds: 60,
      times: 1,
    });
    const [code] = harness.simulator.dataset.accessCodes;
    const error = await failureOf(
      harness.datasources.calledInfo.get({ caller: '123', called: code?.accessCode ?? '' }),
    );
    expect(error).toMatchObject({ endpoint: 'getCalledInfo', httpStatus: 429 });
    expect(counts().getCalledInfo).toBe(1);
    expect(harness.retries).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', drop: true, times: 1 });
    const page = await harness.datasources.softphones.list({ limit: 2, offset: 0 });
    expect(page.items).toHaveLength(2);
    expect(counts().queryPhone).toBe(2);
    expect(harness.retries.map((r) => r.reason)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('retries CC-CMS querycalls too', async () => {
    harness.simulator.control.addFault({ endpoint: 'querycalls', status: 500, times: 1 });
    const window = harness.simulator.dataset.queryWindow();
    await harness.datasources.callRecords.list({
      ccId: 1,
      vdn: 1,
      direction: 'OUTBOUND',
      from: window.earliest,
      to: window.latest,
      limit: 5,
      offset: 0,
    });
    expect(counts().querycalls).toBe(2);
  });

  it('times out a slow read as UPSTREAM_TIMEOUT without retrying', async () => {
    harness.simulator.control.addFault({
      endpoint: 'queryPhone',
      latencyMs: REQUEST_TIMEOUT_MS * 3,
      times: 1,
    });
    const error = await failureOf(harness.datasources.softphones.list({ limit: 1, offset: 0 }));
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', endpoint: 'queryPhone' });
    expect(counts().queryPhone).toBe(1);
  });

  it.each([
    'malformed',
    'truncated',
  ] as const)('gives UPSTREAM_BAD_RESPONSE for a %s body, without retrying', async (body) => {
    harness.simulator.control.addFault({ endpoint: 'queryAccessCodeList', body, times: 1 });
    const error = await failureOf(harness.datasources.accessCodes.list({ limit: 10, offset: 0 }));
    expect(error).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      endpoint: 'queryAccessCodeList',
      httpStatus: 200,
    });
    expect(counts().queryAccessCodeList).toBe(1);
    expect(harness.retries).toEqual([]);
  });

  it('does not retry a 4xx business answer', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 400, times: 1 });
    const error = await failureOf(harness.datasources.softphones.list({ limit: 1, offset: 0 }));
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', httpStatus: 400 });
    expect(counts().queryPhone).toBe(1);
  });
});

describe('createcall is never retried', () => {
  it('a 500 is tried once and its outcome is unknown', async () => {
    harness.simulator.control.addFault({ endpoint: 'createcall', status: 500, times: 1 });
    const error = await failureOf(harness.datasources.anonymousCalls.create({ called: '88884432' }));
    expect(error).toMatchObject({
      code: 'UPSTREAM_OUTCOME_UNKNOWN',
      endpoint: 'createcall',
      httpStatus: 500,
    });
    expect(counts().createcall).toBe(1);
    expect(harness.retries).toEqual([]);
  });

  it('a dropped connection is tried once: UPSTREAM_OUTCOME_UNKNOWN', async () => {
    harness.simulator.control.addFault({ endpoint: 'createcall', drop: true, times: 1 });
    const error = await failureOf(harness.datasources.anonymousCalls.create({ called: '88884432' }));
    expect(error).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', endpoint: 'createcall' });
    expect(counts().createcall).toBe(1);
  });

  it('a timeout is tried once: UPSTREAM_OUTCOME_UNKNOWN', async () => {
    harness.simulator.control.addFault({
      endpoint: 'createcall',
      latencyMs: REQUEST_TIMEOUT_MS * 3,
      times: 1,
    });
    const error = await failureOf(harness.datasources.anonymousCalls.create({ called: '88884432' }));
    expect(error).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', endpoint: 'createcall' });
    expect(counts().createcall).toBe(1);
    expect(harness.retries).toEqual([]);
  });

  it('a malformed 200 is an unknown outcome, not a second call', async () => {
    harness.simulator.control.addFault({ endpoint: 'createcall', body: 'truncated', times: 1 });
    const error = await failureOf(harness.datasources.anonymousCalls.create({ called: '88884432' }));
    expect(error).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
    expect(counts().createcall).toBe(1);
  });
});

describe('circuit breaker', () => {
  const breaking = useHarness({
    resilience: { maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 5_000 },
  });
  beforeAll(() => breaking.datasources.softphones.list({ limit: 1, offset: 0 }));

  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens after repeated failures, answers fast without calling upstream, and closes after a good probe', async () => {
    // cockatiel times the open state with Date.now(); faking only Date leaves undici's timers real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const control = breaking.simulator.control;
    control.reset();
    control.addFault({ endpoint: 'getCalledInfo', status: 503 });
    const call = () => breaking.datasources.calledInfo.get({ caller: '1', called: '2' });
    for (let i = 0; i < 3; i++) await failureOf(call());
    expect(control.counts().getCalledInfo).toBe(3);
    expect(breaking.breakerEvents.map((e) => [e.endpoint, e.state])).toEqual([['getCalledInfo', 'open']]);

    const fast = await Promise.all(Array.from({ length: 10 }, () => failureOf(call())));
    for (const error of fast) {
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', endpoint: 'getCalledInfo' });
      expect(error.message).toContain('circuit open');
    }
    expect(control.counts().getCalledInfo).toBe(3);
    // Other endpoints keep working.
    await breaking.datasources.softphones.list({ limit: 1, offset: 0 });

    control.clearFaults();
    vi.setSystemTime(Date.now() + 5_000);
    expect(await call()).toBeNull(); // '2' is not a configured called number: retCode 5
    expect(control.counts().getCalledInfo).toBe(4);
    expect(breaking.breakerEvents.map((e) => e.state)).toEqual(['open', 'half-open', 'closed']);
    await call();
    expect(control.counts().getCalledInfo).toBe(5);
  });
});
