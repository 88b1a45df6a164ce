import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type CmsCredentials, parseCmsAuthorization, signWithTimestamp } from '../../auth/cms-signature.js';

/** Largest accepted distance between the signature's timestamp and the simulator's clock. */
export const MAX_SIGNATURE_SKEW_MS = 15 * 60_000;

// yyyy-MM-ddTHH:mm:ssZ, optionally with .SSS (both formats are seen in the wild, docs/upstream.md#cms-signature-auth-v2).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/;

export interface SignedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  authorization: string | undefined;
}

export type CmsVerdict = { ok: true } | { ok: false; reason: string };

/** Verifies an auth-v2 Authorization with the same code the client signs with (src/auth/cms-signature.ts). */
export function verifyCmsSignature(
  credentials: CmsCredentials,
  request: SignedRequest,
  now: number,
): CmsVerdict {
  if (!request.authorization) return { ok: false, reason: 'missing Authorization' };
  if (/^bearer\s/i.test(request.authorization)) {
    return { ok: false, reason: 'Bearer tokens are not accepted by CC-CMS; sign with auth-v2' };
  }
  const parsed = parseCmsAuthorization(request.authorization);
  if (!parsed) return { ok: false, reason: 'Authorization is not an auth-v2 string' };
  if (parsed.accessKey !== credentials.accessKey) return { ok: false, reason: 'unknown access key' };
  const signedAt = parseTimestamp(parsed.timestamp);
  if (signedAt === null) return { ok: false, reason: 'malformed signature timestamp' };
  if (Math.abs(now - signedAt) > MAX_SIGNATURE_SKEW_MS) return { ok: false, reason: 'stale timestamp' };
  if (!parsed.signedHeaders.includes('host')) return { ok: false, reason: 'host must be a signed header' };

  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return { ok: false, reason: `signed header ${name} is missing` };
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const expected = signWithTimestamp(
    credentials,
    {
      method: request.method,
      path: request.path,
      query: Object.fromEntries(request.query),
      headers,
      body: request.rawBody.toString('utf8'),
    },
    parsed.timestamp,
  );
  // signWithTimestamp sorts header names; a client that listed them unsorted signed a different prefix.
  const given = Buffer.from(request.authorization.trim());
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}

function parseTimestamp(value: string): number | null {
  const match = TIMESTAMP.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms] = match;
  const epoch = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms ?? 0),
  );
  return Number.isNaN(epoch) ? null : epoch;
}
