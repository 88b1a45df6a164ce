import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { defineEndpoint } from '../transport/endpoint.js';
import { UpstreamError } from '../transport/upstream-error.js';
import type { UpstreamObserver } from '../transport/upstream-observer.js';
import { upstreamTarget } from '../transport/upstream-target.js';
import type { UpstreamTransport } from '../transport/upstream-transport.js';

/**
 * Bearer tokens ("API Fabric") from tokenByAkSk: cached, refreshed ahead of expiry, fetched by at most
 * one call at a time however many requests need one, and not hammered while the endpoint is failing.
 * The app secret and the tokens live in this closure only; callers see the app key and token strings.
 */
export interface TokenProvider {
  /** The app key, sent as `X-APP-Key` (an identifier, not a secret). */
  readonly appKey: string;
  /** A token valid now. Rejects with `UPSTREAM_AUTH_FAILED` when none can be had. */
  getToken(): Promise<string>;
  /** Forgets `token` (e.g. after a 401); a token obtained meanwhile is kept. */
  invalidate(token: string): void;
}

export interface TokenProviderOptions {
  /** Base URL of the host serving /apigovernance (the /apiaccess host). */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** Requested lifetime (`X-Token-Expire`), 60..3600 seconds. */
  ttlSeconds: number;
  transport: Pick<UpstreamTransport, 'send'>;
  clock: Clock;
  logger: Logger;
  /** Told how each token fetch ended (metrics). */
  observer?: Pick<UpstreamObserver, 'tokenFetched'>;
  /** Refresh this long before expiry. Default: a fifth of the lifetime, at most 60 s. */
  refreshAheadMs?: number;
  /** After a failed token call, further calls fail fast for this long, doubling per failure. */
  failureBackoffMs?: number;
  failureBackoffMaxMs?: number;
}

/** Issuing a token twice is harmless, so it may be retried like a read. */
export const TOKEN_ENDPOINT = defineEndpoint({
  name: 'tokenByAkSk',
  host: 'cec',
  path: '/apigovernance/api/oauth/tokenByAkSk',
  auth: 'none',
  repeatSafe: true,
});

const tokenReply = z.object({
  AccessToken: z.string().min(1),
  Expires: z.unknown(),
});

interface CachedToken {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { appKey, clock, transport } = options;
  const logger = options.logger.child({ component: 'token-provider' });
  const target = upstreamTarget(options.baseUrl, TOKEN_ENDPOINT.path);
  // Serialised once: the secret is only ever in this request body, never in logs or errors.
  const requestBody = JSON.stringify({ app_key: appKey, app_secret: options.appSecret });
  const backoffBase = options.failureBackoffMs ?? 1_000;
  const backoffMax = options.failureBackoffMaxMs ?? 30_000;

  let current: CachedToken | null = null;
  let inflight: Promise<string> | null = null;
  let failure: { error: UpstreamError; until: number; count: number } | null = null;

  async function fetchToken(): Promise<CachedToken> {
    // The lifetime counts from the request, not the reply: a slow or retried call must not overshoot.
    const requestedAt = clock.now();
    const response = await transport.send({
      endpoint: TOKEN_ENDPOINT,
      origin: target.origin,
      path: target.path,
      headers: {
        'content-type': 'application/json',
        'x-token-expire': String(options.ttlSeconds),
      },
      body: requestBody,
    });
    if (response.status !== 200) {
      throw authFailed(`tokenByAkSk answered HTTP ${response.status}`, { httpStatus: response.status });
    }
    const parsed = tokenReply.safeParse(parseJson(response.body));
    if (!parsed.success) throw authFailed('tokenByAkSk reply has no AccessToken', { httpStatus: 200 });
    const lifetimeMs = expiresSeconds(parsed.data.Expires, options.ttlSeconds) * 1000;
    const ahead = options.refreshAheadMs ?? Math.min(60_000, lifetimeMs / 5);
    logger.info('upstream token issued', { expiresInSeconds: lifetimeMs / 1000 });
    return {
      token: parsed.data.AccessToken,
      expiresAt: requestedAt + lifetimeMs,
      refreshAt: requestedAt + lifetimeMs - ahead,
    };
  }

  function refresh(): Promise<string> {
    if (inflight) return inflight;
    if (failure && clock.now() < failure.until) return Promise.reject(failure.error);
    // Every operation waiting for a token shares this fetch: it is sent without an operation, so it
    // neither counts against nor is aborted with the one that happened to start it.
    inflight = fetchToken()
      .then((fresh) => {
        current = fresh;
        failure = null;
        options.observer?.tokenFetched('issued');
        return fresh.token;
      })
      .catch((error: unknown) => {
        const count = (failure?.count ?? 0) + 1;
        const wrapped =
          error instanceof UpstreamError && error.code === 'UPSTREAM_AUTH_FAILED'
            ? error
            : authFailed(`tokenByAkSk failed: ${error instanceof Error ? error.message : 'unknown error'}`, {
                cause: error,
              });
        const waitMs = Math.min(backoffMax, backoffBase * 2 ** (count - 1));
        failure = { error: wrapped, until: clock.now() + waitMs, count };
        options.observer?.tokenFetched('failed');
        logger.warn('upstream token call failed', {
          failures: count,
          backoffMs: waitMs,
          reason: wrapped.message,
        });
        throw wrapped;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  return {
    appKey,
    getToken() {
      const now = clock.now();
      if (current && now < current.expiresAt) {
        // Still valid: refresh in the background once due, and keep serving the current token meanwhile.
        if (now >= current.refreshAt) refresh().catch(() => {});
        return Promise.resolve(current.token);
      }
      return refresh();
    },
    invalidate(token) {
      if (current?.token === token) current = null;
    },
  };
}

function authFailed(message: string, details: { httpStatus?: number; cause?: unknown }): UpstreamError {
  return new UpstreamError('UPSTREAM_AUTH_FAILED', message, { endpoint: TOKEN_ENDPOINT.name, ...details });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Expires` is documented as a string of seconds; fall back to what we asked for when it is not usable. */
function expiresSeconds(value: unknown, requested: number): number {
  const seconds =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : requested;
}
