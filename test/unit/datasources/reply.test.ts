import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeReply, httpFailure } from '../../../src/datasources/vendor/reply.js';
import { reply, thrown } from './responses.js';

const spring = (status: number, message: string) =>
  reply({ timestamp: 1532142010247, status, error: 'Forbidden', message, path: '/x' }, status);

describe('reply mapping', () => {
  it.each([
    [400, 'UPSTREAM_REJECTED'],
    [404, 'UPSTREAM_REJECTED'],
    [401, 'UPSTREAM_AUTH_FAILED'],
    [403, 'UPSTREAM_AUTH_FAILED'],
    [429, 'UPSTREAM_UNAVAILABLE'],
    [500, 'UPSTREAM_UNAVAILABLE'],
    [503, 'UPSTREAM_UNAVAILABLE'],
    [302, 'UPSTREAM_BAD_RESPONSE'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(httpFailure('queryPhone', reply('', status))).toMatchObject({
      code,
      httpStatus: status,
      endpoint: 'queryPhone',
    });
  });

  it('keeps the vendor code and message of an error body', () => {
    expect(httpFailure('querycalls', spring(403, 'The IP address is locked'))).toMatchObject({
      vendorMessage: 'The IP address is locked',
    });
    expect(httpFailure('queryPhone', reply({ retCode: '1', retMsg: 'Query failed' }, 500))).toMatchObject({
      vendorCode: '1',
      vendorMessage: 'Query failed',
    });
  });

  it('turns malformed and truncated bodies into UPSTREAM_BAD_RESPONSE', () => {
    const schema = z.object({ a: z.number() });
    for (const body of ['<html>502</html>', '{"a":', '']) {
      expect(thrown(() => decodeReply('queryPhone', reply(body), schema))).toMatchObject({
        code: 'UPSTREAM_BAD_RESPONSE',
        httpStatus: 200,
      });
    }
    expect(thrown(() => decodeReply('queryPhone', reply({ a: 'x' }), schema))).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: expect.stringContaining('a:'),
    });
  });
});
