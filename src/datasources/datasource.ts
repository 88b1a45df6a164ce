import type { UpstreamClient } from '../auth/upstream-client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { EndpointDescriptor } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { OperationScope } from '../transport/operation-scope.js';
import type { LoaderKit } from './loading/loader-kit.js';

/** What every datasource is built from: the one upstream client, the configuration and the clock. */
export interface DatasourceDependencies {
  client: UpstreamClient;
  config: Config;
  clock: Clock;
}

/**
 * One vendor interface as a slice: its endpoint, the process-wide source (encoding, decoding, code
 * tables) and the loaders each GraphQL operation gets over it. The registry lists these; the
 * `Datasources`, `Loaders` and endpoint-name types are derived from that list.
 */
export interface Datasource<Name extends string, Source, RequestLoaders> {
  readonly endpoint: EndpointDescriptor<Name>;
  create(dependencies: DatasourceDependencies): Source;
  /** Fresh for every operation, never shared between operations. */
  loaders(source: Source, kit: LoaderKit): RequestLoaders;
}

/** Declares a datasource, keeping its types for the registry to derive from. */
export function defineDatasource<const Name extends string, Source, RequestLoaders>(
  datasource: Datasource<Name, Source, RequestLoaders>,
): Datasource<Name, Source, RequestLoaders> {
  return datasource;
}

/** The usual vendor call for an operation: encode the input, post it, decode the reply (with the input at hand). */
export function vendorCall<Input, Output>(
  client: UpstreamClient,
  endpoint: EndpointDescriptor,
  encode: (input: Input) => unknown,
  decode: (response: InboundResponse, input: Input) => Output,
): (input: Input, operation?: OperationScope) => Promise<Output> {
  return async (input, operation) => decode(await client.post(endpoint, encode(input), operation), input);
}
