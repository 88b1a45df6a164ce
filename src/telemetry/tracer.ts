import { trace } from '@opentelemetry/api';

/**
 * Our tracer, through the global OpenTelemetry API: a no-op until a provider is registered
 * (`startTracing` when OTEL_EXPORTER_OTLP_ENDPOINT is set, or a test's in-memory one).
 */
export const tracer = () => trace.getTracer('cec-graphql');
