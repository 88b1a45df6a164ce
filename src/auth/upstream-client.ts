import type { EndpointDescriptor } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';

/**
 * Posts a JSON payload to one vendor endpoint with the authentication it needs, resolving with the
 * vendor's reply whatever its status. Datasources only ever see this: never a token or a key.
 */
export interface UpstreamClient {
  post(endpoint: EndpointDescriptor, payload: unknown): Promise<InboundResponse>;
}
