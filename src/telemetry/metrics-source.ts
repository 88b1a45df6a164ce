import type { Registry } from 'prom-client';

/** Where a /metrics answer comes from: this process's registry, or, under node:cluster, every worker's. */
export interface MetricsSource {
  readonly contentType: string;
  /** The Prometheus text exposition. */
  read(): Promise<string>;
}

export function registrySource(registry: Registry): MetricsSource {
  return { contentType: registry.contentType, read: () => registry.metrics() };
}
