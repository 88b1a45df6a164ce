import { describe, expect, it } from 'vitest';
import { appendVary, isCompressible, negotiateEncoding } from '../../../src/server/compression.js';

describe('negotiateEncoding', () => {
  it.each([
    [null, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0.5, br', 'br'],
    ['GZIP ; Q=0.8', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['deflate', null],
  ] as const)('Accept-Encoding %j → %j', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('isCompressible', () => {
  it('takes text and JSON, and leaves incremental and binary answers alone', () => {
    for (const type of [
      'application/json; charset=utf-8',
      'application/graphql-response+json',
      'text/html',
      'text/plain; version=0.0.4',
    ]) {
      expect(isCompressible(type), type).toBe(true);
    }
    for (const type of [
      'text/event-stream',
      'multipart/mixed; boundary="-"',
      'image/png',
      'application/octet-stream',
    ]) {
      expect(isCompressible(type), type).toBe(false);
    }
    expect(isCompressible(null)).toBe(false);
  });
});

describe('appendVary', () => {
  it('adds Accept-Encoding once, beside what is there', () => {
    const headers = new Headers({ vary: 'Origin' });
    appendVary(headers, 'Accept-Encoding');
    appendVary(headers, 'accept-encoding');
    expect(headers.get('vary')).toBe('Origin, Accept-Encoding');
  });
});
