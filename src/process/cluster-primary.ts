import cluster, { type Worker } from 'node:cluster';
import { constants } from 'node:os';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { primaryMetricsSource } from '../telemetry/cluster-metrics.js';
import { type MetricsServer, startMetricsServer } from '../telemetry/metrics-server.js';

/**
 * WEB_CONCURRENCY > 1: this process forks that many node:cluster workers, each a whole server on the
 * shared port, and only supervises them. It replaces a worker that dies, serves METRICS_PORT with the
 * workers' families summed, and turns its first SIGTERM or SIGINT into a SIGTERM to every worker (each
 * drains as a single process does) and exits once they are gone; a second signal kills them.
 */
export interface ClusterPrimaryOptions {
  config: Config;
  logger: Logger;
  exit: (code: number) => void;
}

/** A replacement starts after this; each worker that dies within STEADY_MS of starting doubles it. */
const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
const STEADY_MS = 10_000;
/**
 * Beyond the workers' own drain (SHUTDOWN_TIMEOUT_MS): their closers run one after another, each given
 * up to 5 s (upstream pools, Redis, the span exporter), with room to spare. Then SIGKILL.
 */
const SHUTDOWN_MARGIN_MS = 30_000;

export async function runClusterPrimary({ config, logger, exit }: ClusterPrimaryOptions): Promise<void> {
  const count = config.server.workers;
  const live = new Set<Worker>();
  const serving = new Set<Worker>();
  const restarts = new Set<NodeJS.Timeout>();
  let restartDelayMs = RESTART_DELAY_MS;
  let started = false;
  let stopping = false;
  let exitCode = 0;
  let metricsServer: MetricsServer | null = null;

  const metrics = primaryMetricsSource(() => serving);
  const fork = () => {
    const worker = cluster.fork();
    const forkedAt = performance.now();
    live.add(worker);
    let listened = false;
    worker.once('listening', ({ port }) => {
      listened = true;
      serving.add(worker);
      logger.info('worker serving', { worker: worker.id, pid: worker.process.pid, port });
      if (!started && serving.size === count) {
        started = true;
        // The workers share one port (PORT=0 too: node:cluster gives them the same one).
        logger.info(`${count} workers serving at http://localhost:${port}/graphql`, { workers: count, port });
      }
    });
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      serving.delete(worker);
      const fields = { worker: worker.id, pid: worker.process.pid, code, signal };
      // Stopped by a SIGTERM or SIGINT that came before its handlers (early in its start-up), or by a
      // group signal this process has not handled yet: it had nothing to drain and did not fail.
      const told = code === 0 || (code === null && (signal === 'SIGTERM' || signal === 'SIGINT'));
      if (stopping) {
        if (!told) exitCode = 1;
        if (live.size === 0) void finish();
        return;
      }
      if (!started && !listened && !told) {
        // Not a crash to ride out: the next worker would fail the same way (port taken, bad upstream).
        logger.error('a worker failed to start: stopping', fields);
        exitCode = 1;
        stop('SIGTERM');
        return;
      }
      // A worker that keeps dying at once is not re-forked every second for ever.
      const steady = listened && performance.now() - forkedAt >= STEADY_MS;
      if (steady) restartDelayMs = RESTART_DELAY_MS;
      const delayMs = restartDelayMs;
      if (!steady) restartDelayMs = Math.min(restartDelayMs * 2, MAX_RESTART_DELAY_MS);
      logger.error('a worker exited: starting another', { ...fields, inMs: delayMs });
      const timer = setTimeout(() => {
        restarts.delete(timer);
        fork();
      }, delayMs);
      restarts.add(timer);
    });
  };

  const finish = async () => {
    await metricsServer?.close();
    logger.info('shut down', { exitCode });
    exit(exitCode);
  };

  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    if (live.size === 0) {
      void finish();
      return;
    }
    for (const worker of live) worker.process.kill('SIGTERM');
    const killer = setTimeout(() => {
      logger.warn('workers still running after the shutdown timeout: killing them', { workers: live.size });
      exitCode = 1;
      for (const worker of live) worker.process.kill('SIGKILL');
    }, config.shutdown.timeoutMs + SHUTDOWN_MARGIN_MS);
    killer.unref();
    logger.info('shutting down the workers', { signal, workers: live.size });
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) {
      stop(signal);
      return;
    }
    logger.warn('second signal: killing the workers and exiting at once', { signal, workers: live.size });
    for (const worker of live) worker.process.kill('SIGKILL');
    exit(128 + (constants.signals[signal] ?? 0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (let n = 0; n < count; n++) fork();
  if (config.observability.metricsPort !== null) {
    metricsServer = await startMetricsServer(metrics, {
      port: config.observability.metricsPort,
      host: config.server.host,
    });
    logger.info(`Prometheus metrics of all workers at ${metricsServer.url}`, {
      metricsUrl: metricsServer.url,
    });
  }
}
