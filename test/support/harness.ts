import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createApp } from '../../src/app.js';
import type { JwksOptions } from '../../src/auth/client/token-verifier.js';
import { type CallSafety, startCallSafety } from '../../src/call-safety/index.js';
import { type Clock, ManualClock } from '../../src/clock.js';
import { type Config, loadConfig, type UpstreamConfig } from '../../src/config.js';
import { createUpstreamServices } from '../../src/datasources/index.js';
import type { Datasources } from '../../src/datasources/registry.js';
import { createLogger } from '../../src/logger.js';
import { createReadiness, type Readiness } from '../../src/server/readiness.js';
import {
  type RunningSimulator,
  type SimulatorCredentials,
  startSimulator,
  upstreamConfigFor,
} from '../../src/simulator/index.js';
import { createMetrics, type Metrics } from '../../src/telemetry/metrics.js';
import { upstreamTelemetry } from '../../src/telemetry/upstream-telemetry.js';
import type { BreakerEvent, ResilienceOptions, RetryEvent } from '../../src/transport/resilience.js';
import { createUpstreamTransport } from '../../src/transport/upstream-transport.js';
import { mintToken, type TokenOptions } from './client-tokens.js';
import { type GraphQLQuery, graphqlClient } from './graphql-client.js';
import { expectNoSecretsLogged, recordSecrets } from './secret-recorder.js';
import { createSimulatorClient, type SimulatorClient } from './simulator-client.js';

export { TEST_JWT_SECRET, withToken } from './client-tokens.js';
export { expectNoGraphQLErrors, type GraphQLResponse } from './graphql-client.js';
export { expectNoSecretsLogged } from './secret-recorder.js';
export type { HttpResult } from './simulator-client.js';

/** The default "now", so data and date windows are stable: 2026-11-22 10:30 UTC. */
export const HARNESS_NOW = Date.UTC(2026, 10, 22, 10, 30, 0);

/** 2024-10-31T14:06:52Z: the instant of the worked auth-v2 signing example (docs/upstream.md), so it is fresh. */
export const B3_VECTOR_NOW = Date.UTC(2024, 9, 31, 14, 6, 52);

export interface HarnessOptions {
  /** Start of the manual clock shared by simulator, client and app. Default HARNESS_NOW. */
  now?: number;
  /**
   * 'simulator': the simulator runs its own adjustable system clock (moved with PUT /__simulator/clock)
   * and the app reads the time from it; `clock` is then not available.
   */
  clock?: 'shared' | 'simulator';
  /** IANA zone of the simulator's day window and of CMS_TIMEZONE. Default UTC. */
  timezone?: string;
  /**
   * Environment for loadConfig on top of LOG_LEVEL=debug (e.g. UPSTREAM_REQUEST_TIMEOUT_MS). Client
   * authentication: `{ AUTH_JWT_SECRET: TEST_JWT_SECRET }` (then mint tokens with `harness.clientToken`) or
   * `{ AUTH_JWKS_URL }` of a `startJwksServer`. Without either the app runs open, as in development.
   */
  env?: Record<string, string>;
  /** JWKS fetch timing of the app (e.g. `{ cooldownMs: 0 }` to see a refetch without waiting). */
  jwks?: JwksOptions;
  /** Overrides of the harness's tiny retry delays and lenient breaker. */
  resilience?: Partial<ResilienceOptions>;
  credentials?: SimulatorCredentials;
  /** Replaces the datasources the app serves, given the real ones (e.g. ones that fail like a bug). */
  datasources?: (real: Datasources) => Datasources;
  /** Fetch one bearer token at start and keep its headers as `auth`. */
  bearer?: boolean;
  /** Serve from this already running simulator (and its clock) instead of starting one; it is not closed. */
  simulator?: { running: RunningSimulator; clock: ManualClock };
  /** Changes the upstream settings the server uses (e.g. a wrong CMS secret key). */
  upstream?: (real: UpstreamConfig) => UpstreamConfig;
  /** The server's own clock, when it must differ from the simulator's (clock skew). */
  serverClock?: Clock;
}

/**
 * The simulator and the whole server, each on an ephemeral loopback port: the real client stack
 * (undici pools, cockatiel policies, token provider, signer, datasources) between them.
 */
export interface Harness extends SimulatorClient {
  simulator: RunningSimulator;
  clock: ManualClock;
  config: Config;
  /** The Prometheus families the app serves at /metrics (or leaves to a METRICS_PORT server). */
  metrics: Metrics;
  /** The datasources the app serves, usable directly too. */
  datasources: Datasources;
  /** Idempotency keys and call limits: in this process, or the Redis of env REDIS_URL. */
  callSafety: CallSafety;
  /** What the app's /ready answers from (e.g. `beginDraining()`, as a shutdown does). */
  readiness: Readiness;
  /** The app's GraphQL endpoint. */
  url: string;
  /** POSTs an operation; an Authorization header it sends counts as a secret (expectNoSecretsLogged). */
  query: GraphQLQuery;
  /**
   * An HS256 client token for the app's AUTH_JWT_SECRET (and AUTH_ISSUER / AUTH_AUDIENCE), issued at
   * the harness clock's now, subject "test-client" unless given. It counts as a secret.
   */
  clientToken(options?: Omit<TokenOptions, 'now'>): Promise<string>;
  /** Every log line written during the harness's life, at level debug. */
  logLines: string[];
  retries: RetryEvent[];
  breakerEvents: BreakerEvent[];
  /** Secrets that crossed the wire so far: app secret, CMS SK, issued tokens, Authorization values. */
  secrets(): string[];
  /** Headers of the bearer token fetched at start (option `bearer`). */
  auth: Record<string, string>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const timezone = options.timezone ?? 'UTC';
  const manualClock = options.simulator?.clock ?? new ManualClock(options.now ?? HARNESS_NOW);
  const ownClock = options.clock === 'simulator';
  const simulator =
    options.simulator?.running ??
    (await startSimulator({
      timezone,
      ...(ownClock ? {} : { clock: manualClock }),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    }));
  const clock: Clock =
    options.serverClock ?? (ownClock ? { now: () => simulator.control.now() } : manualClock);
  const config = loadConfig({ LOG_LEVEL: 'debug', CMS_TIMEZONE: timezone, ...options.env });
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    phoneNumbers: config.observability.logPhoneNumbers,
    sink: (line) => logLines.push(line),
  });
  // One registry per harness, as main.ts has one per process: the app and the upstream side report to it.
  const metrics = createMetrics();
  const observer = upstreamTelemetry(metrics);
  const retries: RetryEvent[] = [];
  const breakerEvents: BreakerEvent[] = [];
  const transport = createUpstreamTransport({
    settings: config.transport,
    logger,
    clock,
    observer,
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
  const recorder = recordSecrets(transport, simulator);
  const upstream = upstreamConfigFor(simulator);
  const { datasources: real, readinessChecks } = createUpstreamServices({
    upstream: options.upstream ? options.upstream(upstream) : upstream,
    config,
    logger,
    clock,
    transport: recorder.transport,
    observer,
  });
  const datasources = options.datasources ? options.datasources(real) : real;
  const callSafety = await startCallSafety({
    settings: config.callSafety,
    operationTimeoutMs: config.security.limits.operationTimeoutMs,
    clock,
    logger,
  });
  // As main.ts builds it: /ready probes the simulator through the same client stack (and Redis).
  const readiness = createReadiness({
    checks: [...readinessChecks, ...callSafety.readinessChecks],
    clock,
    cacheSeconds: config.readiness.cacheSeconds,
    logger,
  });
  const server = createServer(
    createApp({
      config,
      datasources,
      logger,
      clock,
      callSafety,
      readiness,
      metrics,
      ...(options.jwks ? { jwks: options.jwks } : {}),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const simulatorClient = createSimulatorClient(simulator, clock);
  const auth = options.bearer ? await simulatorClient.bearer() : undefined;

  return {
    ...simulatorClient,
    simulator,
    get clock() {
      if (ownClock) throw new Error('the simulator owns the clock here: move it with control.setNow');
      return manualClock;
    },
    config,
    metrics,
    datasources,
    callSafety,
    readiness,
    url,
    query: recorder.noteAuthorization(graphqlClient(url)),
    async clientToken(tokenOptions = {}) {
      const clientAuth = config.security.clientAuth;
      if (!clientAuth?.jwtSecret)
        throw new Error('start the harness with env AUTH_JWT_SECRET to mint tokens');
      const token = await mintToken(
        { alg: 'HS256', secret: clientAuth.jwtSecret },
        {
          now: clock.now(),
          ...(clientAuth.issuer ? { issuer: clientAuth.issuer } : {}),
          ...(clientAuth.audience ? { audience: clientAuth.audience } : {}),
          ...tokenOptions,
        },
      );
      recorder.note(token);
      return token;
    },
    logLines,
    retries,
    breakerEvents,
    secrets: recorder.secrets,
    get auth() {
      if (!auth) throw new Error('start the harness with { bearer: true } to get `auth`');
      return auth;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await transport.close();
      await callSafety.close();
      if (!options.simulator) await simulator.close();
    },
  };
}

export interface UseHarnessOptions extends HarnessOptions {
  /** Before each test: clear the simulator's counts, request log and faults, and the retry/breaker events. */
  resetEach?: boolean;
  /** Before each test: set the shared clock back to `now`. */
  rewindEach?: boolean;
}

/**
 * Starts a harness in beforeAll and closes it in afterAll (after proving no secret reached a log line),
 * for the enclosing file or describe block. The returned harness is usable from hooks and tests.
 */
export function useHarness(options: UseHarnessOptions = {}): Harness {
  let current: Harness | undefined;
  const started = (): Harness => {
    if (!current)
      throw new Error('the harness of useHarness() starts in beforeAll: use it in hooks and tests');
    return current;
  };
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterAll(async () => {
    const harness = current;
    current = undefined;
    if (!harness) return;
    try {
      expectNoSecretsLogged(harness);
    } finally {
      await harness.close();
    }
  });
  if (options.resetEach || options.rewindEach) {
    beforeEach(() => {
      const harness = started();
      if (options.resetEach) {
        harness.simulator.control.reset();
        harness.retries.length = 0;
        harness.breakerEvents.length = 0;
      }
      if (options.rewindEach) harness.clock.set(options.now ?? HARNESS_NOW);
    });
  }
  return new Proxy({} as Harness, { get: (_, key) => Reflect.get(started(), key) });
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
