import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { tracer } from '../../../src/telemetry/tracer.js';
import { startTracing } from '../../../src/telemetry/tracing.js';

afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('startTracing', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(startTracing(loadConfig({}).observability)).toBeNull();
  });

  it('exports batched spans over OTLP/HTTP with the service name, flushing them on shutdown', async () => {
    const received: Array<{ path: string | undefined; body: string }> = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        received.push({ path: request.url, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    const { port } = collector.address() as AddressInfo;
    try {
      const config = loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
        OTEL_SERVICE_NAME: 'cec-graphql-test',
      });
      const tracing = startTracing(config.observability);
      expect(tracing).not.toBeNull();
      expect(propagation.fields()).toContain('traceparent');
      tracer().startSpan('query Probe').end();
      // Batched: nothing is sent until the batch is due or the SDK shuts down.
      await tracing?.shutdown();
      expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
      expect(received[0]?.body).toContain('cec-graphql-test');
      expect(received[0]?.body).toContain('query Probe');
    } finally {
      collector.close();
    }
  });
});
