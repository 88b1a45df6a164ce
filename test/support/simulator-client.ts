import { request } from 'undici';
import { signWithTimestamp } from '../../src/auth/cms-signature.js';
import type { Clock } from '../../src/clock.js';
import { ENDPOINT_PATHS, type EndpointName, type RunningSimulator } from '../../src/simulator/index.js';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Raw HTTP against the simulator, for tests of the vendor side itself (no client stack in between). */
export interface SimulatorClient {
  post(endpoint: EndpointName, body: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  raw(
    method: string,
    path: string,
    options?: { body?: string; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  /** A fresh bearer token via tokenByAkSk. */
  token(ttlHeader?: string): Promise<string>;
  /** Headers for a bearer-token call with a fresh token (and X-APP-Key). */
  bearer(): Promise<Record<string, string>>;
  /** Signs `body` (sent byte for byte) for querycalls with the simulator's CMS keys at `timestamp`. */
  signedQueryCalls(body: string, options?: { timestamp?: string; secretKey?: string }): Promise<HttpResult>;
}

export function createSimulatorClient(simulator: RunningSimulator, clock: Clock): SimulatorClient {
  const raw: SimulatorClient['raw'] = async (method, path, opts = {}) => {
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
  const post: SimulatorClient['post'] = (endpoint, body, headers) =>
    raw('POST', ENDPOINT_PATHS[endpoint], {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers,
    });
  const { credentials } = simulator;
  const token: SimulatorClient['token'] = async (ttlHeader) => {
    const res = await post(
      'tokenByAkSk',
      { app_key: credentials.appKey, app_secret: credentials.appSecret },
      ttlHeader === undefined ? {} : { 'x-token-expire': ttlHeader },
    );
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    return (res.json as { AccessToken: string }).AccessToken;
  };
  return {
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
  };
}
