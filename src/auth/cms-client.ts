import type { Clock } from '../clock.js';
import { upstreamTarget } from '../transport/upstream-target.js';
import type { UpstreamTransport } from '../transport/upstream-transport.js';
import { createCmsAdmission } from './cms-admission.js';
import type { CmsSigner } from './cms-signer.js';
import type { UpstreamClient } from './upstream-client.js';

/**
 * Calls the CMS-signed (auth-v2) interfaces; bearer tokens are refused there. Resolves with any status
 * other than 401 and 403: those reject with `UPSTREAM_AUTH_FAILED` and hold back further calls for a
 * cool-down, so a bad signature cannot get this address locked (see cms-admission.ts).
 */
export function createCmsClient(options: {
  baseUrl: string;
  signer: CmsSigner;
  transport: Pick<UpstreamTransport, 'send'>;
  clock: Clock;
}): UpstreamClient {
  const { signer, transport } = options;
  const admission = createCmsAdmission(options.clock);
  return {
    post(endpoint, payload, operation) {
      const target = upstreamTarget(options.baseUrl, endpoint.path);
      // Serialised once so the signed bytes and the sent bytes cannot differ.
      const body = JSON.stringify(payload);
      return admission.run(endpoint, operation, () =>
        transport.send({
          endpoint,
          origin: target.origin,
          path: target.path,
          headers: {
            host: target.host,
            'content-type': 'application/json; charset=UTF-8',
            // Signed when admitted, not when queued, so a call that waited carries a fresh timestamp.
            authorization: signer.authorize({ method: 'POST', host: target.host, path: target.path, body }),
          },
          body,
          operation,
        }),
      );
    },
  };
}
