import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  type FailureReason,
  fullJitterGenerator,
  handleWhen,
  type IRetryBackoffContext,
  type RetryPolicy,
  retry,
} from 'cockatiel';
import type { Clock } from '../clock.js';
import type { LogFields, Logger } from '../logger.js';
import type { EndpointDescriptor } from './endpoint.js';
import type { InboundResponse, Reservation } from './http-transport.js';
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

/** One call's steps: wait for a connection, then make an attempt on it (`attempt` counts from 1). */
export interface UpstreamCall {
  /** A reservation at once when a connection is free; else a promise of one. */
  reserve(): Reservation | Promise<Reservation>;
  /** Sends on `reservation` (one of its own when none is given); the reservation is released after. */
  attempt(attempt: number, reservation?: Reservation): Promise<InboundResponse>;
  /** The fields of the operation the call is made for, for its `upstream retry` lines. */
  logFields?: Readonly<LogFields> | undefined;
}

/** One endpoint's breaker, and its retry policy when it is a read. */
interface EndpointPolicy {
  breaker: CircuitBreakerPolicy;
  retry: RetryPolicy | null;
}

/** The result of a half-open probe that was refused while it waited for a connection. */
const NOT_SENT = Symbol('not sent');

/**
 * One attempt through the breaker. Open: refused at once, without waiting for a connection, or, once
 * the open period is over, the half-open probe. Half-open: it waits for the probe's verdict without
 * holding a connection (the probe may need one). The wait for a connection runs inside the breaker:
 * while the circuit is closed a refusal (its operation's deadline, or its operation answered) is an
 * error the breaker does not handle and leaves alone, but cockatiel's half-open test takes such an
 * error for a success. So a probe refused while it waits is handed to the breaker as a failed result
 * (it stays open: nothing was learnt) and to the caller as the refusal.
 */
async function throughBreaker(
  breaker: CircuitBreakerPolicy,
  call: UpstreamCall,
  attempt: number,
): Promise<InboundResponse> {
  let refusal: unknown;
  const result = await breaker.execute(async (): Promise<InboundResponse | typeof NOT_SENT> => {
    // Only the probe runs while the circuit is not closed.
    const probing = breaker.state !== CircuitState.Closed;
    let reservation: Reservation;
    try {
      const pending = call.reserve();
      reservation = pending instanceof Promise ? await pending : pending;
    } catch (error) {
      if (!probing) throw error;
      refusal = error;
      return NOT_SENT;
    }
    try {
      return await call.attempt(attempt, reservation);
    } finally {
      reservation.release();
    }
  });
  if (result === NOT_SENT) throw refusal;
  return result;
}

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
 * Per-endpoint policies, built once per process: reads get retry(breaker(wait for a connection, attempt))
 * so every attempt counts towards the breaker and an opening breaker stops the remaining retries;
 * createcall gets the breaker only.
 */
export class EndpointPolicies {
  private readonly policies = new Map<string, EndpointPolicy>();
  /**
   * Each retried attempt's outcome (response or error) to its call's log fields: the retry policy is one
   * per endpoint, and the outcome it reports is what tells it which call it is retrying.
   */
  private readonly callOf = new WeakMap<object, Readonly<LogFields>>();

  constructor(
    private readonly options: ResilienceOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async run(endpoint: EndpointDescriptor, call: UpstreamCall): Promise<InboundResponse> {
    const { breaker, retry } = this.policy(endpoint);
    let attempts = 0;
    // Only outcomes the retry policy may retry are remembered: a successful call costs nothing here.
    const remember = retry ? call.logFields : undefined;
    const once = async () => {
      try {
        const response = await throughBreaker(breaker, call, ++attempts);
        if (remember && isTransientFailure(response)) this.callOf.set(response, remember);
        return response;
      } catch (error) {
        if (remember && error instanceof Error && isNetworkFailure(error)) this.callOf.set(error, remember);
        throw error;
      }
    };
    try {
      return await (retry ? retry.execute(once) : once());
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

  private policy(endpoint: EndpointDescriptor): EndpointPolicy {
    let policy = this.policies.get(endpoint.name);
    if (!policy) {
      policy = this.build(endpoint);
      this.policies.set(endpoint.name, policy);
    }
    return policy;
  }

  private build(endpoint: EndpointDescriptor): EndpointPolicy {
    const name = endpoint.name;
    const breaker = circuitBreaker(
      handleWhen(isBreakerFailure).orWhenResult(
        (r) => r === NOT_SENT || (isResponse(r) && r.status >= 500 && !isVendorBusinessAnswer(r)),
      ),
      {
        halfOpenAfter: this.options.breakerHalfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.options.breakerThreshold),
      },
    );
    breaker.onStateChange((state) => this.reportBreaker(name, state));
    if (!endpoint.repeatSafe || this.options.maxRetries <= 0) return { breaker, retry: null };

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
      const outcome: unknown = 'error' in event ? event.error : event.value;
      const fields = typeof outcome === 'object' && outcome !== null ? this.callOf.get(outcome) : undefined;
      this.logger.warn('upstream retry', { ...fields, ...retryEvent });
      this.options.onRetry?.(retryEvent);
    });
    return { breaker, retry: retryPolicy };
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
