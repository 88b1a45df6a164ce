import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ObservabilityConfig } from '../config.js';

export interface Tracing {
  /** Exports the spans still buffered, then stops; part of the process's shutdown. */
  shutdown(): Promise<void>;
}

/**
 * The OpenTelemetry SDK, only when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans are batched and sent over
 * OTLP/HTTP to `<endpoint>/v1/traces`, and W3C `traceparent` headers are read (see
 * src/server/operation-telemetry.ts). Without it the API stays a no-op and nothing is recorded.
 */
export function startTracing(settings: ObservabilityConfig): Tracing | null {
  if (settings.otlpEndpoint === null) return null;
  const exporter = new OTLPTraceExporter({ url: `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return { shutdown: () => provider.shutdown() };
}
