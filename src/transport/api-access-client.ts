import type { TokenProvider } from '../auth/token-provider.js';
import type { Clock } from '../clock.js';
import { type UpstreamEndpoint, UpstreamError } from '../datasources/upstream-error.js';
import type { InboundResponse } from './http-transport.js';
import type { UpstreamTransport } from './upstream-transport.js';
import { upstreamTarget } from './upstream-url.js';

/** Calls the C1-authenticated /apiaccess interfaces: bearer token, app key, one refresh on a 401. */
export interface ApiAccessClient {
  /** POSTs `payload` as JSON; resolves with any status other than 401, which it handles itself. */
  post(endpoint: UpstreamEndpoint, interfacePath: string, payload: unknown): Promise<InboundResponse>;
}

/** After the vendor refused fresh credentials, 401s fail fast for this long instead of fetching tokens. */
export const CREDENTIALS_REFUSED_COOLDOWN_MS = 30_000;

export function createApiAccessClient(options: {
  baseUrl: string;
  tokens: TokenProvider;
  transport: Pick<UpstreamTransport, 'send'>;
  clock: Clock;
}): ApiAccessClient {
  const { tokens, transport, clock } = options;
  // A token the vendor refuses right after issuing it (e.g. the service is not purchased) would
  // otherwise cost a token call and two API calls per request: a storm against tokenByAkSk.
  let refusedUntil = Number.NEGATIVE_INFINITY;
  const refused = (endpoint: UpstreamEndpoint) =>
    new UpstreamError('UPSTREAM_AUTH_FAILED', `${endpoint}: credentials refused (HTTP 401)`, {
      endpoint,
      httpStatus: 401,
    });

  const sendWith = (token: string, endpoint: UpstreamEndpoint, path: string, body: string) => {
    const target = upstreamTarget(options.baseUrl, path);
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
    });
  };

  return {
    async post(endpoint, path, payload) {
      const body = JSON.stringify(payload);
      const token = await tokens.getToken();
      const first = await sendWith(token, endpoint, path, body);
      if (first.status !== 401) return first;
      if (clock.now() < refusedUntil) throw refused(endpoint);
      // A 401 means the vendor did not act on the request, so one repeat is safe even for createcall.
      tokens.invalidate(token);
      const second = await sendWith(await tokens.getToken(), endpoint, path, body);
      if (second.status !== 401) return second;
      refusedUntil = clock.now() + CREDENTIALS_REFUSED_COOLDOWN_MS;
      throw refused(endpoint);
    },
  };
}
