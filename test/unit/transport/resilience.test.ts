import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import type { EndpointName } from '../../../src/datasources/registry.js';
import { silentLogger } from '../../../src/logger.js';
import { CallQueue } from '../../../src/transport/call-queue.js';
import type { EndpointDescriptor } from '../../../src/transport/endpoint.js';
import type { InboundResponse } from '../../../src/transport/http-transport.js';
import { OperationLimitError, OperationScope } from '../../../src/transport/operation-scope.js';
import {
  type BreakerEvent,
  defaultResilience,
  EndpointPolicies,
  type ResilienceOptions,
  type RetryEvent,
} from '../../../src/transport/resilience.js';
import { UpstreamError } from '../../../src/transport/upstream-error.js';

const response = (status: number, headers: Record<string, string> = {}): InboundResponse => ({
  status,
  headers,
  body: '{}',
});
const failure = (code: UpstreamError['code'], endpoint: EndpointName = 'queryPhone') =>
  new UpstreamError(code, code, { endpoint });

/** Only createcall is unsafe to repeat; the rest of a descriptor does not matter to the policies. */
const described = (name: EndpointName): EndpointDescriptor => ({
  name,
  host: 'cec',
  path: '/',
  auth: 'bearer',
  repeatSafe: name !== 'createcall',
});

function setup(overrides: Partial<ResilienceOptions> = {}) {
  const retries: RetryEvent[] = [];
  const breaker: BreakerEvent[] = [];
  const policies = new EndpointPolicies(
    {
      ...defaultResilience,
      retryBaseDelayMs: 4,
      retryMaxDelayMs: 20,
      breakerThreshold: 3,
      breakerHalfOpenAfterMs: 1_000,
      onRetry: (event) => retries.push(event),
      onBreakerStateChange: (event) => breaker.push(event),
      ...overrides,
    },
    new ManualClock(0),
    silentLogger,
  );
  /**
   * Runs `endpoint` with attempts answered in order from `script`, recording attempt numbers and how many
   * connections were reserved and released; `refuseReservation` rejects the wait for a connection.
   */
  const run = (endpoint: EndpointName, script: Array<InboundResponse | Error>, refuseReservation?: Error) => {
    const attempts: number[] = [];
    const reservations = { taken: 0, released: 0 };
    const result = policies.run(described(endpoint), {
      reserve: async () => {
        if (refuseReservation) throw refuseReservation;
        reservations.taken++;
        return { pool: null as never, release: () => reservations.released++ };
      },
      attempt: async (attempt) => {
        attempts.push(attempt);
        const next = script[Math.min(attempts.length - 1, script.length - 1)];
        if (next instanceof Error) throw next;
        return next as InboundResponse;
      },
    });
    return { attempts, reservations, result };
  };
  return { policies, run, retries, breaker };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('resilience policies', () => {
  it('retries a read at most twice on 5xx with full-jitter exponential delays', async () => {
    const { run, retries } = setup();
    const { attempts, result } = run('queryPhone', [response(503)]);
    expect((await result).status).toBe(503);
    expect(attempts).toEqual([1, 2, 3]);
    expect(retries.map((r) => [r.attempt, r.reason, r.retryAfterMs])).toEqual([
      [1, '503', null],
      [2, '503', null],
    ]);
    const [first, second] = retries;
    expect(first?.delayMs).toBeGreaterThanOrEqual(0);
    expect(first?.delayMs).toBeLessThan(4);
    expect(second?.delayMs).toBeLessThan(8);
  });

  it('stops retrying once an attempt succeeds', async () => {
    const { run, retries } = setup();
    const { attempts, result } = run('querycalls', [response(500), response(200)]);
    expect((await result).status).toBe(200);
    expect(attempts).toEqual([1, 2]);
    expect(retries).toHaveLength(1);
  });

  it('answers at once when Retry-After asks for more than the max delay', async () => {
    const { run, retries } = setup({ retryMaxDelayMs: 20 });
    const { attempts, result } = run('getCalledInfo', [response(429, { 'retry-after': '1' })]);
    expect((await result).status).toBe(429);
    expect(attempts).toEqual([1]);
    expect(retries).toEqual([]);
  });

  it('waits at least Retry-After when it is within the max delay', async () => {
    vi.useFakeTimers();
    const { run, retries } = setup({ retryBaseDelayMs: 1, retryMaxDelayMs: 5_000 });
    const { attempts, result } = run('getCalledInfo', [response(429, { 'retry-after': '1' }), response(200)]);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).status).toBe(200);
    expect(retries.map((r) => [r.reason, r.retryAfterMs, r.delayMs])).toEqual([['429', 1_000, 1_000]]);
  });

  it('neither retries nor counts a 5xx that carries a vendor result code (a business failure)', async () => {
    const { run, retries, breaker } = setup({ breakerThreshold: 2 });
    const coded: InboundResponse = {
      status: 500,
      headers: {},
      body: '{"resultCode":"30010000003","resultDesc":"bad"}',
    };
    for (let i = 0; i < 4; i++) {
      const { attempts, result } = run('queryPhone', [coded]);
      expect((await result).status).toBe(500);
      expect(attempts).toEqual([1]);
    }
    expect(retries).toEqual([]);
    expect(breaker).toEqual([]);
  });

  it('uses a Retry-After shorter than the cap as the delay floor', async () => {
    const { run, retries } = setup({ retryBaseDelayMs: 1, retryMaxDelayMs: 5_000 });
    const { result } = run('queryAccessCodeList', [response(503, { 'retry-after': '0' }), response(200)]);
    await result;
    expect(retries[0]).toMatchObject({ retryAfterMs: 0, delayMs: 0 });
  });

  it('retries network failures of reads, including tokenByAkSk', async () => {
    const { run, retries } = setup();
    const { attempts, result } = run('tokenByAkSk', [
      failure('UPSTREAM_UNAVAILABLE', 'tokenByAkSk'),
      response(200),
    ]);
    expect((await result).status).toBe(200);
    expect(attempts).toEqual([1, 2]);
    expect(retries[0]?.reason).toBe('UPSTREAM_UNAVAILABLE');
  });

  it.each([
    ['a 4xx answer', response(400)],
    ['a 404 answer', response(404)],
    ['a timeout', failure('UPSTREAM_TIMEOUT')],
    ['an undecodable reply', failure('UPSTREAM_BAD_RESPONSE')],
  ])('does not retry %s', async (_name, answer) => {
    const { run, retries } = setup();
    const { attempts, result } = run('queryPhone', [answer]);
    await result.catch(() => {});
    expect(attempts).toEqual([1]);
    expect(retries).toHaveLength(0);
  });

  it.each([
    ['500', response(500)],
    ['a dropped connection', failure('UPSTREAM_OUTCOME_UNKNOWN', 'createcall')],
    ['a refused connection', failure('UPSTREAM_UNAVAILABLE', 'createcall')],
  ])('never retries createcall (%s)', async (_name, answer) => {
    const { run, retries } = setup();
    const { attempts, result } = run('createcall', [answer]);
    await result.catch(() => {});
    expect(attempts).toEqual([1]);
    expect(retries).toHaveLength(0);
  });

  it('opens the breaker after consecutive failures, answers fast, and closes after a good probe', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // cockatiel times the open state with Date.now()
    const { run, breaker } = setup({ maxRetries: 0, breakerThreshold: 3 });
    for (let i = 0; i < 3; i++) await run('queryPhone', [response(503)]).result;
    expect(breaker).toEqual([{ endpoint: 'queryPhone', state: 'open' }]);

    const blocked = run('queryPhone', [response(200)]);
    await expect(blocked.result).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      endpoint: 'queryPhone',
    });
    expect(blocked.attempts).toEqual([]);

    // Other endpoints are unaffected.
    expect((await run('getCalledInfo', [response(200)]).result).status).toBe(200);

    vi.setSystemTime(Date.now() + 1_000);
    const probe = run('queryPhone', [response(200)]);
    expect((await probe.result).status).toBe(200);
    expect(probe.attempts).toEqual([1]);
    expect(breaker.map((e) => e.state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the half-open probe fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { run, breaker } = setup({ maxRetries: 0, breakerThreshold: 1 });
    await run('querycalls', [failure('UPSTREAM_TIMEOUT', 'querycalls')]).result.catch(() => {});
    vi.setSystemTime(Date.now() + 1_000);
    await run('querycalls', [response(502)]).result;
    expect(breaker.map((e) => e.state)).toEqual(['open', 'half-open', 'open']);
    const blocked = run('querycalls', [response(200)]);
    await expect(blocked.result).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(blocked.attempts).toEqual([]);
  });

  it('keeps the circuit open when the half-open probe is refused while it waits for a connection', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { run, breaker } = setup({ maxRetries: 0, breakerThreshold: 1 });
    await run('queryPhone', [response(503)]).result;
    vi.setSystemTime(Date.now() + 1_000);
    // The probe's operation answered while it waited: nothing was sent, nothing learnt about the vendor.
    const ended = new OperationLimitError('OPERATION_ENDED', 'answered', 'queryPhone');
    const refused = run('queryPhone', [response(200)], ended);
    await expect(refused.result).rejects.toBe(ended);
    expect(refused.attempts).toEqual([]);
    expect(breaker.map((e) => e.state)).toEqual(['open', 'half-open', 'open']);
  });

  it('gives the connection back after every attempt, also when the circuit refuses the call', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { run } = setup({ maxRetries: 2, breakerThreshold: 2 });
    const retried = run('queryPhone', [response(503), response(200)]);
    expect((await retried.result).status).toBe(200);
    expect(retried.reservations).toEqual({ taken: 2, released: 2 });
    // Two 503s in a row open it (the retry of the second is refused by the circuit).
    await run('queryPhone', [response(503)]).result.catch(() => {});
    // Open now: refused without even waiting for a connection.
    const refused = run('queryPhone', [response(200)]);
    await expect(refused.result).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(refused.reservations).toEqual({ taken: 0, released: 0 });
  });

  it('lets calls wait for the half-open probe without holding a connection the probe needs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { policies } = setup({ maxRetries: 0, breakerThreshold: 1 });
    // One connection, handed out oldest operation first, as the transport's queue does.
    const queue = new CallQueue(1);
    const callOf = (scope: OperationScope, answer: () => Promise<InboundResponse>) => ({
      reserve: async () => {
        const waiting = queue.enter(scope, (reason) => new Error(reason));
        if (waiting) await waiting;
        let released = false;
        return {
          pool: null as never,
          release: () => {
            if (!released) queue.leave();
            released = true;
          },
        };
      },
      attempt: answer,
    });
    const older = new OperationScope({ maxUpstreamCalls: 10, timeoutMs: 60_000 });
    const newer = new OperationScope({ maxUpstreamCalls: 10, timeoutMs: 60_000 });
    await policies.run(
      described('queryPhone'),
      callOf(older, async () => response(503)),
    );
    vi.setSystemTime(Date.now() + 1_000);
    // Another call holds the one connection; the probe (a newer operation's) waits for it ...
    const holder = await callOf(older, async () => response(200)).reserve();
    const probe = policies.run(
      described('queryPhone'),
      callOf(newer, async () => response(200)),
    );
    await Promise.resolve();
    // ... and an older operation's call arrives while the circuit is half-open.
    const follower = policies.run(
      described('queryPhone'),
      callOf(older, async () => response(200)),
    );
    await Promise.resolve();
    holder.release();
    // Had the follower taken the connection first, it would wait for the probe, and the probe for it.
    expect((await probe).status).toBe(200);
    expect((await follower).status).toBe(200);
    expect(queue.size).toEqual({ active: 0, waiting: 0 });
  });

  it('does not count 4xx answers and bad replies against the breaker', async () => {
    const { run, breaker } = setup({ maxRetries: 0, breakerThreshold: 2 });
    for (let i = 0; i < 5; i++) {
      await run('queryPhone', [response(400)]).result;
      await run('queryPhone', [failure('UPSTREAM_BAD_RESPONSE')]).result.catch(() => {});
    }
    expect(breaker).toEqual([]);
  });

  it('stops retrying when the breaker opens mid-retry', async () => {
    const { run, retries } = setup({ breakerThreshold: 2 });
    const { attempts, result } = run('queryAccessCodeList', [response(503)]);
    await expect(result).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(attempts).toEqual([1, 2]);
    expect(retries).toHaveLength(2);
  });
});
