import { createHash, timingSafeEqual } from 'node:crypto';
import { parseJsonObject, readText } from '../http/fields.js';
import { jsonReply, type Reply, springError } from '../http/reply.js';
import { type EndpointHandler, type HandlerContext, headerValue } from './context.js';

/** X-Token-Expire: vendor maximum, and the simulator's choice when the header is absent (README). */
const MAX_TOKEN_TTL_SECONDS = 3600;
const DEFAULT_TOKEN_TTL_SECONDS = 600;

/** POST /apigovernance/api/oauth/tokenByAkSk (bearer token). */
export function tokenHandler(context: HandlerContext): EndpointHandler {
  const { credentials } = context;
  // The vendor's Scope is an opaque 32-character value; derive one stable per app key.
  const scope = createHash('sha256').update(credentials.appKey).digest('hex').slice(0, 32);
  return (request) => {
    const now = context.clock.now();
    const body = parseJsonObject(request.rawBody);
    if (!body.ok) return springError(400, body.message, request.path, now);
    const appKey = readText(body.value.app_key);
    const appSecret = readText(body.value.app_secret);
    if (appKey.kind !== 'ok' || appSecret.kind !== 'ok') {
      return springError(400, 'app_key and app_secret are mandatory strings', request.path, now);
    }
    if (appKey.value !== credentials.appKey || !sameSecret(appSecret.value, credentials.appSecret)) {
      return springError(401, 'Invalid app_key or app_secret', request.path, now);
    }
    const ttl = requestedTtl(headerValue(request.headers, 'x-token-expire'));
    if (ttl === null) {
      return springError(400, `X-Token-Expire must be an integer number of seconds >= 1`, request.path, now);
    }
    const token = context.tokens.issue(appKey.value, ttl);
    return tokenReply(token.accessToken, token.createdAt, ttl, scope, appKey.value);
  };
}

/** Absent or blank: the default; above the maximum: capped (README); not a positive integer: null. */
function requestedTtl(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return DEFAULT_TOKEN_TTL_SECONDS;
  const text = header.trim();
  if (!/^\d{1,9}$/.test(text)) return null;
  const seconds = Number(text);
  if (seconds < 1) return null;
  return Math.min(seconds, MAX_TOKEN_TTL_SECONDS);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenReply(
  accessToken: string,
  createdAt: number,
  ttl: number,
  scope: string,
  appKey: string,
): Reply {
  // Every field is a string, PascalCase, in the documented order (docs/upstream.md#bearer-tokens-tokenbyaksk).
  return jsonReply(200, {
    AccessToken: accessToken,
    ApplyType: 'Bearer',
    CreateTime: String(Math.floor(createdAt / 1000)),
    Expires: String(ttl),
    Scope: scope,
    AppKey: appKey,
    UserID: 'Anonymous',
  });
}
