import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type {
  CreateCallOutcome,
  CreateCallRequest,
  CreatedCall,
  RefusedCall,
} from '../datasources/anonymous-calls.js';
import type { Logger } from '../logger.js';
import { OperationLimitError, type OperationScope } from '../transport/operation-scope.js';
import { UpstreamError } from '../transport/upstream-error.js';
import {
  counterKeyOf,
  fingerprintOf,
  type IdempotencyRecord,
  type PendingRecord,
  recordKeyOf,
  type StoredOutcome,
} from './idempotency-record.js';
import type { CallSafetyStore } from './store.js';

/** What createAnonymousCall answers, decided here before (or instead of) a vendor call. */
export type GuardedAnswer =
  | { kind: 'created'; call: CreatedCall }
  | { kind: 'refused'; refusal: RefusedCall }
  /**
   * The first attempt with this key may have placed a call, and nobody will ever know its result
   * (`inProgress: false`), or it was still running when this request's deadline passed (`true`).
   */
  | { kind: 'unknown'; inProgress: boolean }
  /** The key was used before with another input. */
  | { kind: 'conflict' }
  | { kind: 'rate-limited'; limit: number; retryAfterSeconds: number };

export interface GuardedCall {
  /** The client (JWT subject): keys and limits are per client. */
  client: string;
  idempotencyKey: string | null;
  request: CreateCallRequest;
  /** Places the call (once, at most). */
  place: () => Promise<CreateCallOutcome>;
  logger: Logger;
  /** The operation placing it: a repeat waits for the first attempt until this one's deadline. */
  operation?: OperationScope | undefined;
}

export interface CallGuardSettings {
  idempotencyTtlSeconds: number;
  callRateLimitPerMinute: number;
  /** OPERATION_TIMEOUT_MS: how long a first attempt can take, so how long its claim is held. */
  operationTimeoutMs: number;
}

const RATE_WINDOW_MS = 60_000;
/** A claim outlives its operation's deadline by this much, time for the aborted attempt to record it. */
const LEASE_GRACE_MS = 2_000;
/** A repeat waiting for the first attempt looks again after this long, doubling up to the cap. */
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;

/**
 * Idempotency keys and the per-client call limit of createAnonymousCall, over a store that one replica
 * (memory) or all of them (Redis) share:
 * - a key is claimed atomically; its first attempt places the call and records the outcome; a repeat is
 *   answered from the record, waiting while the first is under way (up to its own operation's deadline);
 * - an outcome nobody can know (UPSTREAM_OUTCOME_UNKNOWN, or a claim whose attempt died and whose lease
 *   ran out) is remembered as unknown, so no repeat calls again; an attempt that surely placed nothing
 *   (a failure before sending) releases the key, so a retry may call;
 * - every attempt to place a call counts against the client's limit in a fixed one-minute window (also one
 *   that then failed before sending: the window counts attempts); a repeat answered
 *   from the store places none and counts nothing.
 * When the store fails, the call is not placed (StoreUnavailableError), with a key or without one.
 */
export class CallGuard {
  private readonly ttlMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly store: CallSafetyStore,
    private readonly settings: CallGuardSettings,
    private readonly clock: Clock,
  ) {
    this.ttlMs = settings.idempotencyTtlSeconds * 1000;
    this.leaseMs = settings.operationTimeoutMs + LEASE_GRACE_MS;
  }

  async place(call: GuardedCall): Promise<GuardedAnswer> {
    if (call.idempotencyKey === null) {
      const limited = await this.countCall(call);
      return limited ?? answerOf(await call.place());
    }
    const key = recordKeyOf(call.client, call.idempotencyKey);
    const fingerprint = fingerprintOf(call.request);
    // A repeat waits at most until its own operation's deadline.
    const deadline = call.operation?.signal ?? AbortSignal.timeout(this.leaseMs);
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
      const now = this.clock.now();
      const claim: PendingRecord = {
        state: 'pending',
        fingerprint,
        owner: randomUUID(),
        // Never gone before its lease ends: a TTL shorter than a call would let a repeat call again.
        expiresAt: now + Math.max(this.ttlMs, this.leaseMs),
        leaseUntil: now + this.leaseMs,
      };
      let found: Awaited<ReturnType<CallSafetyStore['claim']>>;
      try {
        found = await this.store.claim(key, claim, now);
      } catch (error) {
        // A claim that timed out may still land in a slow Redis: take it back behind it, unawaited.
        this.store.release(key, claim.owner).catch(() => {});
        throw error;
      }
      if (found === null) return this.firstAttempt(call, key, claim);
      const answer = this.answerFromRecord(found, fingerprint);
      if (answer) {
        call.logger.info('createAnonymousCall answered from its idempotency key, no call placed', {
          idempotency: answer.kind,
        });
        return answer;
      }
      try {
        await pause(pollMs, undefined, { signal: deadline });
      } catch {
        call.logger.info('createAnonymousCall: the first attempt with this key is still running', {
          idempotency: 'in-progress',
        });
        return { kind: 'unknown', inProgress: true };
      }
    }
  }

  /** The answer a found record gives, or null while its first attempt is under way. */
  private answerFromRecord(
    found: IdempotencyRecord | 'unreadable',
    fingerprint: string,
  ): GuardedAnswer | null {
    if (found === 'unreadable') return { kind: 'unknown', inProgress: false };
    if (found.fingerprint !== fingerprint) return { kind: 'conflict' };
    if (found.state === 'settled') return answerOfStored(found.outcome);
    // Its attempt would have finished by now had it lived: whether it placed the call is unknowable.
    if (found.leaseUntil <= this.clock.now()) return { kind: 'unknown', inProgress: false };
    return null;
  }

  private async firstAttempt(call: GuardedCall, key: string, claim: PendingRecord): Promise<GuardedAnswer> {
    let limited: GuardedAnswer | null;
    try {
      limited = await this.countCall(call);
    } catch (error) {
      await this.quietly(call, 'release the key', () => this.store.release(key, claim.owner));
      throw error;
    }
    if (limited) {
      await this.quietly(call, 'release the key', () => this.store.release(key, claim.owner));
      return limited;
    }
    let outcome: CreateCallOutcome;
    try {
      outcome = await call.place();
    } catch (error) {
      if (placedNothing(error)) {
        await this.quietly(call, 'release the key', () => this.store.release(key, claim.owner));
      } else {
        await this.settle(call, key, claim, { kind: 'unknown' });
      }
      throw error;
    }
    const answer = answerOf(outcome);
    await this.settle(call, key, claim, answer);
    return answer;
  }

  private async settle(call: GuardedCall, key: string, claim: PendingRecord, outcome: StoredOutcome) {
    const now = this.clock.now();
    await this.quietly(call, 'record the outcome', () =>
      this.store.settle(
        key,
        {
          state: 'settled',
          fingerprint: claim.fingerprint,
          owner: claim.owner,
          expiresAt: now + this.ttlMs,
          outcome,
        },
        now,
      ),
    );
  }

  /** Null when the call may go ahead; the refusal once the client has used up its window. */
  private async countCall(call: GuardedCall): Promise<GuardedAnswer | null> {
    const now = this.clock.now();
    const windowStart = now - (now % RATE_WINDOW_MS);
    // Kept a window longer than needed: the app's clock and Redis's may disagree a little.
    const count = await this.store.countCall(counterKeyOf(call.client, windowStart), 2 * RATE_WINDOW_MS);
    const limit = this.settings.callRateLimitPerMinute;
    if (count <= limit) return null;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + RATE_WINDOW_MS - now) / 1000));
    call.logger.warn('createAnonymousCall refused: the client reached CALL_RATE_LIMIT_PER_MINUTE', {
      limit,
      retryAfterSeconds,
    });
    return { kind: 'rate-limited', limit, retryAfterSeconds };
  }

  /**
   * After the call, a store failure must not turn a placed call into an error: the claim then stays
   * pending, and once its lease ends a repeat reads it as unknown and still places nothing.
   */
  private async quietly(call: GuardedCall, what: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      call.logger.warn(`createAnonymousCall: could not ${what} in the idempotency store`, { error });
    }
  }
}

/** A failure before anything was sent: the vendor surely placed no call (the transport says so). */
function placedNothing(error: unknown): boolean {
  if (error instanceof OperationLimitError) return true;
  return error instanceof UpstreamError && error.code !== 'UPSTREAM_OUTCOME_UNKNOWN';
}

function answerOf(outcome: CreateCallOutcome): Extract<GuardedAnswer, { kind: 'created' | 'refused' }> {
  return outcome.ok
    ? { kind: 'created', call: createdCallOf(outcome) }
    : { kind: 'refused', refusal: refusalOf(outcome) };
}

function answerOfStored(outcome: StoredOutcome): GuardedAnswer {
  if (outcome.kind === 'unknown') return { kind: 'unknown', inProgress: false };
  return outcome;
}

/** Only the fields the result type has, so nothing else of a reply ever reaches the store. */
function createdCallOf(call: CreatedCall): CreatedCall {
  const { callSerialNo, sipServiceAddress, sipServerHost, sipServerPort, accessCode } = call;
  return { callSerialNo, sipServiceAddress, sipServerHost, sipServerPort, accessCode };
}

function refusalOf(refusal: RefusedCall): RefusedCall {
  const { reason, vendorCode, message } = refusal;
  return { reason, vendorCode, message };
}
