/**
 * The process: load configuration, start the embedded simulator when no upstream is configured,
 * build the app, listen, and shut down cleanly. Everything else lives in createApp(). With
 * WEB_CONCURRENCY > 1 this process is the cluster's primary and each worker runs the rest.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { createApp } from './app.js';
import { startCallSafety } from './call-safety/index.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type UpstreamConfig } from './config.js';
import { createUpstream } from './datasources/index.js';
import { createLogger, type LogFields } from './logger.js';
import { runClusterPrimary } from './process/cluster-primary.js';
import { createReadiness } from './server/readiness.js';
import { createGracefulShutdown } from './server/shutdown.js';
import { startSimulator, upstreamConfigFor } from './simulator/index.js';
import { workerMetricsSource } from './telemetry/cluster-metrics.js';
import { createMetrics } from './telemetry/metrics.js';
import { startMetricsServer } from './telemetry/metrics-server.js';
import { registrySource } from './telemetry/metrics-source.js';
import { startTracing } from './telemetry/tracing.js';
import { upstreamTelemetry } from './telemetry/upstream-telemetry.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { observability } = config;
  const clustered = config.server.workers > 1;
  const inWorker = clustered && cluster.isWorker;
  const logger = createLogger({
    level: config.logLevel,
    format: observability.logFormat,
    phoneNumbers: observability.logPhoneNumbers,
    fields: processFields(clustered),
  });
  if (clustered && cluster.isPrimary) {
    await runClusterPrimary({ config, logger, exit: (code) => process.exit(code) });
    return;
  }
  // A worker stops on its first signal, whoever sent it: the primary relays one, and a terminal's
  // Ctrl-C or systemd's SIGTERM may reach the whole group as well. Still starting, it has nothing to
  // drain; once serving, it drains. Node's cluster code ends a worker whose primary is gone by itself.
  let stopWorker: (signal: NodeJS.Signals) => void = () => process.exit(0);
  if (inWorker) {
    let stopping = false;
    const onFirstSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      stopWorker(signal);
    };
    process.on('SIGINT', onFirstSignal);
    process.on('SIGTERM', onFirstSignal);
  }
  // Before anything makes a span; off (a no-op API) without OTEL_EXPORTER_OTLP_ENDPOINT.
  const tracing = startTracing(observability);
  const metrics = createMetrics();
  // A worker's /metrics answers every worker's families, summed by the primary; it answers the
  // primary's requests for its own from now on, so a scrape during its start-up does not wait for it.
  const metricsSource = inWorker ? workerMetricsSource(metrics.registry) : registrySource(metrics.registry);
  const clock = systemClock;
  const closers: Array<() => Promise<void>> = [];
  if (!config.security.clientAuth) {
    // config.ts refuses this in production; in development it keeps GraphiQL and curl token-free.
    logger.warn(
      `Client authentication is off (no AUTH_JWT_SECRET or AUTH_JWKS_URL): every client that reaches ` +
        `${config.server.host} may read everything, place calls and read SIP passwords. Development only.`,
      { host: config.server.host, clientAuth: 'off' },
    );
  }

  let upstream: UpstreamConfig;
  if (config.upstream) {
    upstream = config.upstream;
  } else {
    const simulator = await startSimulator({ clock, timezone: config.callRecords.timezone });
    closers.push(() => simulator.close());
    upstream = upstreamConfigFor(simulator);
    logger.info(`No CEC_BASE_URL set: using the embedded CEC simulator at ${simulator.url}`, {
      simulatorUrl: simulator.url,
    });
    if (config.security.mode === 'production') {
      // Allowed, so that the image can be tried without a tenant; said loudly, since the data is made up.
      logger.warn('NODE_ENV=production without CEC_BASE_URL: serving the simulator, not a tenant', {
        simulatorUrl: simulator.url,
      });
    }
  }

  const {
    datasources,
    readinessChecks,
    close: closeUpstream,
  } = createUpstream({ upstream, config, logger, clock, observer: upstreamTelemetry(metrics) });
  closers.unshift(closeUpstream);
  // With REDIS_URL every replica shares idempotency keys and call counts; it starts with Redis down too.
  const callSafety = await startCallSafety({
    settings: config.callSafety,
    operationTimeoutMs: config.security.limits.operationTimeoutMs,
    clock,
    logger,
  });
  closers.push(() => callSafety.close());
  // /ready: the vendor token and the CC-CMS signature, and Redis when configured.
  const readiness = createReadiness({
    checks: [...readinessChecks, ...callSafety.readinessChecks],
    clock,
    cacheSeconds: config.readiness.cacheSeconds,
    logger,
  });
  const yoga = createApp({
    config,
    datasources,
    logger,
    clock,
    callSafety,
    readiness,
    metrics,
    metricsSource,
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  logger.info(`GraphQL endpoint and GraphiQL at http://localhost:${port}/graphql`, { port });
  // Under node:cluster the primary serves METRICS_PORT.
  if (observability.metricsPort !== null && !inWorker) {
    const metricsServer = await startMetricsServer(metricsSource, {
      port: observability.metricsPort,
      host: config.server.host,
    });
    closers.push(() => metricsServer.close());
    logger.info(`Prometheus metrics at ${metricsServer.url}`, { metricsUrl: metricsServer.url });
  }
  if (tracing) {
    // Last of the closers: spans of the final operations are flushed after everything else stopped.
    closers.push(() => tracing.shutdown());
    logger.info('Tracing on: spans go to the OTLP endpoint', {
      // The origin only: a collector URL may carry credentials in its user info or query.
      otlpEndpoint: observability.otlpEndpoint ? new URL(observability.otlpEndpoint).origin : null,
      serviceName: observability.serviceName,
    });
  }

  const shutdown = createGracefulShutdown({
    server,
    readiness,
    timeoutMs: config.shutdown.timeoutMs,
    closers,
    logger,
    exit: (code) => process.exit(code),
  });
  if (inWorker) {
    stopWorker = (signal) => shutdown.onSignal(signal);
  } else {
    process.on('SIGINT', (signal) => shutdown.onSignal(signal));
    process.on('SIGTERM', (signal) => shutdown.onSignal(signal));
  }
}

/** Which process of a cluster wrote a line; nothing when one process serves. */
function processFields(clustered: boolean): LogFields {
  if (!clustered) return {};
  return cluster.isWorker ? { worker: cluster.worker?.id } : { role: 'primary' };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('cec-graphql failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
