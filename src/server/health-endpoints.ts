import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { Readiness } from './readiness.js';

export const HEALTH_PATH = '/health';
export const READY_PATH = '/ready';

/**
 * GET /health: liveness, answered by the process alone (no upstream call), so an orchestrator restarts
 * only a process that cannot answer at all. GET /ready: readiness (see readiness.ts), 200 or 503 with
 * the checks in the body. Both come before client authentication: probes carry no token.
 */
export function useHealthEndpoints(readiness: Readiness, logger: Logger): Plugin {
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== HEALTH_PATH && url.pathname !== READY_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(json(fetchAPI, 405, { status: 'method_not_allowed' }, { allow: 'GET, HEAD' }));
        return;
      }
      if (url.pathname === HEALTH_PATH) {
        endResponse(json(fetchAPI, 200, { status: 'ok' }));
        return;
      }
      // onRequest's rejections are not caught by the server adapter: a failure here must still answer.
      return readiness.report().then(
        (report) => endResponse(json(fetchAPI, report.status === 'ready' ? 200 : 503, report)),
        (error: unknown) => {
          logger.error('readiness report failed', { error });
          endResponse(json(fetchAPI, 503, { status: 'unavailable', checks: [] }));
        },
      );
    },
  };
}

function json(
  fetchAPI: { Response: typeof Response },
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify(body), {
    status,
    // A cached probe answer would hide a change of state from the orchestrator.
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}
