import { request } from 'undici';
import type { EndpointCounts, FaultSpec, RequestLogEntry } from './control/control.js';

/** Typed client for a simulator's /__simulator control surface, e.g. one started with `npm run simulator`. */
export interface SimulatorControlClient {
  counts(): Promise<EndpointCounts>;
  requests(): Promise<RequestLogEntry[]>;
  faults(): Promise<FaultSpec[]>;
  addFault(fault: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  revokeTokens(): Promise<number>;
  reset(): Promise<void>;
  now(): Promise<number>;
  /** Fails with status 409 when the simulator runs on an injected clock. */
  setNow(epochMs: number): Promise<void>;
}

export class SimulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`Simulator control call failed with HTTP ${status}: ${body}`);
  }
}

export function createControlClient(baseUrl: string): SimulatorControlClient {
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<unknown> => {
    const res = await request(new URL(`/__simulator${path}`, baseUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new SimulatorControlError(res.statusCode, text);
    return text === '' ? undefined : JSON.parse(text);
  };
  return {
    counts: async () => ((await call('GET', '/counts')) as { counts: EndpointCounts }).counts,
    requests: async () => (await call('GET', '/requests')) as RequestLogEntry[],
    faults: async () => ((await call('GET', '/faults')) as { faults: FaultSpec[] }).faults,
    addFault: async (fault) => {
      await call('POST', '/faults', fault);
    },
    clearFaults: async () => {
      await call('DELETE', '/faults');
    },
    revokeTokens: async () => ((await call('POST', '/tokens/revoke')) as { revoked: number }).revoked,
    reset: async () => {
      await call('POST', '/reset');
    },
    now: async () => ((await call('GET', '/clock')) as { now: number }).now,
    setNow: async (epochMs) => {
      await call('PUT', '/clock', { now: epochMs });
    },
  };
}
