import type { Redis } from 'ioredis';
import {
  decodeRecord,
  encodeRecord,
  type IdempotencyRecord,
  type PendingRecord,
  type SettledRecord,
} from './idempotency-record.js';
import { type CallSafetyStore, StoreUnavailableError, storeExpiryMs } from './store.js';

/** Every key of ours starts so, leaving the rest of a shared Redis to others. */
export const REDIS_KEY_PREFIX = 'cec-graphql:';

// Each step is one Lua script: Redis runs a script alone, so the read and the write of a claim are atomic
// across every replica (and the scripts need nothing newer than Redis 2.6).

/** KEYS[1] record; ARGV: claim, now (ms), expiry (ms). Nil when claimed, else the live value found. */
const CLAIM = `
local existing = redis.call('GET', KEYS[1])
if existing then
  local ok, record = pcall(cjson.decode, existing)
  local expiresAt = ok and type(record) == 'table' and tonumber(record.expiresAt) or nil
  if expiresAt == nil or expiresAt > tonumber(ARGV[2]) then return existing end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return false`;

/** KEYS[1] record; ARGV: owner, settled record, expiry (ms). Another owner's record is left alone. */
const SETTLE = `
local existing = redis.call('GET', KEYS[1])
if existing then
  local ok, record = pcall(cjson.decode, existing)
  if ok and type(record) == 'table' and record.owner ~= ARGV[1] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/** KEYS[1] record; ARGV: owner. Deletes the owner's pending claim only. */
const RELEASE = `
local existing = redis.call('GET', KEYS[1])
if not existing then return 0 end
local ok, record = pcall(cjson.decode, existing)
if ok and type(record) == 'table' and record.state == 'pending' and record.owner == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** KEYS[1] counter; ARGV: expiry (ms), set when the counter is created. A fixed window per key. */
const COUNT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** The store every replica shares: one Redis, each step one atomic script. */
export class RedisCallSafetyStore implements CallSafetyStore {
  constructor(private readonly redis: Redis) {}

  async claim(
    key: string,
    claim: PendingRecord,
    now: number,
  ): Promise<IdempotencyRecord | 'unreadable' | null> {
    const found = await this.run('claiming an idempotency key', () =>
      this.redis.eval(CLAIM, 1, REDIS_KEY_PREFIX + key, encodeRecord(claim), now, storeExpiryMs(claim, now)),
    );
    if (found === null) return null;
    return decodeRecord(String(found)) ?? 'unreadable';
  }

  async settle(key: string, record: SettledRecord, now: number): Promise<void> {
    await this.run('recording an outcome', () =>
      this.redis.eval(
        SETTLE,
        1,
        REDIS_KEY_PREFIX + key,
        record.owner,
        encodeRecord(record),
        storeExpiryMs(record, now),
      ),
    );
  }

  async release(key: string, owner: string): Promise<void> {
    await this.run('releasing an idempotency key', () =>
      this.redis.eval(RELEASE, 1, REDIS_KEY_PREFIX + key, owner),
    );
  }

  async countCall(key: string, windowMs: number): Promise<number> {
    const count = await this.run('counting a call', () =>
      this.redis.eval(COUNT, 1, REDIS_KEY_PREFIX + key, windowMs),
    );
    return Number(count);
  }

  async ping(): Promise<void> {
    await this.run('ping', () => this.redis.ping());
  }

  async close(): Promise<void> {}

  private async run<T>(what: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StoreUnavailableError(`Redis, ${what}`, error);
    }
  }
}
