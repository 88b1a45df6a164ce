/**
 * vitest globalSetup: one real redis-server for the whole suite (./redis-server.ts); tests read its URL
 * with `inject('redisUrl')`. scripts/ensure-redis.sh (npm's pretest) installs Debian's redis-server when
 * it is missing. Tests sharing it keep apart by client subject (a fresh JWT `sub` per test).
 */
import type { TestProject } from 'vitest/node';
import { startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:<port> of the suite's redis-server. */
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
