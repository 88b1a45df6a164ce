/**
 * `npm run supergraph`: the whole federation demo in one process, on loopback. Starts the embedded CEC
 * simulator, cec-graphql on it (PORT, default 4000), the demo CRM subgraph (CRM_PORT, default 4001),
 * composes the two into a supergraph and serves it with Hive Gateway (GATEWAY_PORT, default 4002),
 * then prints the URLs. Ctrl-C stops everything.
 */
import { createApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createUpstream } from '../src/datasources/index.js';
import { createLogger } from '../src/logger.js';
import { startSimulator, upstreamConfigFor } from '../src/simulator/index.js';
import { createCrmSubgraph } from './demo-crm-subgraph.js';
import { composeSupergraph, createGateway, serve } from './supergraph-gateway.js';

function portFrom(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name}: not a port: ${value}`);
  return port;
}

async function main(): Promise<void> {
  const crmPort = portFrom('CRM_PORT', 4001);
  const gatewayPort = portFrom('GATEWAY_PORT', 4002);
  const config = loadConfig();
  if (config.upstream)
    throw new Error('npm run supergraph runs on the embedded simulator: unset CEC_BASE_URL');
  const logger = createLogger({ level: config.logLevel });
  const clock = systemClock;

  const simulator = await startSimulator({ clock, timezone: config.callRecords.timezone });
  const upstream = createUpstream({ upstream: upstreamConfigFor(simulator), config, logger, clock });
  const cec = await serve(createApp({ config, datasources: upstream.datasources, logger, clock }), {
    host: '127.0.0.1',
    port: config.server.port,
  });
  const crm = await serve(createCrmSubgraph(), { port: crmPort });
  const supergraph = await composeSupergraph([
    { name: 'cec', url: cec.url },
    { name: 'crm', url: crm.url },
  ]);
  const gatewayRuntime = createGateway(supergraph);
  const gateway = await serve(gatewayRuntime, { port: gatewayPort });

  console.log(
    [
      '',
      'Supergraph running (all on loopback):',
      `  Hive Gateway (supergraph):  ${gateway.url}`,
      `  cec-graphql subgraph:       ${cec.url}`,
      `  CRM demo subgraph:          ${crm.url}`,
      `  CEC simulator:              ${simulator.url}`,
      '',
      'Try, through the gateway:',
      `  curl -s ${gateway.url} -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ customers(first: 3) { edges { node { name hotline { accessCode description customers { name } } } } } }"}'`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await gateway.close();
    await gatewayRuntime.dispose();
    await crm.close();
    await cec.close();
    await upstream.close();
    await simulator.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('npm run supergraph failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
