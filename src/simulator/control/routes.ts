import { z } from 'zod';
import { parseJsonObject } from '../http/fields.js';
import { jsonReply, type Reply, springError } from '../http/reply.js';
import { ClockNotAdjustableError, type ControlState } from './control.js';
import { faultSpecSchema } from './faults.js';

export const CONTROL_PREFIX = '/__simulator';

const clockSchema = z.object({ now: z.number().int().nonnegative() }).strict();
const NO_CONTENT: Reply = { status: 204, body: '' };

type RouteHandler = (rawBody: Buffer) => Reply;

/** The unauthenticated control surface; see README "Control surface". */
export function controlRoutes(
  control: ControlState,
): (method: string, path: string, rawBody: Buffer) => Reply {
  const routes: Record<string, Partial<Record<string, RouteHandler>>> = {
    '/counts': { GET: () => jsonReply(200, { counts: control.counts() }) },
    '/requests': { GET: () => jsonReply(200, control.requests()) },
    '/faults': {
      GET: () => jsonReply(200, { faults: control.faults() }),
      POST: (raw) => {
        const parsed = parseBody(raw, faultSpecSchema);
        if (!parsed.ok) return parsed.reply;
        control.addFault(parsed.value);
        return jsonReply(201, { fault: parsed.value });
      },
      DELETE: () => {
        control.clearFaults();
        return NO_CONTENT;
      },
    },
    '/tokens/revoke': { POST: () => jsonReply(200, { revoked: control.revokeTokens() }) },
    '/reset': {
      POST: () => {
        control.reset();
        return NO_CONTENT;
      },
    },
    '/clock': {
      GET: () => jsonReply(200, { now: control.now() }),
      PUT: (raw) => {
        const parsed = parseBody(raw, clockSchema);
        if (!parsed.ok) return parsed.reply;
        try {
          control.setNow(parsed.value.now);
        } catch (error) {
          if (error instanceof ClockNotAdjustableError) return jsonReply(409, { error: error.message });
          throw error;
        }
        return jsonReply(200, { now: control.now() });
      },
    },
  };
  return (method, path, rawBody) => {
    const route = routes[path.slice(CONTROL_PREFIX.length)];
    if (!route) return springError(404, 'No such control route', path, control.now());
    const handler = route[method];
    if (!handler) {
      return {
        ...springError(405, `Method ${method} not allowed`, path, control.now()),
        headers: { allow: Object.keys(route).join(', ') },
      };
    }
    return handler(rawBody);
  };
}

function parseBody<T>(
  raw: Buffer,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; reply: Reply } {
  const body = parseJsonObject(raw);
  if (!body.ok) return { ok: false, reply: jsonReply(400, { error: body.message }) };
  const result = schema.safeParse(body.value);
  if (!result.success) {
    return {
      ok: false,
      reply: jsonReply(400, {
        error: 'Invalid request',
        issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      }),
    };
  }
  return { ok: true, value: result.data };
}
