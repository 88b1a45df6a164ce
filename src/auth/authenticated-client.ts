import type { Clock } from '../clock.js';
import type { Config, UpstreamConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { UpstreamTransport } from '../transport/upstream-transport.js';
import { createBearerClient } from './bearer-client.js';
import { createCmsClient } from './cms-client.js';
import { createCmsSigner } from './cms-signer.js';
import { createTokenProvider } from './token-provider.js';
import type { UpstreamClient } from './upstream-client.js';

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
}): UpstreamClient {
  const { upstream, config, transport, clock, logger } = options;
  const tokens = createTokenProvider({
    baseUrl: upstream.cec.baseUrl,
    appKey: upstream.cec.appKey,
    appSecret: upstream.cec.appSecret,
    ttlSeconds: config.auth.tokenTtlSeconds,
    transport,
    clock,
    logger,
  });
  const bearer = createBearerClient({ baseUrl: upstream.cec.baseUrl, tokens, transport, clock });
  const signer = createCmsSigner(
    { accessKey: upstream.cms.accessKey, secretKey: upstream.cms.secretKey },
    clock,
  );
  const cms = createCmsClient({ baseUrl: upstream.cms.baseUrl, signer, transport, clock });
  return {
    post(endpoint, payload) {
      if (endpoint.auth === 'bearer' && endpoint.host === 'cec') return bearer.post(endpoint, payload);
      if (endpoint.auth === 'cmsSignature' && endpoint.host === 'cms') return cms.post(endpoint, payload);
      throw new TypeError(`${endpoint.name}: no client for auth ${endpoint.auth} on host ${endpoint.host}`);
    },
  };
}
