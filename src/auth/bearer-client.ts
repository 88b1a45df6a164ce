import type { Clock } from '../clock.js';
import type { EndpointDescriptor } from '../transport/endpoint.js';
import { type OperationScope, waitWithinOperation } from '../transport/operation-scope.js';
import { UpstreamError } from '../transport/upstream-error.js';
import { upstreamTarget } from '../transport/upstream-target.js';
import type { UpstreamTransport } from '../transport/upstream-transport.js';
import type { TokenProvider } from './token-provider.js';
import type { UpstreamClient } from './upstream-client.js';

/** After the vendor refused fresh credentials, 401s fail fast for this long instead of fetching tokens. */
export const CREDENTIALS_REFUSED_COOLDOWN_MS = 30_000;

/**
 * Calls the bearer-token (/apiaccess) interfaces: token, app key, one refresh on a 401. Resolves with
 * any status other than 401, which it handles itself.
 */
export function createBearerClient(options: {
  baseUrl: string;
  tokens: TokenProvider;
  transport: Pick<UpstreamTransport, 'send'>;
  clock: Clock;
}): UpstreamClient {
  const { tokens, transport, clock } = options;
  // A token the vendor refuses right after issuing it (e.g. the service is not purchased) would
  // otherwise cost a token call and two API calls per request: a storm against tokenByAkSk.
  let refusedUntil = Number.NEGATIVE_INFINITY;
  const refused = (endpoint: EndpointDescriptor) =>
    new UpstreamError('UPSTREAM_AUTH_FAILED', `${endpoint.name}: credentials refused (HTTP 401)`, {
      endpoint: endpoint.name,
      httpStatus: 401,
    });

  const sendWith = (
    token: string,
    endpoint: EndpointDescriptor,
    body: string,
    operation: OperationScope | undefined,
  ) => {
    const target = upstreamTarget(options.baseUrl, endpoint.path);
    return transport.send({
      endpoint,
      origin: target.origin,
      path: target.path,
      headers: {
        'content-type': 'application/json',
        // Optional on most pages, mandatory on createcall: always sent.
        'x-app-key': tokens.appKey,
        authorization: `Bearer ${token}`,
      },
      body,
      operation,
    });
  };

  return {
    async post(endpoint, payload, operation) {
      const body = JSON.stringify(payload);
      // A token fetch is shared by every operation that needs one: each waits for it only within its own deadline.
      const token = await waitWithinOperation(() => tokens.getToken(), endpoint, operation);
      const first = await sendWith(token, endpoint, body, operation);
      if (first.status !== 401) return first;
      if (clock.now() < refusedUntil) throw refused(endpoint);
      // A 401 means the vendor did not act on the request, so one repeat is safe even for createcall.
      tokens.invalidate(token);
      const fresh = await waitWithinOperation(() => tokens.getToken(), endpoint, operation);
      const second = await sendWith(fresh, endpoint, body, operation);
      if (second.status !== 401) return second;
      refusedUntil = clock.now() + CREDENTIALS_REFUSED_COOLDOWN_MS;
      throw refused(endpoint);
    },
  };
}
