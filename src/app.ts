import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { JwksOptions } from './auth/client/token-verifier.js';
import { type CallSafety, inProcessCallSafety } from './call-safety/index.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createLoaders, type Datasources } from './datasources/registry.js';
import { graphiqlOptions } from './graphiql.js';
import type { Logger } from './logger.js';
import type { GraphQLContext, SchemaSettings } from './schema/context.js';
import { createErrorMasker, logUnexpectedErrors } from './schema/errors.js';
import { schema } from './schema/index.js';
import { useRequestErrorCodes } from './schema/request-errors.js';
import { corsPolicy, useBrowserSafety } from './server/browser-safety.js';
import { createClientAuthentication } from './server/client-auth.js';
import { useCompiledExecution } from './server/compiled-execution.js';
import { useCompression } from './server/compression.js';
import { useExposurePolicy } from './server/exposure.js';
import { useGraphiQLPage } from './server/graphiql-page.js';
import { useHealthEndpoints } from './server/health-endpoints.js';
import { useMetricsRoute } from './server/metrics-route.js';
import { operationBudget, useOperationLimits } from './server/operation-limits.js';
import { useOperationTelemetry } from './server/operation-telemetry.js';
import { createReadiness, type Readiness } from './server/readiness.js';
import { useRequestContext } from './server/request-context.js';
import { requestIdOf } from './server/request-id.js';
import { yogaLogging } from './server/yoga-logging.js';
import { createMetrics, type Metrics } from './telemetry/metrics.js';
import { type MetricsSource, registrySource } from './telemetry/metrics-source.js';
import { OperationScope } from './transport/operation-scope.js';

export interface AppDependencies {
  config: Config;
  datasources: Datasources;
  logger: Logger;
  clock?: Clock;
  /** How often the client-auth JWKS may be refetched (tests shorten the cooldown). */
  jwks?: JwksOptions;
  /** What /ready checks (main.ts builds it with the upstream probes); default: no checks. */
  readiness?: Readiness;
  /**
   * createAnonymousCall's idempotency keys and call limits (`startCallSafety`, which honours REDIS_URL).
   * Omitted: a store in this process, as for one replica.
   */
  callSafety?: CallSafety;
  /** This instance's Prometheus families; pass the same to createUpstream's observer. Default: fresh ones. */
  metrics?: Metrics;
  /** What /metrics on this port answers; default: `metrics` alone (main.ts passes the sum under node:cluster). */
  metricsSource?: MetricsSource;
}

export type App = YogaServerInstance<Record<string, never>, GraphQLContext>;

const DEFAULT_PAGE_SIZE = 20;

/** Builds the GraphQL server and everything it needs, without binding a port (src/main.ts does that). */
export function createApp({
  config,
  datasources,
  logger,
  clock = systemClock,
  jwks,
  readiness = createReadiness({ checks: [], clock, cacheSeconds: config.readiness.cacheSeconds, logger }),
  callSafety = defaultCallSafety(config, clock, logger),
  metrics = createMetrics(),
  metricsSource = registrySource(metrics.registry),
}: AppDependencies): App {
  const settings: SchemaSettings = {
    defaultPageSize: Math.min(DEFAULT_PAGE_SIZE, config.paging.maxPageSize),
    maxPageSize: config.paging.maxPageSize,
    defaultCcId: config.callRecords.defaultCcId,
  };
  const budget = operationBudget(config.security.limits);
  const clientAuth = createClientAuthentication({
    settings: config.security.clientAuth,
    clock,
    logger,
    ...(jwks ? { jwks } : {}),
  });

  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // yoga's own check answers any path ending in /health with an empty 200; ours answers JSON there.
    healthCheckEndpoint: '/__yoga/health',
    cors: corsPolicy(config.security.corsOrigins),
    // No file uploads in this schema; multipart bodies are refused by useBrowserSafety anyway.
    multipart: false,
    // useOperationLimits enforces MAX_REQUEST_BYTES (yoga's own limit streams every body through a pipe).
    maxRequestBodySize: false,
    batching: false,
    logging: yogaLogging(logger),
    maskedErrors: { maskError: createErrorMasker() },
    plugins: [
      // First: the request id (log lines, x-request-id), then the operation's log line, metrics and span.
      useRequestContext(),
      useOperationTelemetry({ logger, metrics }),
      // With METRICS_PORT set, main.ts serves /metrics on that port instead.
      ...(config.observability.metricsPort === null ? [useMetricsRoute(metricsSource, logger)] : []),
      // Probes and GraphiQL's page and assets answer in onRequest, before anything below looks at a token.
      useHealthEndpoints(readiness, logger),
      ...(config.security.graphiql
        ? [
            useGraphiQLPage({
              endpoint: '/graphql',
              options: () => graphiqlOptions(new Date(clock.now())),
              logger,
            }),
          ]
        : []),
      // Order matters: who the client is, what its browser may do, then what an operation may cost.
      clientAuth.plugin,
      logUnexpectedErrors(logger, requestIdOf),
      useRequestErrorCodes(),
      useBrowserSafety(config.security.corsOrigins),
      useExposurePolicy({ introspection: config.security.introspection }),
      // Before the limits: they run (and time) whichever executor this picks.
      useCompiledExecution({ logger }),
      useOperationLimits({ limits: config.security.limits, logger }),
      // Last: it compresses what every plugin before it has finished.
      useCompression(logger),
    ],
    // useGraphiQLPage serves GraphiQL (from the package, no CDN), split into cacheable assets.
    graphiql: false,
    context: ({ request }): GraphQLContext => {
      const requestId = requestIdOf(request);
      const viewer = clientAuth.viewerOf(request);
      // Every call of the operation is made for this scope; its deadline starts when execution does.
      const operation = new OperationScope(budget, { requestId });
      return {
        requestId,
        viewer,
        operation,
        loaders: createLoaders(datasources, operation),
        datasources,
        callSafety,
        settings,
        clock,
        // The subject, never the token: every line the request logs says who asked.
        logger: logger.child({ requestId, subject: viewer.subject }),
      };
    },
  });
}

function defaultCallSafety(config: Config, clock: Clock, logger: Logger): CallSafety {
  if (config.callSafety.redisUrl) {
    logger.warn('REDIS_URL is not used here: idempotency keys and call limits stay in this process');
  }
  return inProcessCallSafety({
    settings: config.callSafety,
    operationTimeoutMs: config.security.limits.operationTimeoutMs,
    clock,
    logger,
  });
}
