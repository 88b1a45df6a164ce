import type { IdempotencyRecord, PendingRecord, SettledRecord } from './idempotency-record.js';

/**
 * Where idempotency records and call counters live: this process (one replica) or Redis (every replica).
 * Each operation is atomic in the store, so two replicas racing for one key see one winner. Times are the
 * app's clock (epoch ms), passed in, so tests move them; the store's own expiry only collects garbage.
 */
export interface CallSafetyStore {
  /**
   * Writes `claim` under `key` unless a live record is there (one whose `expiresAt` is after `now`).
   * Null: the key is ours. Otherwise the live record found, or `unreadable` for a value this version
   * cannot decode (a record exists, so a call may have been placed).
   */
  claim(key: string, claim: PendingRecord, now: number): Promise<IdempotencyRecord | 'unreadable' | null>;
  /** Replaces our pending claim with its outcome; leaves a record of another owner alone. */
  settle(key: string, record: SettledRecord, now: number): Promise<void>;
  /** Deletes our pending claim (the attempt placed no call), so a retry may call. */
  release(key: string, owner: string): Promise<void>;
  /** Counts one call under `key`, a counter kept at least `windowMs`; the count including this one. */
  countCall(key: string, windowMs: number): Promise<number>;
  /** Resolves when the store answers (readiness); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The store did not answer, or not in time: nothing that needs it may go ahead. */
export class StoreUnavailableError extends Error {
  readonly code = 'IDEMPOTENCY_STORE_UNAVAILABLE';

  constructor(what: string, cause: unknown) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** Milliseconds of the store's own expiry for a record: past `expiresAt`, with room for clock skew. */
export function storeExpiryMs(record: { expiresAt: number }, now: number): number {
  return Math.max(1, record.expiresAt - now) + 60_000;
}
