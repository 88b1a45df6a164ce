import { createAuthenticatedClient } from '../auth/authenticated-client.js';
import type { Clock } from '../clock.js';
import type { Config, UpstreamConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { ResilienceOptions } from '../transport/resilience.js';
import { createUpstreamTransport, type UpstreamTransport } from '../transport/upstream-transport.js';
import { createDatasources, type Datasources } from './registry.js';

export interface UpstreamOptions {
  upstream: UpstreamConfig;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Overrides of the retry/breaker defaults (tests make delays tiny). */
  resilience?: Partial<ResilienceOptions>;
}

export interface Upstream {
  datasources: Datasources;
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
  });
  return {
    datasources: createUpstreamDatasources({ ...options, transport }),
    close: () => transport.close(),
  };
}

/** Wires the datasources over a given transport (tests pass a recording one). */
export function createUpstreamDatasources(options: {
  upstream: UpstreamConfig;
  config: Config;
  logger: Logger;
  clock: Clock;
  transport: Pick<UpstreamTransport, 'send'>;
}): Datasources {
  const { config, clock } = options;
  return createDatasources({ client: createAuthenticatedClient(options), config, clock });
}
