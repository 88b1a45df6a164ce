import { request } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { startMetricsServer } from '../../../src/telemetry/metrics-server.js';
import { registrySource } from '../../../src/telemetry/metrics-source.js';
import { expectNoGraphQLErrors, type Harness, useHarness } from '../../support/harness.js';
import { sampleValue, scrape } from '../../support/prometheus-text.js';

const PHONES = `query Phones { softphones(first: 2) { totalCount } }`;
const metricsOf = (harness: Harness) => scrape(new URL('/metrics', harness.url).href);

describe('GET /metrics', () => {
  const harness = useHarness({ resetEach: true });

  it('counts a query, its upstream calls and the token it needed, with Node process metrics beside', async () => {
    expectNoGraphQLErrors(await harness.query(PHONES));
    const { text, samples } = await metricsOf(harness);
    const labels = { operation_name: 'Phones', operation_type: 'query' };
    expect(sampleValue(samples, 'cec_graphql_operations_total', { ...labels, outcome: 'success' })).toBe(1);
    expect(sampleValue(samples, 'cec_graphql_operation_duration_seconds_count', labels)).toBe(1);
    expect(sampleValue(samples, 'cec_graphql_operations_in_flight')).toBe(0);
    expect(
      sampleValue(samples, 'cec_graphql_upstream_calls_total', { endpoint: 'queryPhone', outcome: '2xx' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'cec_graphql_upstream_calls_total', { endpoint: 'tokenByAkSk', outcome: '2xx' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'cec_graphql_upstream_call_duration_seconds_count', { endpoint: 'queryPhone' }),
    ).toBe(1);
    expect(sampleValue(samples, 'cec_graphql_upstream_token_fetches_total', { outcome: 'issued' })).toBe(1);
    expect(sampleValue(samples, 'cec_graphql_upstream_breaker_state', { endpoint: 'queryPhone' })).toBe(0);
    expect(samples.some((s) => s.name === 'cec_graphql_errors_total')).toBe(false);
    for (const family of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'process_cpu_seconds_total',
    ])
      expect(
        samples.some((s) => s.name === family),
        family,
      ).toBe(true);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  });

  it('counts an upstream failure: 5xx attempts, retries, the error code and the failed operation', async () => {
    const before = (await metricsOf(harness)).samples;
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 500 });
    const failed = await harness.query(PHONES);
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const { samples } = await metricsOf(harness);
    const moved = (name: string, labels: Record<string, string>) =>
      sampleValue(samples, name, labels) - sampleValue(before, name, labels);
    // Two retries after the first attempt (the read policy), each answered 500.
    expect(moved('cec_graphql_upstream_calls_total', { endpoint: 'queryPhone', outcome: '5xx' })).toBe(3);
    expect(moved('cec_graphql_upstream_retries_total', { endpoint: 'queryPhone' })).toBe(2);
    expect(moved('cec_graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE' })).toBe(1);
    expect(
      moved('cec_graphql_operations_total', {
        operation_name: 'Phones',
        operation_type: 'query',
        outcome: 'error',
      }),
    ).toBe(1);
  });

  it('counts a connection reset as its error code', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', drop: true, times: 1 });
    expectNoGraphQLErrors(await harness.query(PHONES));
    const { samples } = await metricsOf(harness);
    expect(
      sampleValue(samples, 'cec_graphql_upstream_calls_total', {
        endpoint: 'queryPhone',
        outcome: 'UPSTREAM_UNAVAILABLE',
      }),
    ).toBe(1);
  });

  it('shows an operation in flight while it waits for the vendor', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', latencyMs: 500, times: 1 });
    const slow = harness.query(PHONES);
    await vi.waitFor(() => expect(harness.simulator.control.counts().queryPhone).toBe(1), { interval: 5 });
    expect(sampleValue((await metricsOf(harness)).samples, 'cec_graphql_operations_in_flight')).toBe(1);
    expectNoGraphQLErrors(await slow);
    expect(sampleValue((await metricsOf(harness)).samples, 'cec_graphql_operations_in_flight')).toBe(0);
  });

  it('keeps the operation_name label bounded whatever names clients send', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `Op${i}_${Math.random().toString(36).slice(2, 8)}`);
    for (const name of names) await harness.query(`query ${name} { __typename }`);
    await harness.query(`query ${'L'.repeat(80)} { __typename }`);
    await harness.query('{ __typename }');
    const { samples } = await metricsOf(harness);
    const labelValues = new Set(
      samples.filter((s) => s.name === 'cec_graphql_operations_total').map((s) => s.labels.operation_name),
    );
    // At most 100 names of their own (Phones among them), then `other`; anonymous ones apart.
    expect(labelValues.size).toBeLessThanOrEqual(102);
    expect(labelValues).toContain('other');
    expect(labelValues).toContain('anonymous');
    expect(labelValues).not.toContain('L'.repeat(80));
    const other = { operation_name: 'other', operation_type: 'query', outcome: 'success' };
    expect(sampleValue(samples, 'cec_graphql_operations_total', other)).toBeGreaterThanOrEqual(31);
  });

  it('refuses methods other than GET', async () => {
    const post = await request(new URL('/metrics', harness.url), { method: 'POST' });
    await post.body.dump();
    expect(post.statusCode).toBe(405);
  });
});

describe('client authentication', () => {
  const harness = useHarness({ env: { AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789' } });

  it('does not apply to /metrics: a scraper sends no token', async () => {
    expect((await harness.query('{ __typename }')).status).toBe(401);
    const { samples } = await metricsOf(harness);
    expect(sampleValue(samples, 'cec_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
  });
});

describe('the breaker gauge', () => {
  const harness = useHarness({ resilience: { breakerThreshold: 2 } });

  it('shows 2 (open) for an endpoint whose breaker opened', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 503 });
    await harness.query(PHONES);
    const { samples } = await metricsOf(harness);
    expect(sampleValue(samples, 'cec_graphql_upstream_breaker_state', { endpoint: 'queryPhone' })).toBe(2);
    expect(sampleValue(samples, 'cec_graphql_upstream_breaker_state', { endpoint: 'tokenByAkSk' })).toBe(0);
  });
});

describe('a failing token endpoint', () => {
  const harness = useHarness();

  it('counts a failed token fetch', async () => {
    harness.simulator.control.addFault({ endpoint: 'tokenByAkSk', status: 503 });
    const failed = await harness.query(PHONES);
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_AUTH_FAILED');
    const { samples } = await metricsOf(harness);
    expect(sampleValue(samples, 'cec_graphql_upstream_token_fetches_total', { outcome: 'failed' })).toBe(1);
    expect(sampleValue(samples, 'cec_graphql_upstream_token_fetches_total', { outcome: 'issued' })).toBe(0);
    expect(sampleValue(samples, 'cec_graphql_errors_total', { code: 'UPSTREAM_AUTH_FAILED' })).toBe(1);
  });
});

describe('METRICS_PORT', () => {
  const harness = useHarness({ env: { METRICS_PORT: '9464' } });

  it('moves /metrics off the GraphQL port onto a listener of its own', async () => {
    const onMain = await request(new URL('/metrics', harness.url));
    await onMain.body.dump();
    expect(onMain.statusCode).toBe(404);

    // main.ts starts this listener on METRICS_PORT; here on a free port.
    const server = await startMetricsServer(registrySource(harness.metrics.registry), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      expectNoGraphQLErrors(await harness.query(PHONES));
      const { samples } = await scrape(server.url);
      const labels = { operation_name: 'Phones', operation_type: 'query', outcome: 'success' };
      expect(sampleValue(samples, 'cec_graphql_operations_total', labels)).toBe(1);
      const graphql = await request(server.url.replace('/metrics', '/graphql'));
      await graphql.body.dump();
      expect(graphql.statusCode).toBe(404);
    } finally {
      await server.close();
    }
  });
});
