import type { AuthenticatedClient } from '../auth/authenticated-client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { UpstreamError } from '../transport/upstream-error.js';
import { encodeCallRecordQuery, QUERY_CALLS } from './call-records.js';

/** A named check of one upstream dependency; the app's readiness runs them (same shape as ReadinessCheck). */
export interface UpstreamProbe {
  readonly name: string;
  check(): Promise<void>;
}

/** How far back the CC-CMS probe looks: one row of the last minute is as cheap as querycalls gets. */
const PROBE_RANGE_MS = 60_000;

/**
 * Readiness probes of the vendor side, through the same client the datasources use, so that they share
 * its token cache and CC-CMS admission: a failing token endpoint is not hammered (the provider's
 * back-off), and a refused signature holds probes back like any other call (cms-admission.ts), so
 * probes can never get the address locked. They run outside any operation: no GraphQL call budget.
 */
export function createUpstreamProbes(options: {
  client: AuthenticatedClient;
  config: Config;
  clock: Clock;
}): UpstreamProbe[] {
  const { client, config, clock } = options;
  return [
    { name: 'cecToken', check: () => client.checkToken() },
    {
      name: 'ccCms',
      check: async () => {
        const now = clock.now();
        const body = encodeCallRecordQuery({
          ccId: config.callRecords.defaultCcId,
          vdn: 1,
          direction: 'INBOUND',
          from: now - PROBE_RANGE_MS,
          to: now,
          limit: 1,
          offset: 0,
        });
        // The client rejects 401/403 itself. Any 2xx proves the signature was accepted, whatever the
        // business result (the probe's VDN need not exist on the tenant).
        const response = await client.post(QUERY_CALLS, body, undefined);
        if (response.status < 200 || response.status > 299) {
          throw new UpstreamError(
            response.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_REJECTED',
            `${QUERY_CALLS.name} answered HTTP ${response.status}`,
            { endpoint: QUERY_CALLS.name, httpStatus: response.status },
          );
        }
      },
    },
  ];
}
