import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { expect } from 'vitest';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createUpstream } from '../../src/datasources/index.js';
import { createLogger } from '../../src/logger.js';
import { type RunningSimulator, startSimulator, upstreamConfigFor } from '../../src/simulator/index.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

export interface GraphQLHarness {
  url: string;
  simulator: RunningSimulator;
  clock: ManualClock;
  config: Config;
  logLines: string[];
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** A fixed "now" so data and date windows are stable: 2026-11-22 10:30 UTC. */
export const HARNESS_NOW = Date.UTC(2026, 10, 22, 10, 30, 0);

/**
 * The whole server over real loopback HTTP with the embedded simulator behind it, both on
 * ephemeral ports, sharing a manual clock.
 */
export async function startGraphQLHarness(env: Record<string, string> = {}): Promise<GraphQLHarness> {
  const clock = new ManualClock(HARNESS_NOW);
  const simulator = await startSimulator({ clock });
  const config = loadConfig({ LOG_LEVEL: 'debug', ...env });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const upstream = createUpstream({
    upstream: upstreamConfigFor(simulator),
    config,
    logger,
    clock,
    resilience: {
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5,
      breakerThreshold: 1000,
      breakerHalfOpenAfterMs: 10,
    },
  });
  const yoga = createApp({ config, datasources: upstream.datasources, logger, clock });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    url,
    simulator,
    clock,
    config,
    logLines,
    async query(query, variables) {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.body.json()) as GraphQLResponse['body'];
      return { status: response.statusCode, body } as never;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
      await simulator.close();
    },
  };
}

/** Asserts a response without errors, dumping the request and body when it fails. */
export function expectNoGraphQLErrors<T>(response: GraphQLResponse<T>, query?: string): T {
  expect(
    response.body.errors,
    `query:\n${query ?? '(not given)'}\nbody:\n${JSON.stringify(response.body, null, 2)}`,
  ).toBeUndefined();
  expect(response.status).toBe(200);
  return response.body.data as T;
}
