import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import {
  HttpTransport,
  type InboundResponse,
  type OutboundRequest,
  type TransportSettings,
} from './http-transport.js';
import { defaultResilience, EndpointPolicies, type ResilienceOptions } from './resilience.js';
import type { UpstreamObserver } from './upstream-observer.js';

/**
 * The single way out to the vendor: pooled HTTP with timeouts and a size cap, wrapped per endpoint in
 * retries (reads only) and a circuit breaker. Auth is the caller's business (see the clients beside this).
 */
export interface UpstreamTransport {
  /**
   * Resolves with whatever HTTP status the vendor finally answered; rejects with an `UpstreamError`, or
   * an `OperationLimitError` when the budget or deadline of the request's operation stops the call.
   */
  send(request: OutboundRequest): Promise<InboundResponse>;
  /** Closes every connection pool; in-flight requests finish first. */
  close(): Promise<void>;
}

export interface UpstreamTransportOptions {
  settings: TransportSettings;
  logger: Logger;
  clock: Clock;
  resilience?: Partial<ResilienceOptions>;
  /** Told of every attempt, retry and breaker change (metrics, traces). */
  observer?: UpstreamObserver;
}

export function createUpstreamTransport(options: UpstreamTransportOptions): UpstreamTransport {
  const logger = options.logger.child({ component: 'upstream' });
  const { observer, resilience } = options;
  const http = new HttpTransport(options.settings, logger, observer);
  const policies = new EndpointPolicies(
    {
      ...defaultResilience,
      ...resilience,
      onRetry: (event) => {
        resilience?.onRetry?.(event);
        observer?.retryScheduled(event);
      },
      onBreakerStateChange: (event) => {
        resilience?.onBreakerStateChange?.(event);
        observer?.breakerChanged(event);
      },
    },
    options.clock,
    logger,
  );
  return {
    async send(request) {
      // Counted (or refused) once per call, before its first attempt: nothing is sent past the budget.
      request.operation?.admit(request.endpoint);
      return policies.run(request.endpoint, {
        logFields: request.operation?.logFields,
        reserve: () => http.reserve(request),
        attempt: (attempt, reservation) => http.send(request, attempt, reservation),
      });
    },
    close: () => http.close(),
  };
}
