import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import type { Datasources } from '../../../src/datasources/registry.js';
import { createLogger } from '../../../src/logger.js';

/** Datasources that fail the way a bug would: not with an UpstreamError. */
const failing = (message: string): Datasources => {
  const fail = () => Promise.reject(new Error(message));
  return {
    accessCodes: { list: fail, offsetCeiling: 100 },
    softphones: { list: fail },
    calledInfo: { get: fail },
    anonymousCalls: { create: fail },
    callRecords: { list: fail, timeZone: 'UTC' },
  };
};

describe('unexpected errors', () => {
  it('are masked for the client and logged with the request id', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
    const yoga = createApp({ config: loadConfig({}), datasources: failing('boom: internal detail'), logger });
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' },
      body: JSON.stringify({ query: '{ calledInfo(caller: "1", called: "2") { called } }' }),
    });
    const body = (await response.json()) as {
      errors: Array<{ message: string; extensions: { code: string } }>;
    };
    expect(response.status).toBe(200);
    expect(body.errors[0]).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(body)).not.toContain('internal detail');
    const logged = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.msg === 'unexpected error');
    expect(logged).toMatchObject({
      level: 'error',
      requestId: 'req-42',
      error: { message: 'boom: internal detail' },
    });
  });
});
