import type { CmsSigner } from '../auth/cms-signer.js';
import type { UpstreamEndpoint } from '../datasources/upstream-error.js';
import type { InboundResponse } from './http-transport.js';
import type { UpstreamTransport } from './upstream-transport.js';
import { upstreamTarget } from './upstream-url.js';

/** Calls the C2-signed CC-CMS interfaces (bearer tokens are refused there). */
export interface CmsClient {
  post(endpoint: UpstreamEndpoint, interfacePath: string, payload: unknown): Promise<InboundResponse>;
}

export function createCmsClient(options: {
  baseUrl: string;
  signer: CmsSigner;
  transport: Pick<UpstreamTransport, 'send'>;
}): CmsClient {
  const { signer, transport } = options;
  return {
    post(endpoint, interfacePath, payload) {
      const target = upstreamTarget(options.baseUrl, interfacePath);
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
