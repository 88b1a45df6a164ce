import { describe, expect, it } from 'vitest';
import { normalizeForSignature } from '../../../src/auth/cms-signature.js';

describe('normalizeForSignature (PathUtils.normalize)', () => {
  it('keeps only RFC 3986 unreserved characters', () => {
    expect(normalizeForSignature('AZaz09-._~')).toBe('AZaz09-._~');
    expect(normalizeForSignature(`!'()*`)).toBe('%21%27%28%29%2A');
    expect(normalizeForSignature('{"a":1, "b":[2]}')).toBe('%7B%22a%22%3A1%2C%20%22b%22%3A%5B2%5D%7D');
  });

  it('encodes UTF-8 bytes with uppercase hex, a lone surrogate as U+FFFD', () => {
    expect(normalizeForSignature('中😀')).toBe('%E4%B8%AD%F0%9F%98%80');
    expect(normalizeForSignature('x\uD800y')).toBe('x%EF%BF%BDy');
  });
});
