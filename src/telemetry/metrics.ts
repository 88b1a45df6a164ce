import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { BoundedLabels } from './bounded-labels.js';

/**
 * The Prometheus families of one app instance, on a registry of its own (tests run several apps in
 * one process). Names and labels are listed in the README ("Metrics"); every label value is bounded:
 * endpoint names and error codes come from our own tables, operation names through `BoundedLabels`.
 */
export interface Metrics {
  readonly registry: Registry;
  /** The label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string;
  readonly operations: Counter<'operation_name' | 'operation_type' | 'outcome'>;
  readonly errors: Counter<'code'>;
  readonly operationDuration: Histogram<'operation_name' | 'operation_type'>;
  readonly operationsInFlight: Gauge;
  readonly upstreamCalls: Counter<'endpoint' | 'outcome'>;
  readonly upstreamDuration: Histogram<'endpoint'>;
  readonly upstreamRetries: Counter<'endpoint'>;
  readonly tokenFetches: Counter<'outcome'>;
  readonly breakerState: Gauge<'endpoint'>;
}

export interface MetricsOptions {
  /** Distinct operation names counted under their own label before the rest become `other`. */
  maxOperationNames?: number;
  /** The Node process metrics (event-loop lag, heap, GC); off in unit tests that count families. */
  processMetrics?: boolean;
}

const PREFIX = 'cec_graphql_';
const OPERATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const names = new BoundedLabels(options.maxOperationNames ?? 100);
  return {
    registry,
    operationLabel: (name) => names.of(name),
    operations: new Counter({
      name: `${PREFIX}operations_total`,
      help: 'GraphQL operations completed, by name, type and outcome (success, error, refused).',
      labelNames: ['operation_name', 'operation_type', 'outcome'],
      registers,
    }),
    errors: new Counter({
      name: `${PREFIX}errors_total`,
      help: 'GraphQL errors sent to clients, by extensions.code.',
      labelNames: ['code'],
      registers,
    }),
    operationDuration: new Histogram({
      name: `${PREFIX}operation_duration_seconds`,
      help: 'Time from receiving a GraphQL operation to its result.',
      labelNames: ['operation_name', 'operation_type'],
      buckets: OPERATION_BUCKETS,
      registers,
    }),
    operationsInFlight: new Gauge({
      name: `${PREFIX}operations_in_flight`,
      help: 'GraphQL operations being processed now.',
      registers,
    }),
    upstreamCalls: new Counter({
      name: `${PREFIX}upstream_calls_total`,
      help: 'HTTP attempts at vendor interfaces, by endpoint and outcome (2xx, 4xx, 5xx or an error code).',
      labelNames: ['endpoint', 'outcome'],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: `${PREFIX}upstream_call_duration_seconds`,
      help: 'Duration of HTTP attempts at vendor interfaces.',
      labelNames: ['endpoint'],
      buckets: UPSTREAM_BUCKETS,
      registers,
    }),
    upstreamRetries: new Counter({
      name: `${PREFIX}upstream_retries_total`,
      help: 'Retries scheduled after a failed attempt at a vendor interface.',
      labelNames: ['endpoint'],
      registers,
    }),
    tokenFetches: new Counter({
      name: `${PREFIX}upstream_token_fetches_total`,
      help: 'tokenByAkSk fetches, by outcome (issued, failed).',
      labelNames: ['outcome'],
      registers,
    }),
    breakerState: new Gauge({
      name: `${PREFIX}upstream_breaker_state`,
      help: 'Circuit breaker per vendor interface: 0 closed, 1 half-open, 2 open.',
      labelNames: ['endpoint'],
      // Under node:cluster each worker has its breakers: the worst of them, not a sum of states.
      aggregator: 'max',
      registers,
    }),
  };
}
