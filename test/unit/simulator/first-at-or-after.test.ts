import { describe, expect, it } from 'vitest';
import { firstAtOrAfter } from '../../../src/simulator/dataset/dataset.js';

const entries = [10, 20, 20, 20, 30].map((waitBegin) => ({ waitBegin }));

describe('firstAtOrAfter', () => {
  it('finds the first entry at or after an instant', () => {
    expect(firstAtOrAfter(entries, 5)).toBe(0);
    expect(firstAtOrAfter(entries, 10)).toBe(0);
    expect(firstAtOrAfter(entries, 11)).toBe(1);
    expect(firstAtOrAfter(entries, 20)).toBe(1);
    expect(firstAtOrAfter(entries, 30)).toBe(4);
    expect(firstAtOrAfter(entries, 31)).toBe(5);
  });

  it('handles an empty day', () => {
    expect(firstAtOrAfter([], 42)).toBe(0);
  });
});
