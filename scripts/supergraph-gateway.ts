/**
 * Composes a supergraph from running subgraphs and serves it with Hive Gateway's programmatic runtime,
 * as a platform team would: each subgraph's SDL is read from its `_service { sdl }`, composed with
 * @theguild/federation-composition, and the gateway plans every query over the subgraphs' HTTP URLs.
 * Used by `npm run supergraph` and the gateway e2e test; nothing in src/ imports it.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { request } from 'undici';

export interface SubgraphEndpoint {
  /** The subgraph's name in the supergraph (e.g. `cec`). */
  name: string;
  /** Its GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** Headers for the `_service` request (e.g. an access token with cec:read). */
  headers?: Record<string, string>;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Reads a subgraph's SDL from its `_service { sdl }` field. */
export async function fetchSubgraphSdl(subgraph: SubgraphEndpoint): Promise<string> {
  const response = await request(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...subgraph.headers },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.body.json()) as { data?: { _service?: { sdl?: string } }; errors?: unknown };
  const sdl = body.data?._service?.sdl;
  if (response.statusCode !== 200 || typeof sdl !== 'string') {
    throw new Error(`${subgraph.name} (${subgraph.url}) answered no SDL: ${JSON.stringify(body)}`);
  }
  return sdl;
}

/** The supergraph SDL of the subgraphs; throws listing every composition error. */
export async function composeSupergraph(subgraphs: readonly SubgraphEndpoint[]): Promise<string> {
  const services = await Promise.all(
    subgraphs.map(async (subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse(await fetchSubgraphSdl(subgraph)),
    })),
  );
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

/** A Hive Gateway over the supergraph, subgraphs reached with the HTTP transport. */
export function createGateway(supergraph: string): GatewayRuntime {
  return createGatewayRuntime({
    supergraph,
    transports: { http: httpTransport },
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
  });
}

/** Serves a request handler with node:http on loopback (port 0: an ephemeral one). */
export async function serve(
  handler: RequestListener,
  { host = '127.0.0.1', port = 0 }: { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
