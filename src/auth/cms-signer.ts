import type { Clock } from '../clock.js';
import { type CmsCredentials, signCmsRequest } from './cms-signature.js';

/** What a CC-CMS request needs signed: the exact method, Host value, path and body bytes sent. */
export interface CmsRequest {
  method: string;
  /** `hostname[:port]` exactly as sent. */
  host: string;
  path: string;
  body: string;
}

/**
 * Holds the CC-CMS AK/SK and turns a request into its auth-v2 `Authorization` value. Callers get this
 * object, never the secret key; it is kept in a closure so inspecting or logging the signer shows none.
 */
export interface CmsSigner {
  /** The access key (an identifier, not a secret). */
  readonly accessKey: string;
  /** Signs `host` only, like Huawei's demo, with a `yyyy-MM-ddTHH:mm:ssZ` timestamp from the clock. */
  authorize(request: CmsRequest): string;
}

export function createCmsSigner(credentials: CmsCredentials, clock: Clock): CmsSigner {
  const { accessKey, secretKey } = credentials;
  return {
    accessKey,
    authorize: ({ method, host, path, body }) =>
      signCmsRequest({ accessKey, secretKey }, { method, path, headers: { host }, body }, clock.now()),
  };
}
