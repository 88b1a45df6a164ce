import { upstreamTarget } from '../transport/upstream-target.js';
import type { UpstreamTransport } from '../transport/upstream-transport.js';
import type { CmsSigner } from './cms-signer.js';
import type { UpstreamClient } from './upstream-client.js';

/** Calls the CMS-signed (auth-v2) interfaces; bearer tokens are refused there. */
export function createCmsClient(options: {
  baseUrl: string;
  signer: CmsSigner;
  transport: Pick<UpstreamTransport, 'send'>;
}): UpstreamClient {
  const { signer, transport } = options;
  return {
    post(endpoint, payload) {
      const target = upstreamTarget(options.baseUrl, endpoint.path);
      // Serialised once so the signed bytes and the sent bytes cannot differ.
      const body = JSON.stringify(payload);
      const authorization = signer.authorize({ method: 'POST', host: target.host, path: target.path, body });
      return transport.send({
        endpoint,
        origin: target.origin,
        path: target.path,
        headers: {
          host: target.host,
          'content-type': 'application/json; charset=UTF-8',
          authorization,
        },
        body,
      });
    },
  };
}
