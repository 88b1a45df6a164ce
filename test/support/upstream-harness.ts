import { expect } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createUpstreamDatasources } from '../../src/datasources/index.js';
import type { Datasources } from '../../src/datasources/registry.js';
import { createLogger } from '../../src/logger.js';
import { type RunningSimulator, startSimulator, upstreamConfigFor } from '../../src/simulator/index.js';
import type { BreakerEvent, ResilienceOptions, RetryEvent } from '../../src/transport/resilience.js';
import { createUpstreamTransport, type UpstreamTransport } from '../../src/transport/upstream-transport.js';

/** A fixed "now" so data and date windows are stable: 2026-11-22 10:30 UTC. */
export const UPSTREAM_NOW = Date.UTC(2026, 10, 22, 10, 30, 0);

export interface UpstreamHarness {
  simulator: RunningSimulator;
  clock: ManualClock;
  config: Config;
  datasources: Datasources;
  /** Every log line written during the harness's life, at level debug. */
  logLines: string[];
  retries: RetryEvent[];
  breakerEvents: BreakerEvent[];
  /** Secrets that crossed the wire so far: app secret, CMS SK, issued tokens, Authorization values. */
  secrets(): string[];
  close(): Promise<void>;
}

export interface UpstreamHarnessOptions {
  resilience?: Partial<ResilienceOptions>;
  /** Environment for loadConfig (e.g. UPSTREAM_REQUEST_TIMEOUT_MS). */
  env?: Record<string, string>;
  timezone?: string;
}

/**
 * The real client stack (undici pools, cockatiel policies, token provider, signer, datasources) against
 * the embedded simulator over loopback, on a manual clock shared by both. The transport is wrapped only
 * to note which secrets were used, so tests can prove none of them reached a log line.
 */
export async function startUpstreamHarness(options: UpstreamHarnessOptions = {}): Promise<UpstreamHarness> {
  const clock = new ManualClock(UPSTREAM_NOW);
  const simulator = await startSimulator({ clock, timezone: options.timezone ?? 'UTC' });
  const config = loadConfig({ LOG_LEVEL: 'debug', CMS_TIMEZONE: options.timezone ?? 'UTC', ...options.env });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const retries: RetryEvent[] = [];
  const breakerEvents: BreakerEvent[] = [];
  const transport = createUpstreamTransport({
    settings: config.transport,
    logger,
    clock,
    resilience: {
      retryBaseDelayMs: 2,
      retryMaxDelayMs: 10,
      breakerThreshold: 1_000,
      breakerHalfOpenAfterMs: 1_000,
      ...options.resilience,
      onRetry: (event) => retries.push(event),
      onBreakerStateChange: (event) => breakerEvents.push(event),
    },
  });
  const { credentials } = simulator;
  // Softphone SIP passwords are secrets too.
  const seen = new Set<string>([
    credentials.appSecret,
    credentials.cmsSecretKey,
    ...simulator.dataset.softphones.map((phone) => phone.password),
  ]);
  const recording: Pick<UpstreamTransport, 'send'> = {
    async send(request) {
      const authorization = request.headers.authorization;
      if (authorization) {
        seen.add(authorization);
        if (authorization.startsWith('Bearer ')) seen.add(authorization.slice('Bearer '.length));
      }
      const response = await transport.send(request);
      if (request.endpoint.name === 'tokenByAkSk' && response.status === 200) {
        const token = (JSON.parse(response.body) as { AccessToken?: string }).AccessToken;
        if (token) seen.add(token);
      }
      return response;
    },
  };
  const datasources = createUpstreamDatasources({
    upstream: upstreamConfigFor(simulator),
    config,
    logger,
    clock,
    transport: recording,
  });
  return {
    simulator,
    clock,
    config,
    datasources,
    logLines,
    retries,
    breakerEvents,
    secrets: () => [...seen],
    async close() {
      await transport.close();
      await simulator.close();
    },
  };
}

/** Fails, without printing any secret, when one of the harness's secrets appears in a log line. */
export function expectNoSecretsLogged(harness: UpstreamHarness): void {
  const secrets = harness.secrets();
  const leaks = harness.logLines.flatMap((line, lineIndex) =>
    secrets.flatMap((secret, secretIndex) =>
      line.includes(secret) ? [`log line ${lineIndex} holds secret #${secretIndex}`] : [],
    ),
  );
  expect(leaks, 'log lines containing a secret').toEqual([]);
}

/** Settles a promise into its error (or fails when it resolves), for matching with toMatchObject. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}
