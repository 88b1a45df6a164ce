import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** A command without a reply by then fails: a slow Redis must not hold a call for long. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2_000;

/**
 * The process's one Redis connection (REDIS_URL), for everything replicas share. It never takes the
 * process down: connection errors are logged and retried in the background with a growing delay, and
 * while it is not connected commands fail at once instead of queueing, so callers fail fast and closed.
 */
export interface RedisConnection {
  redis: Redis;
  /** True once connected; false at the first failure or after `timeoutMs` (the connection keeps trying). */
  connected(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function connectRedis({ url, logger }: { url: string; logger: Logger }): RedisConnection {
  // Only host and port are ever logged: the URL may carry a password.
  const { hostname, port } = new URL(url);
  const where = { redisHost: hostname, redisPort: Number(port || 6379) };
  const redis = new Redis(url, {
    connectionName: 'cec-graphql',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // A command lost with a connection is not sent again later: the caller has already given up on it.
    autoResendUnfulfilledCommands: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    // Once per outage, not once per reconnection attempt.
    if (down) return;
    down = true;
    logger.warn('Redis is unreachable: calls are refused until it is back (IDEMPOTENCY_STORE_UNAVAILABLE)', {
      ...where,
      error: error.message,
    });
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis is reachable again', where);
    else logger.info('Redis connected', where);
    down = false;
  });

  return {
    redis,
    connected: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        if (redis.status === 'ready') return resolve(true);
        const finish = (ready: boolean) => {
          clearTimeout(timer);
          redis.off('ready', onReady);
          redis.off('error', onError);
          resolve(ready);
        };
        const onReady = () => finish(true);
        const onError = () => finish(false);
        const timer = setTimeout(() => finish(false), timeoutMs);
        redis.once('ready', onReady);
        redis.once('error', onError);
      }),
    async close() {
      if (redis.status === 'ready') {
        try {
          await redis.quit();
          return;
        } catch {
          // Fall through: drop the connection without waiting.
        }
      }
      redis.disconnect();
    },
  };
}
