import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../src/transport/retry-after.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  it('reads delta seconds', () => {
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs(['1', '5'], now)).toBe(1_000);
  });
  it('reads an HTTP date relative to the clock', () => {
    expect(retryAfterMs('Sun, 22 Nov 2026 10:00:03 GMT', now)).toBe(3_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('is null when absent or unreadable', () => {
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('-1', now)).toBeNull();
  });
});
