import type { Clock } from '../clock.js';
import type { IdempotencyRecord, PendingRecord, SettledRecord } from './idempotency-record.js';
import type { CallSafetyStore } from './store.js';

/** Expired entries are swept after this many writes, so the maps stay as large as the live entries. */
const SWEEP_EVERY = 1_000;

/**
 * The store of a single replica: two maps in this process. Records and counters expire on the app's
 * clock; JavaScript runs each method to its first await in one go, which makes every one atomic here.
 */
export class MemoryCallSafetyStore implements CallSafetyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();
  private writes = 0;

  constructor(private readonly clock: Clock) {}

  async claim(key: string, claim: PendingRecord, now: number): Promise<IdempotencyRecord | null> {
    const existing = this.records.get(key);
    if (existing && existing.expiresAt > now) return existing;
    this.write(() => this.records.set(key, claim));
    return null;
  }

  async settle(key: string, record: SettledRecord, _now: number): Promise<void> {
    const existing = this.records.get(key);
    if (existing && existing.owner !== record.owner) return;
    this.write(() => this.records.set(key, record));
  }

  async release(key: string, owner: string): Promise<void> {
    const existing = this.records.get(key);
    if (existing?.state === 'pending' && existing.owner === owner) this.records.delete(key);
  }

  async countCall(key: string, windowMs: number): Promise<number> {
    const now = this.clock.now();
    const existing = this.counters.get(key);
    const counter = existing && existing.expiresAt > now ? existing : { count: 0, expiresAt: now + windowMs };
    counter.count += 1;
    this.write(() => this.counters.set(key, counter));
    return counter.count;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.records.clear();
    this.counters.clear();
  }

  private write(set: () => void): void {
    set();
    this.writes += 1;
    if (this.writes % SWEEP_EVERY !== 0) return;
    const now = this.clock.now();
    for (const [key, entry] of this.records) if (entry.expiresAt <= now) this.records.delete(key);
    for (const [key, entry] of this.counters) if (entry.expiresAt <= now) this.counters.delete(key);
  }
}
