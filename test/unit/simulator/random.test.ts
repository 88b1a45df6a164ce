import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed } from '../../../src/simulator/random.js';

describe('seeded random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('stays in range', () => {
    const random = createRandom(7);
    for (let i = 0; i < 1000; i++) {
      const n = random.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      expect(random.digits(4)).toMatch(/^\d{4}$/);
    }
    expect(random.weighted([['only', 1]] as const)).toBe('only');
  });

  it('derives distinct seeds for distinct parts, including large day numbers', () => {
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    expect(deriveSeed(1, 1, 1_730_332_800)).not.toBe(deriveSeed(1, 1, 1_730_419_200));
  });
});
