import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  type FailureReason,
  fullJitterGenerator,
  handleWhen,
  type IPolicy,
  type IRetryBackoffContext,
  retry,
  wrap,
} from 'cockatiel';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { EndpointDescriptor } from './endpoint.js';
import type { InboundResponse } from './http-transport.js';
import { retryAfterMs } from './retry-after.js';
import { UpstreamError } from './upstream-error.js';
import type { BreakerEvent, RetryEvent } from './upstream-observer.js';
import { isVendorBusinessAnswer } from './vendor-answer.js';

export type { BreakerEvent, RetryEvent } from './upstream-observer.js';

/** Retry and circuit-breaker settings; production defaults below, tests shrink the delays. */
export interface ResilienceOptions {
  /** Extra attempts after the first for reads. createcall is never retried. */
  maxRetries: number;
  /** Full-jitter exponential backoff: the n-th retry waits a random time in [0, base·2^(n-1)). */
  retryBaseDelayMs: number;
  /** No retry waits longer than this; a `Retry-After` above it is not retried at all. */
  retryMaxDelayMs: number;
  /** Consecutive failed attempts at one endpoint that open its breaker. */
  breakerThreshold: number;
  /** How long an open breaker answers fast before letting one probe through. */
  breakerHalfOpenAfterMs: number;
  /** Observes each scheduled retry (tests assert count and delays with it). */
  onRetry?: (event: RetryEvent) => void;
  /** Observes breaker transitions. */
  onBreakerStateChange?: (event: BreakerEvent) => void;
}

export const defaultResilience: Readonly<ResilienceOptions> = {
  maxRetries: 2,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 2_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 10_000,
};

/** Runs one upstream attempt; `attempt` counts from 1. */
export type Attempt = (attempt: number) => Promise<InboundResponse>;

/** The vendor being overloaded or broken, not its answer to our request. */
const isTransientFailure = (response: InboundResponse) =>
  response.status === 429 || (response.status >= 500 && !isVendorBusinessAnswer(response));

/** A network failure of a read: the only thrown error worth another attempt (timeouts are not). */
const isNetworkFailure = (error: Error) =>
  error instanceof UpstreamError && error.code === 'UPSTREAM_UNAVAILABLE';

/** What counts against the breaker: the vendor being unreachable or broken, not its business answers. */
const isBreakerFailure = (error: Error) =>
  error instanceof UpstreamError &&
  (error.code === 'UPSTREAM_UNAVAILABLE' ||
    error.code === 'UPSTREAM_TIMEOUT' ||
    error.code === 'UPSTREAM_OUTCOME_UNKNOWN');

const isResponse = (value: unknown): value is InboundResponse =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

/**
 * Per-endpoint policies, built once per process: reads get retry(breaker(attempt)) so every attempt counts
 * towards the breaker and an opening breaker stops the remaining retries; createcall gets breaker only.
 */
export class EndpointPolicies {
  private readonly policies = new Map<string, IPolicy>();

  constructor(
    private readonly options: ResilienceOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async run(endpoint: EndpointDescriptor, attempt: Attempt): Promise<InboundResponse> {
    try {
      let attempts = 0;
      return await this.policy(endpoint).execute(() => attempt(++attempts));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        const name = endpoint.name;
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', `${name}: circuit open, upstream not called`, {
          endpoint: name,
        });
      }
      throw error;
    }
  }

  private policy(endpoint: EndpointDescriptor): IPolicy {
    let policy = this.policies.get(endpoint.name);
    if (!policy) {
      policy = this.build(endpoint);
      this.policies.set(endpoint.name, policy);
    }
    return policy;
  }

  private build(endpoint: EndpointDescriptor): IPolicy {
    const name = endpoint.name;
    const breaker = circuitBreaker(
      handleWhen(isBreakerFailure).orWhenResult(
        (r) => isResponse(r) && r.status >= 500 && !isVendorBusinessAnswer(r),
      ),
      {
        halfOpenAfter: this.options.breakerHalfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.options.breakerThreshold),
      },
    );
    breaker.onStateChange((state) => this.reportBreaker(name, state));
    if (!endpoint.repeatSafe || this.options.maxRetries <= 0) return breaker;

    const retryPolicy = retry(
      handleWhen(isNetworkFailure).orWhenResult((r) => isResponse(r) && this.shouldRetry(r)),
      { maxAttempts: this.options.maxRetries, backoff: this.backoff() },
    );
    retryPolicy.onRetry((event) => {
      const retryEvent: RetryEvent = {
        endpoint: name,
        attempt: event.attempt,
        delayMs: event.delay,
        reason: describe(event),
        retryAfterMs: 'value' in event && isResponse(event.value) ? this.retryAfter(event.value) : null,
      };
      this.logger.warn('upstream retry', { ...retryEvent });
      this.options.onRetry?.(retryEvent);
    });
    return wrap(retryPolicy, breaker);
  }

  /** A vendor asking us to wait longer than we would ever wait gets its answer back, not a retry. */
  private shouldRetry(response: InboundResponse): boolean {
    if (!isTransientFailure(response)) return false;
    const asked = this.retryAfter(response);
    return asked === null || asked <= this.options.retryMaxDelayMs;
  }

  /** Full jitter (cockatiel's generator), raised to the vendor's `Retry-After` (never above the max delay). */
  private backoff() {
    const { retryBaseDelayMs: initialDelay, retryMaxDelayMs: maxDelay } = this.options;
    const exponential = { initialDelay, maxDelay, exponent: 2, generator: fullJitterGenerator };
    return new DelegateBackoff<IRetryBackoffContext<unknown>, number | undefined>((context, state) => {
      const [jittered, next] = fullJitterGenerator(state, exponential);
      const result = context.result;
      const asked = 'value' in result && isResponse(result.value) ? this.retryAfter(result.value) : null;
      const delay = asked === null ? jittered : Math.min(maxDelay, Math.max(jittered, asked));
      return { delay, state: next };
    });
  }

  private retryAfter(response: InboundResponse): number | null {
    return retryAfterMs(response.headers['retry-after'], this.clock.now());
  }

  private reportBreaker(endpoint: string, state: CircuitState) {
    const name =
      state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
    const event: BreakerEvent = { endpoint, state: name };
    if (name === 'open') this.logger.warn('upstream circuit opened', { ...event });
    else this.logger.info('upstream circuit state', { ...event });
    this.options.onBreakerStateChange?.(event);
  }
}

function describe(reason: FailureReason<unknown>): string {
  if ('error' in reason) return reason.error instanceof UpstreamError ? reason.error.code : reason.error.name;
  return isResponse(reason.value) ? String(reason.value.status) : 'unexpected result';
}
