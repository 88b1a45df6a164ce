import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ControlState } from './control/control.js';
import type { FaultSpec } from './control/faults.js';
import { legacyShape } from './control/legacy-shapes.js';
import { CONTROL_PREFIX, controlRoutes } from './control/routes.js';
import { type EndpointName, endpointForPath } from './endpoints.js';
import type { EndpointHandler, EndpointRequest, HandlerContext } from './handlers/context.js';
import { type Reply, springError } from './http/reply.js';

const MAX_BODY_BYTES = 1024 * 1024;
const EMPTY_QUERY = new URLSearchParams();

export interface ServerParts {
  context: HandlerContext;
  control: ControlState;
  handlers: Readonly<Record<EndpointName, EndpointHandler>>;
}

export interface SimulatorServer {
  server: Server;
  /** Cancels pending latency timers so close() does not wait for them. */
  cancelTimers(): void;
}

/** The HTTP front: routing, body reading, counting, logging and fault injection around the handlers. */
export function createSimulatorServer(parts: ServerParts): SimulatorServer {
  const { context, control, handlers } = parts;
  const answerControl = controlRoutes(control);
  const timers = new Set<NodeJS.Timeout>();

  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    endpoint: EndpointName,
    request: EndpointRequest,
  ) => {
    const fault = control.faultTable.take(endpoint);
    const finish = (status: number) =>
      control.log.record({
        at: context.clock.now(),
        endpoint,
        method: request.method,
        path: request.path,
        status,
        rawBody: request.rawBody,
      });
    const answer = () => {
      if (fault?.drop) {
        req.socket.destroy();
        finish(0);
        return;
      }
      const run = () => guarded(() => handlers[endpoint](request), request.path, context);
      const reply = fault ? faultReply(fault, endpoint, run, request.path, context) : run();
      send(res, reply);
      finish(reply.status);
    };
    if (fault?.latencyMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, fault.latencyMs);
      timers.add(timer);
    } else {
      answer();
    }
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const method = req.method ?? 'GET';
    const now = context.clock.now();
    if (path.startsWith(`${CONTROL_PREFIX}/`)) {
      readBody(req, res, path, now, (raw) =>
        send(
          res,
          guarded(() => answerControl(method, path, raw), path, context),
        ),
      );
      return;
    }
    const endpoint = endpointForPath(path);
    if (!endpoint) {
      send(res, springError(404, 'No handler found for this path', path, now));
      return;
    }
    control.count(endpoint);
    if (method !== 'POST') {
      send(res, {
        ...springError(405, `Request method '${method}' not supported`, path, now),
        headers: { allow: 'POST' },
      });
      control.log.record({ at: now, endpoint, method, path, status: 405, rawBody: Buffer.alloc(0) });
      return;
    }
    readBody(req, res, path, now, (rawBody) => {
      const query = queryAt === -1 ? EMPTY_QUERY : new URLSearchParams(url.slice(queryAt + 1));
      const remoteAddress = req.socket.remoteAddress ?? 'unknown';
      serve(req, res, endpoint, { method, path, query, headers: req.headers, rawBody, remoteAddress });
    });
  });

  return {
    server,
    cancelTimers: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** A handler bug must not kill the process; it is the only way the simulator answers 500 on its own. */
function guarded(handle: () => Reply, path: string, context: HandlerContext): Reply {
  try {
    return handle();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return springError(500, `Simulator error: ${message}`, path, context.clock.now());
  }
}

/** What an injected fault answers: an HTTP status and/or a broken body, around or instead of the real reply. */
function faultReply(
  fault: FaultSpec,
  endpoint: EndpointName,
  real: () => Reply,
  path: string,
  context: HandlerContext,
): Reply {
  const base = fault.status ? springError(fault.status, 'Injected fault', path, context.clock.now()) : real();
  const headers = { ...base.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  let body = base.body;
  if (fault.shape === 'legacy') body = legacyShape(endpoint, base.body.toString());
  if (fault.body === 'malformed') body = '<html><body>502 Bad Gateway</body></html> {"returnCode":';
  if (fault.body === 'truncated') {
    const whole = base.body.toString();
    body = whole.slice(0, Math.max(1, Math.floor(whole.length / 2)));
  }
  return { status: base.status, body, headers };
}

function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  now: number,
  then: (raw: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) {
      send(res, springError(413, 'Request body too large', path, now));
      return;
    }
    then(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
  });
  req.on('error', () => req.socket.destroy());
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body.length > 0) {
    headers['content-type'] = 'application/json;charset=UTF-8';
    headers['content-length'] =
      typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.length;
  }
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
