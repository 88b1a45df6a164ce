import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { useMetricsRoute } from '../../../src/server/metrics-route.js';

const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }' });

describe('GET /metrics', () => {
  it('answers 503 and logs, instead of hanging, when its source cannot be read', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
    const failing = {
      contentType: 'text/plain',
      read: () => Promise.reject(new Error('the primary did not answer')),
    };
    const yoga = createYoga({ schema, plugins: [useMetricsRoute(failing, logger)] });
    const res = await yoga.fetch('http://localhost/metrics');
    expect(res.status).toBe(503);
    expect(lines.some((line) => line.includes('/metrics could not be read'))).toBe(true);
  });

  it('answers the source text with its content type', async () => {
    const source = { contentType: 'text/plain; version=0.0.4', read: async () => 'up 1\n' };
    const yoga = createYoga({
      schema,
      plugins: [useMetricsRoute(source, createLogger({ level: 'silent' }))],
    });
    const res = await yoga.fetch('http://localhost/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await res.text()).toBe('up 1\n');
  });
});
