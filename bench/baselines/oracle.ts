/**
 * The "direct" baseline: a tiny HTTP server that answers each scenario's request (POST /<scenario>) with
 * the vendor calls the operation needs, made directly, and the mapped JSON our server would answer. No
 * GraphQL at all: the load generator hits it exactly like it hits our server, so the ratio to it is what
 * the GraphQL layer costs on top of the vendor.
 * Run: CEC_BASE_URL=… CEC_APP_KEY=… CEC_APP_SECRET=… CMS_ACCESS_KEY=… CMS_SECRET_KEY=… PORT=… \
 *      node --import tsx bench/baselines/oracle.ts
 */
import { createServer } from 'node:http';
import { SCENARIOS } from '../scenarios/index.js';
import { routingScenario } from '../scenarios/routing.js';
import type { GraphQLRequest } from '../scenarios/scenario.js';
import { createVendor, vendorSettingsFromEnv } from './vendor.js';

const vendor = createVendor(vendorSettingsFromEnv());
const scenarios = new Map(
  [...SCENARIOS, routingScenario(100)].map((scenario) => [`/${scenario.name}`, scenario]),
);

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200).end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const scenario = scenarios.get(req.url ?? '');
      if (!scenario) throw new Error(`no scenario at ${req.url}`);
      const { variables = {} } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLRequest;
      const body = JSON.stringify({ data: await scenario.direct(vendor, variables) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`oracle listening on ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void vendor.close().then(() => process.exit(0));
});
