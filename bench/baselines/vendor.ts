/**
 * The vendor calls the baselines make, written the way a developer would in an afternoon: one undici pool
 * per origin with the settings our transport uses (src/transport/http-transport.ts with the configuration
 * defaults), a bearer token fetched once and cached until it expires, querycalls signed with our own
 * auth-v2 signer. No retries, no breaker, no decoding beyond JSON.parse: the floor our server is compared to.
 */
import { Pool } from 'undici';
import { signCmsRequest } from '../../src/auth/cms-signature.js';
import { loadConfig } from '../../src/config.js';
import type {
  AccessCodeListReply,
  CalledInfoReply,
  CreateCallReply,
  QueryCallsReply,
  QueryPhoneReply,
} from './mapping.js';

export interface VendorSettings {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  cmsAccessKey: string;
  cmsSecretKey: string;
}

/** Reads the baseline's vendor settings from the environment the bench gives its children. */
export function vendorSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): VendorSettings {
  const read = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  return {
    baseUrl: read('CEC_BASE_URL'),
    appKey: read('CEC_APP_KEY'),
    appSecret: read('CEC_APP_SECRET'),
    cmsAccessKey: read('CMS_ACCESS_KEY'),
    cmsSecretKey: read('CMS_SECRET_KEY'),
  };
}

export const PATHS = {
  token: '/apigovernance/api/oauth/tokenByAkSk',
  accessCodes: '/apiaccess/rest/cc-management/v1/accessCodeInfo/queryAccessCodeList',
  phones: '/apiaccess/CC-Management/v2/mobileAgent/queryPhone',
  calledInfo: '/apiaccess/CC-Management/v1/mobileAgent/getCalledInfo',
  createCall: '/apiaccess/ccmessaging/v1/mobileagent/createcall',
  queryCalls: '/rest/cmsapp/v2/openapi/vdn/querycalls',
} as const;

export interface Vendor {
  accessCodes(body: { limit: number; offset: number }): Promise<AccessCodeListReply>;
  phones(body: { limit: string; offset: string }): Promise<QueryPhoneReply>;
  calledInfo(body: { caller: string; called: string }): Promise<CalledInfoReply>;
  createCall(body: { called: string; callerPresent?: string }): Promise<CreateCallReply>;
  queryCalls(body: Record<string, unknown>): Promise<QueryCallsReply>;
  close(): Promise<void>;
}

export function createVendor(settings: VendorSettings): Vendor {
  const transport = loadConfig({}).transport;
  const base = new URL(settings.baseUrl);
  const pool = new Pool(base.origin, {
    connections: transport.maxConnections,
    connectTimeout: transport.connectTimeoutMs,
    headersTimeout: transport.requestTimeoutMs,
    bodyTimeout: transport.requestTimeoutMs,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  });

  // The documented reply shape is trusted, as plain code would.
  const post = async <T>(path: string, headers: Record<string, string>, body: string): Promise<T> => {
    const res = await pool.request({ method: 'POST', path, headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode}`);
    return JSON.parse(text) as T;
  };

  let token: { value: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  const bearer = async (): Promise<string> => {
    if (token && Date.now() < token.expiresAt) return token.value;
    pending ??= post<{ AccessToken: string; Expires: string }>(
      PATHS.token,
      { 'content-type': 'application/json', 'x-token-expire': '600' },
      JSON.stringify({ app_key: settings.appKey, app_secret: settings.appSecret }),
    )
      .then((reply) => {
        token = { value: reply.AccessToken, expiresAt: Date.now() + (Number(reply.Expires) - 60) * 1000 };
        return reply.AccessToken;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  const withToken = async <T>(path: string, payload: unknown): Promise<T> =>
    post<T>(
      path,
      {
        'content-type': 'application/json',
        'x-app-key': settings.appKey,
        authorization: `Bearer ${await bearer()}`,
      },
      JSON.stringify(payload),
    );

  return {
    accessCodes: (body) => withToken(PATHS.accessCodes, body),
    phones: (body) => withToken(PATHS.phones, body),
    calledInfo: (body) => withToken(PATHS.calledInfo, body),
    createCall: (body) => withToken(PATHS.createCall, body),
    queryCalls: (payload) => {
      const body = JSON.stringify(payload);
      const authorization = signCmsRequest(
        { accessKey: settings.cmsAccessKey, secretKey: settings.cmsSecretKey },
        { method: 'POST', path: PATHS.queryCalls, headers: { host: base.host }, body },
        Date.now(),
      );
      return post<QueryCallsReply>(
        PATHS.queryCalls,
        { host: base.host, 'content-type': 'application/json; charset=UTF-8', authorization },
        body,
      );
    },
    close: () => pool.close(),
  };
}
