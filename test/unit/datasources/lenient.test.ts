import { describe, expect, it } from 'vitest';
import { instantOf } from '../../../src/datasources/vendor/lenient.js';

describe('instantOf', () => {
  it('reads epoch milliseconds given as numbers or numeric strings', () => {
    expect(instantOf(1_764_000_000_000)).toBe(1_764_000_000_000);
    expect(instantOf('1764000000000')).toBe(1_764_000_000_000);
  });

  it('has no instant for 0, negatives, and values no Date can hold', () => {
    expect(instantOf(0)).toBeNull();
    expect(instantOf(-5)).toBeNull();
    expect(instantOf(8.64e15)).toBe(8.64e15);
    expect(instantOf(8.64e15 + 1)).toBeNull();
    expect(instantOf('99999999999999999')).toBeNull();
  });
});
