import { describe, expect, it } from 'vitest';
import {
  createTokenProvider,
  TOKEN_ENDPOINT,
  type TokenProviderOptions,
} from '../../../src/auth/token-provider.js';
import { ManualClock } from '../../../src/clock.js';
import { createLogger } from '../../../src/logger.js';
import type { InboundResponse, OutboundRequest } from '../../../src/transport/http-transport.js';
import { UpstreamError } from '../../../src/transport/upstream-error.js';

const SECRET = 'app-secret-do-not-print';

/** A scripted stand-in for the transport: answers token calls from `reply`, counting them. */
function tokenEndpoint(reply: (n: number) => InboundResponse | Error | Promise<InboundResponse>) {
  const requests: OutboundRequest[] = [];
  return {
    requests,
    send: async (request: OutboundRequest): Promise<InboundResponse> => {
      requests.push(request);
      const answer = await reply(requests.length);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const tokenReply = (token: string, expires: unknown = '600'): InboundResponse => ({
  status: 200,
  headers: {},
  body: JSON.stringify({
    AccessToken: token,
    ApplyType: 'Bearer',
    CreateTime: '1545650171',
    Expires: expires,
  }),
});

function provider(
  endpoint: ReturnType<typeof tokenEndpoint>,
  clock: ManualClock,
  extra: Partial<TokenProviderOptions> = {},
) {
  const lines: string[] = [];
  const tokens = createTokenProvider({
    baseUrl: 'https://cec.example:28070/prefix/',
    appKey: 'the-app-key',
    appSecret: SECRET,
    ttlSeconds: 600,
    transport: endpoint,
    clock,
    logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
    ...extra,
  });
  return { tokens, lines };
}

describe('token provider', () => {
  it('sends the documented request', async () => {
    const endpoint = tokenEndpoint(() => tokenReply('t1'));
    const { tokens } = provider(endpoint, new ManualClock(0));
    await tokens.getToken();
    expect(endpoint.requests[0]).toEqual({
      endpoint: TOKEN_ENDPOINT,
      origin: 'https://cec.example:28070',
      path: '/prefix/apigovernance/api/oauth/tokenByAkSk',
      headers: { 'content-type': 'application/json', 'x-token-expire': '600' },
      body: JSON.stringify({ app_key: 'the-app-key', app_secret: SECRET }),
    });
  });

  it('makes one call for 200 concurrent requests at a cold start, then serves from cache', async () => {
    let release: (response: InboundResponse) => void = () => {};
    const endpoint = tokenEndpoint(
      () =>
        new Promise<InboundResponse>((resolve) => {
          release = resolve;
        }),
    );
    const { tokens } = provider(endpoint, new ManualClock(0));
    const all = Promise.all(Array.from({ length: 200 }, () => tokens.getToken()));
    await Promise.resolve();
    release(tokenReply('t1'));
    expect(new Set(await all)).toEqual(new Set(['t1']));
    expect(await tokens.getToken()).toBe('t1');
    expect(endpoint.requests).toHaveLength(1);
  });

  it('refreshes ahead of expiry in the background and on expiry in the foreground', async () => {
    const clock = new ManualClock(0);
    const endpoint = tokenEndpoint((n) => tokenReply(`t${n}`));
    const { tokens } = provider(endpoint, clock);
    expect(await tokens.getToken()).toBe('t1');
    clock.advance(545_000); // inside the last 60 s: still valid, refresh starts
    expect(await tokens.getToken()).toBe('t1');
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await tokens.getToken()).toBe('t2');
    expect(endpoint.requests).toHaveLength(2);
    clock.advance(700_000); // past t2's expiry
    expect(await tokens.getToken()).toBe('t3');
    expect(endpoint.requests).toHaveLength(3);
  });

  it('falls back to the requested TTL when Expires is missing or not a number', async () => {
    for (const expires of [undefined, 'soon', '', null]) {
      const clock = new ManualClock(0);
      const endpoint = tokenEndpoint((n) => tokenReply(`t${n}`, expires));
      const { tokens } = provider(endpoint, clock, { refreshAheadMs: 0 });
      await tokens.getToken();
      clock.advance(599_999);
      expect(await tokens.getToken()).toBe('t1');
      clock.advance(1);
      expect(await tokens.getToken()).toBe('t2');
    }
  });

  it('honours a shorter Expires from the reply', async () => {
    const clock = new ManualClock(0);
    const endpoint = tokenEndpoint((n) => tokenReply(`t${n}`, '120'));
    const { tokens } = provider(endpoint, clock, { refreshAheadMs: 0 });
    await tokens.getToken();
    clock.advance(120_000);
    expect(await tokens.getToken()).toBe('t2');
  });

  it('invalidate drops only the given token', async () => {
    const endpoint = tokenEndpoint((n) => tokenReply(`t${n}`));
    const { tokens } = provider(endpoint, new ManualClock(0));
    await tokens.getToken();
    tokens.invalidate('some-other-token');
    expect(await tokens.getToken()).toBe('t1');
    tokens.invalidate('t1');
    expect(await tokens.getToken()).toBe('t2');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('fails with UPSTREAM_AUTH_FAILED and fails fast inside the backoff window', async () => {
    const clock = new ManualClock(0);
    const endpoint = tokenEndpoint((n) =>
      n <= 2 ? { status: 403, headers: {}, body: '{"message":"forbidden"}' } : tokenReply('t3'),
    );
    const { tokens, lines } = provider(endpoint, clock, { failureBackoffMs: 1_000 });
    const first = await tokens.getToken().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(UpstreamError);
    expect((first as UpstreamError).code).toBe('UPSTREAM_AUTH_FAILED');
    expect((first as UpstreamError).httpStatus).toBe(403);
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED' });
    expect(endpoint.requests).toHaveLength(1);
    clock.advance(1_000);
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED' });
    expect(endpoint.requests).toHaveLength(2);
    clock.advance(1_999); // the window doubled
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED' });
    expect(endpoint.requests).toHaveLength(2);
    clock.advance(1);
    expect(await tokens.getToken()).toBe('t3');
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(`${(first as Error).message} ${JSON.stringify(first)}`).not.toContain(SECRET);
  });

  it('wraps transport failures and replies without a token as UPSTREAM_AUTH_FAILED', async () => {
    const unavailable = new UpstreamError('UPSTREAM_UNAVAILABLE', 'tokenByAkSk: cannot connect', {
      endpoint: TOKEN_ENDPOINT.name,
    });
    const down = provider(
      tokenEndpoint(() => unavailable),
      new ManualClock(0),
    ).tokens;
    await expect(down.getToken()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', cause: unavailable });
    const empty = provider(
      tokenEndpoint(() => ({ status: 200, headers: {}, body: '{"Expires":"600"}' })),
      new ManualClock(0),
    );
    await expect(empty.tokens.getToken()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED' });
  });

  it('keeps serving a still-valid token when a background refresh fails', async () => {
    const clock = new ManualClock(0);
    const endpoint = tokenEndpoint((n) =>
      n === 1 ? tokenReply('t1') : { status: 500, headers: {}, body: '' },
    );
    const { tokens } = provider(endpoint, clock);
    await tokens.getToken();
    clock.advance(550_000);
    expect(await tokens.getToken()).toBe('t1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await tokens.getToken()).toBe('t1');
  });
});
