/**
 * What the upstream side reports as it works, for metrics and traces. The transport, its policies and
 * the token provider call it; the telemetry module implements it, so nothing here knows Prometheus or
 * OpenTelemetry. Every method must be cheap and must not throw.
 */
export interface UpstreamObserver {
  /** One HTTP attempt is about to be sent; the returned function is called once, when it has ended. */
  attemptStarted(attempt: { endpoint: string; attempt: number }): (end: AttemptEnd) => void;
  retryScheduled(event: RetryEvent): void;
  breakerChanged(event: BreakerEvent): void;
  /** A tokenByAkSk call ended: a token was issued, or none could be had. */
  tokenFetched(outcome: 'issued' | 'failed'): void;
}

/** An answer with any HTTP status, or the code of the error the attempt failed with. */
export type AttemptEnd = { durationMs: number } & ({ status: number } | { errorCode: string });

export interface RetryEvent {
  /** The endpoint's name. */
  endpoint: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** What failed: an HTTP status such as `503` or an error code such as `UPSTREAM_UNAVAILABLE`. */
  reason: string;
  /** What the vendor asked for via `Retry-After`, if anything. */
  retryAfterMs: number | null;
}

export interface BreakerEvent {
  /** The endpoint's name. */
  endpoint: string;
  state: 'closed' | 'open' | 'half-open';
}
