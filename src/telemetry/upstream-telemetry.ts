import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { AttemptEnd, UpstreamObserver } from '../transport/upstream-observer.js';
import type { Metrics } from './metrics.js';
import { tracer } from './tracer.js';

const BREAKER_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The upstream side's events as Prometheus samples and a client span per HTTP attempt, a child of the
 * operation's span (the active context follows the operation into the transport). Spans carry the
 * endpoint, attempt and status only: no bodies, headers, phone numbers or secrets.
 */
export function upstreamTelemetry(metrics: Metrics): UpstreamObserver {
  const seen = new Set<string>();
  return {
    attemptStarted({ endpoint, attempt }) {
      if (!seen.has(endpoint)) {
        // A breaker is closed until it reports otherwise; the series exists from the first call.
        seen.add(endpoint);
        metrics.breakerState.set({ endpoint }, BREAKER_STATES.closed);
      }
      const span = tracer().startSpan(`upstream ${endpoint}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'cec.upstream.endpoint': endpoint,
          'cec.upstream.attempt': attempt,
          'http.request.method': 'POST',
        },
      });
      return (end: AttemptEnd) => {
        const outcome = outcomeOf(end);
        metrics.upstreamCalls.inc({ endpoint, outcome });
        metrics.upstreamDuration.observe({ endpoint }, end.durationMs / 1000);
        if ('status' in end) {
          span.setAttribute('http.response.status_code', end.status);
          if (end.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        } else {
          span.setAttribute('error.type', end.errorCode);
          span.setStatus({ code: SpanStatusCode.ERROR, message: end.errorCode });
        }
        span.end();
      };
    },
    retryScheduled({ endpoint }) {
      metrics.upstreamRetries.inc({ endpoint });
    },
    breakerChanged({ endpoint, state }) {
      seen.add(endpoint);
      metrics.breakerState.set({ endpoint }, BREAKER_STATES[state]);
    },
    tokenFetched(outcome) {
      metrics.tokenFetches.inc({ outcome });
    },
  };
}

/** `2xx`, `4xx`, `5xx`, or the error code (UPSTREAM_TIMEOUT, …): a bounded set either way. */
function outcomeOf(end: AttemptEnd): string {
  return 'status' in end ? `${Math.floor(end.status / 100)}xx` : end.errorCode;
}
