import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectNoGraphQLErrors, useHarness } from '../../support/harness.js';

// A real SDK with an in-memory exporter, registered globally as startTracing registers the OTLP one.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
beforeAll(() => provider.register());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

const harness = useHarness({ resetEach: true });

const PHONES = `query Phones { softphones(first: 2) { totalCount } }`;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const traceparent = { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01` };

/** The operation's server span, once ended, and the spans under it. */
async function operationSpans(): Promise<{ operation: ReadableSpan; children: ReadableSpan[] }> {
  const operation = await vi.waitFor(() => {
    const found = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
    if (!found) throw new Error('no operation span yet');
    return found;
  });
  const children = exporter
    .getFinishedSpans()
    .filter((s) => s.parentSpanContext?.spanId === operation.spanContext().spanId);
  return { operation, children };
}

describe('traces', () => {
  it('continue the client’s W3C trace with an operation span and a child span per upstream call', async () => {
    const before = harness.logLines.length;
    expectNoGraphQLErrors(await harness.query(PHONES, undefined, { headers: traceparent }));
    const { operation, children } = await operationSpans();
    expect(operation.name).toBe('query Phones');
    expect(operation.spanContext().traceId).toBe(TRACE_ID);
    expect(operation.parentSpanContext?.spanId).toBe(CLIENT_SPAN_ID);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'Phones',
      'graphql.operation.type': 'query',
      'cec.request_id': expect.any(String),
    });
    expect(operation.status.code).toBe(SpanStatusCode.UNSET);

    const phone = children.find((s) => s.name === 'upstream queryPhone');
    expect(phone?.kind).toBe(SpanKind.CLIENT);
    expect(phone?.spanContext().traceId).toBe(TRACE_ID);
    expect(phone?.attributes).toEqual({
      'cec.upstream.endpoint': 'queryPhone',
      'cec.upstream.attempt': 1,
      'http.request.method': 'POST',
      'http.response.status_code': 200,
    });
    // The token fetch the operation waited for is part of its trace too.
    expect(children.map((s) => s.name)).toContain('upstream tokenByAkSk');

    // The log lines name the trace: the operation's own and those of its upstream calls.
    const lines = harness.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestId = operation.attributes['cec.request_id'];
    expect(lines.find((l) => l.msg === 'operation')).toMatchObject({ traceId: TRACE_ID, requestId });
    expect(lines.find((l) => l.msg === 'upstream call' && l.endpoint === 'queryPhone')).toMatchObject({
      traceId: TRACE_ID,
      requestId,
    });
  });

  it('mark a failed operation and each failed attempt', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 500 });
    await harness.query(PHONES, undefined, { headers: traceparent });
    const { operation, children } = await operationSpans();
    expect(operation.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(operation.attributes['cec.graphql.error_codes']).toEqual(['UPSTREAM_UNAVAILABLE']);
    const attempts = children.filter((s) => s.name === 'upstream queryPhone');
    expect(attempts.map((s) => s.attributes['cec.upstream.attempt']).sort()).toEqual([1, 2, 3]);
    for (const attempt of attempts) {
      expect(attempt.attributes['http.response.status_code']).toBe(500);
      expect(attempt.status.code).toBe(SpanStatusCode.ERROR);
    }
  });

  it('start a trace of their own without a traceparent, and carry no phone numbers', async () => {
    const code = harness.simulator.dataset.accessCodes[0]?.accessCode ?? '';
    const caller = '13800001234';
    expectNoGraphQLErrors(
      await harness.query(
        'query Routing($caller: String!, $called: String!) { calledInfo(caller: $caller, called: $called) { called } }',
        { caller, called: code },
      ),
    );
    const { operation, children } = await operationSpans();
    expect(operation.name).toBe('query Routing');
    expect(operation.parentSpanContext).toBeUndefined();
    expect(operation.spanContext().traceId).not.toBe(TRACE_ID);
    expect(children.map((s) => s.name)).toContain('upstream getCalledInfo');
    const recorded = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.events]));
    expect(recorded).not.toContain(caller);
    expect(recorded).not.toContain(code);
  });
});
