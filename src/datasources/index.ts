import { createAuthenticatedClient } from '../auth/authenticated-client.js';
import type { Clock } from '../clock.js';
import type { Config, UpstreamConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { ResilienceOptions } from '../transport/resilience.js';
import type { UpstreamObserver } from '../transport/upstream-observer.js';
import { createUpstreamTransport, type UpstreamTransport } from '../transport/upstream-transport.js';
import { createDatasources, type Datasources } from './registry.js';
import { createUpstreamProbes, type UpstreamProbe } from './upstream-probes.js';

export interface UpstreamOptions {
  upstream: UpstreamConfig;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Overrides of the retry/breaker defaults (tests make delays tiny). */
  resilience?: Partial<ResilienceOptions>;
  /** Told of every upstream attempt, retry, breaker change and token fetch (metrics, traces). */
  observer?: UpstreamObserver;
}

export interface Upstream extends UpstreamServices {
  /** Closes the connection pools; call once at shutdown. */
  close(): Promise<void>;
}

/** The process-wide upstream side: one transport, one authenticated client, every registered datasource. */
export function createUpstream(options: UpstreamOptions): Upstream {
  const transport = createUpstreamTransport({
    settings: options.config.transport,
    logger: options.logger,
    clock: options.clock,
    resilience: options.resilience,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return {
    ...createUpstreamServices({ ...options, transport }),
    close: () => transport.close(),
  };
}

export interface UpstreamServices {
  datasources: Datasources;
  /** Readiness probes of the vendor side (bearer token, CC-CMS signature), over the same client. */
  readinessChecks: UpstreamProbe[];
}

/** The datasources and the readiness probes over one authenticated client on a given transport. */
export function createUpstreamServices(options: {
  upstream: UpstreamConfig;
  config: Config;
  logger: Logger;
  clock: Clock;
  transport: Pick<UpstreamTransport, 'send'>;
  observer?: UpstreamObserver;
}): UpstreamServices {
  const { config, clock } = options;
  const client = createAuthenticatedClient(options);
  return {
    datasources: createDatasources({ client, config, clock }),
    readinessChecks: createUpstreamProbes({ client, config, clock }),
  };
}
