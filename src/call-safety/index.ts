import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { CallSafetyConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { CallGuard } from './call-guard.js';
import { MemoryCallSafetyStore } from './memory-store.js';
import { connectRedis } from './redis-connection.js';
import { RedisCallSafetyStore } from './redis-store.js';
import type { CallSafetyStore } from './store.js';

export type { GuardedAnswer, GuardedCall } from './call-guard.js';
export { CallGuard } from './call-guard.js';
export { MemoryCallSafetyStore } from './memory-store.js';
export { RedisCallSafetyStore } from './redis-store.js';
export { type CallSafetyStore, StoreUnavailableError } from './store.js';

/**
 * The process-wide state behind createAnonymousCall's idempotency keys and call limits, built once by
 * the process (src/main.ts, the test harness) and handed to createApp, which puts it into every
 * operation's context.
 */
export interface CallSafety {
  guard: CallGuard;
  /** For /ready (the shape of src/server/readiness.ts's checks): `redis` with REDIS_URL, else none. */
  readinessChecks: ReadonlyArray<{ name: string; check(signal: AbortSignal): Promise<void> }>;
  /** The shared Redis connection (null without REDIS_URL), for further state replicas share. */
  redis: Redis | null;
  close(): Promise<void>;
}

export interface CallSafetyOptions {
  settings: CallSafetyConfig;
  /** OPERATION_TIMEOUT_MS: the longest a first attempt can hold its key. */
  operationTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** How long start-up waits for Redis before serving anyway (queries need no Redis; calls then fail closed). */
const CONNECT_WAIT_MS = 2_000;

/** The store of a single replica, in this process. */
export function inProcessCallSafety({ settings, operationTimeoutMs, clock }: CallSafetyOptions): CallSafety {
  const store = new MemoryCallSafetyStore(clock);
  return {
    guard: guardOver(store, settings, operationTimeoutMs, clock),
    readinessChecks: [],
    redis: null,
    close: () => store.close(),
  };
}

/**
 * With REDIS_URL, the store every replica shares; it waits briefly for the first connection and starts
 * even when Redis is down (it keeps reconnecting). Without, the in-process store.
 */
export async function startCallSafety(options: CallSafetyOptions): Promise<CallSafety> {
  const { settings, operationTimeoutMs, clock, logger } = options;
  if (!settings.redisUrl) return inProcessCallSafety(options);
  const connection = connectRedis({ url: settings.redisUrl, logger });
  await connection.connected(CONNECT_WAIT_MS);
  const store = new RedisCallSafetyStore(connection.redis);
  return {
    guard: guardOver(store, settings, operationTimeoutMs, clock),
    readinessChecks: [{ name: 'redis', check: () => store.ping() }],
    redis: connection.redis,
    close: () => connection.close(),
  };
}

function guardOver(
  store: CallSafetyStore,
  settings: CallSafetyConfig,
  operationTimeoutMs: number,
  clock: Clock,
): CallGuard {
  return new CallGuard(
    store,
    {
      idempotencyTtlSeconds: settings.idempotencyTtlSeconds,
      callRateLimitPerMinute: settings.callRateLimitPerMinute,
      operationTimeoutMs,
    },
    clock,
  );
}
