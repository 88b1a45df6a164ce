/**
 * The process: load configuration, start the embedded simulator when no upstream is configured,
 * build the app, listen, and shut down cleanly. Everything else lives in createApp().
 */
import { createServer } from 'node:http';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type UpstreamConfig } from './config.js';
import { createUpstream } from './datasources/index.js';
import { createLogger } from './logger.js';
import { startSimulator, upstreamConfigFor } from './simulator/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
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
  }

  const { datasources, close: closeUpstream } = createUpstream({ upstream, config, logger, clock });
  closers.unshift(closeUpstream);
  const yoga = createApp({ config, datasources, logger, clock });
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  logger.info(`GraphQL endpoint and GraphiQL at http://localhost:${port}/graphql`, { port });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const close of closers) await close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('cec-graphql failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
