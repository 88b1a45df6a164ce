import type { EndpointDescriptor } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { OperationScope } from '../transport/operation-scope.js';

/**
 * Posts a JSON payload to one vendor endpoint with the authentication it needs, resolving with the
 * vendor's reply whatever its status. Datasources only ever see this: never a token or a key.
 */
export interface UpstreamClient {
  /**
   * `operation`: the GraphQL operation the call is for (its budget and deadline); `undefined` only for
   * process-wide calls (readiness probes). Required, so no caller can leave it out by accident.
   */
  post(
    endpoint: EndpointDescriptor,
    payload: unknown,
    operation: OperationScope | undefined,
  ): Promise<InboundResponse>;
}
