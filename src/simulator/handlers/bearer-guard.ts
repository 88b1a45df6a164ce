import { type JsonObject, parseJsonObject } from '../http/fields.js';
import { type Reply, springError } from '../http/reply.js';
import { type EndpointRequest, type HandlerContext, headerValue } from './context.js';

const BEARER = /^Bearer (\S+)$/;

/**
 * The API Fabric gateway's bearer-token check in front of every /apiaccess interface: a live Bearer token, and an
 * X-APP-Key equal to the token's app key where sent (mandatory only where the page says so).
 * Returns the 401 to send, or null to let the request through.
 */
function rejectUnlessBearer(
  context: HandlerContext,
  request: EndpointRequest,
  options: { appKeyRequired: boolean },
): Reply | null {
  const now = context.clock.now();
  const deny = (message: string) => springError(401, message, request.path, now);
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) return deny('Missing Authorization header');
  const match = BEARER.exec(authorization.trim());
  if (!match?.[1]) return deny('Authorization must be "Bearer <AccessToken>"');
  const check = context.tokens.check(match[1]);
  if (!check.ok) return deny(check.reason === 'expired' ? 'Access token expired' : 'Unknown access token');
  const appKey = headerValue(request.headers, 'x-app-key');
  if (appKey === undefined || appKey === '') {
    return options.appKeyRequired ? deny('X-APP-Key header is mandatory for this interface') : null;
  }
  if (appKey !== check.token.appKey) return deny('X-APP-Key does not match the access token');
  return null;
}

/** The bearer check, then the JSON object body: what every /apiaccess handler starts with. */
export function readBearerRequest(
  context: HandlerContext,
  request: EndpointRequest,
  options: { appKeyRequired: boolean },
): { ok: true; body: JsonObject } | { ok: false; reply: Reply } {
  const denied = rejectUnlessBearer(context, request, options);
  if (denied) return { ok: false, reply: denied };
  const body = parseJsonObject(request.rawBody);
  if (!body.ok)
    return { ok: false, reply: springError(400, body.message, request.path, context.clock.now()) };
  return { ok: true, body: body.value };
}
