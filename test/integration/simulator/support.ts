import { request } from 'undici';
import { signWithTimestamp } from '../../../src/auth/cms-signature.js';
import { ManualClock } from '../../../src/clock.js';
import {
  ENDPOINT_PATHS,
  type EndpointName,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '../../../src/simulator/index.js';

/** 2024-10-31T14:06:52Z: the instant of the NOTES.md B.3 vector, so that vector is fresh at "now". */
export const TEST_NOW = Date.UTC(2024, 9, 31, 14, 6, 52);

export interface SimulatorHarness {
  simulator: RunningSimulator;
  clock: ManualClock;
  post(endpoint: EndpointName, body: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  raw(
    method: string,
    path: string,
    options?: { body?: string; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  /** A fresh C1 token via tokenByAkSk. */
  token(ttlHeader?: string): Promise<string>;
  /** Headers for a C1 call with a fresh token (and X-APP-Key). */
  bearer(): Promise<Record<string, string>>;
  /** Signs `body` (sent byte for byte) for querycalls with the simulator's CMS keys at `timestamp`. */
  signedQueryCalls(body: string, options?: { timestamp?: string; secretKey?: string }): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<SimulatorHarness> {
  const clock = new ManualClock(TEST_NOW);
  const simulator = await startSimulator({ clock, ...options });
  const raw: SimulatorHarness['raw'] = async (method, path, opts = {}) => {
    const res = await request(`${simulator.url}${path}`, {
      method: method as 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: opts.body,
    });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  };
  const post: SimulatorHarness['post'] = (endpoint, body, headers) =>
    raw('POST', ENDPOINT_PATHS[endpoint], {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers,
    });
  const { credentials } = simulator;
  const token: SimulatorHarness['token'] = async (ttlHeader) => {
    const res = await post(
      'tokenByAkSk',
      { app_key: credentials.appKey, app_secret: credentials.appSecret },
      ttlHeader === undefined ? {} : { 'x-token-expire': ttlHeader },
    );
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    return (res.json as { AccessToken: string }).AccessToken;
  };
  return {
    simulator,
    clock,
    post,
    raw,
    token,
    bearer: async () => ({ authorization: `Bearer ${await token()}`, 'x-app-key': credentials.appKey }),
    signedQueryCalls: (body, opts = {}) => {
      const authorization = signWithTimestamp(
        { accessKey: credentials.cmsAccessKey, secretKey: opts.secretKey ?? credentials.cmsSecretKey },
        {
          method: 'POST',
          path: ENDPOINT_PATHS.querycalls,
          headers: { host: new URL(simulator.url).host },
          body,
        },
        opts.timestamp ?? `${new Date(clock.now()).toISOString().slice(0, 19)}Z`,
      );
      return post('querycalls', body, { authorization, 'content-type': 'application/json;charset=UTF-8' });
    },
    close: () => simulator.close(),
  };
}

/** A JSON value's shape: key names and primitive types, recursively (arrays by their first element). */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
}
