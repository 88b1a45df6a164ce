import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { MetricsSource } from '../telemetry/metrics-source.js';

/**
 * `GET /metrics` in the Prometheus text format, on the GraphQL port (when METRICS_PORT is unset). It
 * answers in onRequest, before client authentication: scrapers send no token, and the families carry
 * no data a client could not see (README "Metrics" says how to keep the port internal).
 */
export function useMetricsRoute(source: MetricsSource, logger: Logger, path = '/metrics'): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      if (request.method !== 'GET') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET' } }));
        return;
      }
      // onRequest's rejections are not caught by the server adapter: a failed read (under node:cluster,
      // the primary's sum over IPC) must still answer, and a scraper retries a 503.
      try {
        const text = await source.read();
        endResponse(new fetchAPI.Response(text, { headers: { 'content-type': source.contentType } }));
      } catch (error) {
        logger.warn('/metrics could not be read', { error });
        endResponse(new fetchAPI.Response(null, { status: 503 }));
      }
    },
  };
}
