import type { Clock } from '../clock.js';
import type { Config, UpstreamConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { UpstreamObserver } from '../transport/upstream-observer.js';
import type { UpstreamTransport } from '../transport/upstream-transport.js';
import { createBearerClient } from './bearer-client.js';
import { createCmsClient } from './cms-client.js';
import { createCmsSigner } from './cms-signer.js';
import { createTokenProvider } from './token-provider.js';
import type { UpstreamClient } from './upstream-client.js';

export interface AuthenticatedClient extends UpstreamClient {
  /** Resolves when a bearer token can be had (a valid cached one counts), for readiness; the token stays inside. */
  checkToken(): Promise<void>;
}

/**
 * The one client every datasource posts through: it picks the host and the authentication each
 * endpoint declares. Credentials stay inside.
 */
export function createAuthenticatedClient(options: {
  upstream: UpstreamConfig;
  config: Config;
  transport: Pick<UpstreamTransport, 'send'>;
  clock: Clock;
  logger: Logger;
  /** Told how token fetches end (metrics). */
  observer?: UpstreamObserver;
}): AuthenticatedClient {
  const { upstream, config, transport, clock, logger, observer } = options;
  const tokens = createTokenProvider({
    baseUrl: upstream.cec.baseUrl,
    appKey: upstream.cec.appKey,
    appSecret: upstream.cec.appSecret,
    ttlSeconds: config.auth.tokenTtlSeconds,
    transport,
    clock,
    logger,
    ...(observer ? { observer } : {}),
  });
  const bearer = createBearerClient({ baseUrl: upstream.cec.baseUrl, tokens, transport, clock });
  const signer = createCmsSigner(
    { accessKey: upstream.cms.accessKey, secretKey: upstream.cms.secretKey },
    clock,
  );
  const cms = createCmsClient({ baseUrl: upstream.cms.baseUrl, signer, transport, clock });
  return {
    async checkToken() {
      await tokens.getToken();
    },
    post(endpoint, payload, operation) {
      if (endpoint.auth === 'bearer' && endpoint.host === 'cec')
        return bearer.post(endpoint, payload, operation);
      if (endpoint.auth === 'cmsSignature' && endpoint.host === 'cms')
        return cms.post(endpoint, payload, operation);
      throw new TypeError(`${endpoint.name}: no client for auth ${endpoint.auth} on host ${endpoint.host}`);
    },
  };
}
