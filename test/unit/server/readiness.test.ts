import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createLogger } from '../../../src/logger.js';
import { createReadiness, type ReadinessCheck, withoutCredentials } from '../../../src/server/readiness.js';

// The rules of src/server/readiness.ts with hand-made checks; the real upstream probes are tested over
// HTTP against the simulator in test/integration/server/health.test.ts.

const logger = createLogger({ level: 'silent' });

/** A check whose outcome the test decides, counting how often it was started. */
function controlledCheck(name: string) {
  const calls: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const check: ReadinessCheck = {
    name,
    check: () =>
      new Promise<void>((resolve, reject) => {
        calls.push({ resolve, reject });
      }),
  };
  return { check, calls };
}

describe('readiness', () => {
  it('shares one round between concurrent reports, and caches it for cacheSeconds on the injected clock', async () => {
    const clock = new ManualClock(0);
    const redis = controlledCheck('redis');
    const readiness = createReadiness({ checks: [redis.check], clock, cacheSeconds: 5, logger });
    const first = readiness.report();
    const second = readiness.report();
    await new Promise((resolve) => setImmediate(resolve));
    expect(redis.calls).toHaveLength(1);
    redis.calls[0]?.resolve();
    expect(await first).toEqual(await second);
    expect((await first).status).toBe('ready');

    clock.advance(4_999);
    await readiness.report();
    expect(redis.calls).toHaveLength(1);
    clock.advance(1);
    const third = readiness.report();
    await new Promise((resolve) => setImmediate(resolve));
    expect(redis.calls).toHaveLength(2);
    redis.calls[1]?.reject(
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6379'), { code: 'ECONNREFUSED' }),
    );
    expect(await third).toEqual({
      status: 'unavailable',
      checkedAt: new Date(5_000).toISOString(),
      checks: [
        {
          name: 'redis',
          status: 'failed',
          code: 'ECONNREFUSED',
          message: 'connect ECONNREFUSED 10.0.0.5:6379',
          durationMs: expect.any(Number),
        },
      ],
    });
  });

  it('fails a check that outlives the timeout, and does not start it again while it still runs', async () => {
    const clock = new ManualClock(0);
    const slow = controlledCheck('ccCms');
    const readiness = createReadiness({
      checks: [slow.check],
      clock,
      cacheSeconds: 0,
      logger,
      timeoutMs: 20,
    });
    expect((await readiness.report()).checks[0]).toMatchObject({
      status: 'failed',
      code: 'READINESS_TIMEOUT',
      message: 'no answer within 20 ms',
    });
    await readiness.report();
    expect(slow.calls).toHaveLength(1);
    slow.calls[0]?.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await readiness.report()).status).toBe('unavailable');
    expect(slow.calls).toHaveLength(2);
  });

  it('reports shutting_down once draining, without running a check', async () => {
    const check = controlledCheck('cecToken');
    const readiness = createReadiness({
      checks: [check.check],
      clock: new ManualClock(0),
      cacheSeconds: 5,
      logger,
    });
    readiness.beginDraining();
    expect(readiness.draining).toBe(true);
    expect(await readiness.report()).toEqual({
      status: 'shutting_down',
      checkedAt: expect.any(String),
      checks: [],
    });
    expect(check.calls).toHaveLength(0);
  });

  it('keeps credentials out of failure messages', () => {
    expect(withoutCredentials('connect to redis://default:hunter2@redis.internal:6379 failed')).toBe(
      'connect to redis://[REDACTED]@redis.internal:6379 failed',
    );
    expect(withoutCredentials('sent Authorization: Bearer eyJhbGciOi.x.y')).toBe(
      'sent Authorization: Bearer [REDACTED]',
    );
    expect(
      withoutCredentials('header auth-v2/ak/2024-10-31T14:06:52Z/content-length;host/abc123 refused'),
    ).toBe('header auth-v2/[REDACTED] refused');
  });
});
