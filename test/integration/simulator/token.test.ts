import { describe, expect, it } from 'vitest';
import type { EndpointName } from '../../../src/simulator/index.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, resetEach: true, rewindEach: true });

const goodBody = () => ({
  app_key: h.simulator.credentials.appKey,
  app_secret: h.simulator.credentials.appSecret,
});

describe('tokenByAkSk', () => {
  it('issues an all-string PascalCase token reply with the requested TTL', async () => {
    const res = await h.post('tokenByAkSk', goodBody(), { 'x-token-expire': '900' });
    expect(res.status).toBe(200);
    const body = res.json as Record<string, string>;
    expect(Object.keys(body)).toEqual([
      'AccessToken',
      'ApplyType',
      'CreateTime',
      'Expires',
      'Scope',
      'AppKey',
      'UserID',
    ]);
    for (const value of Object.values(body)) expect(typeof value).toBe('string');
    expect(body).toMatchObject({
      ApplyType: 'Bearer',
      CreateTime: String(B3_VECTOR_NOW / 1000),
      Expires: '900',
      AppKey: 'demo-app-key',
      UserID: 'Anonymous',
    });
    expect(body.AccessToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('defaults to 600 s without X-Token-Expire (or with a blank one) and caps above 3600', async () => {
    expect(((await h.post('tokenByAkSk', goodBody())).json as { Expires: string }).Expires).toBe('600');
    const blank = await h.post('tokenByAkSk', goodBody(), { 'x-token-expire': ' ' });
    expect((blank.json as { Expires: string }).Expires).toBe('600');
    const capped = await h.post('tokenByAkSk', goodBody(), { 'x-token-expire': '7200' });
    expect((capped.json as { Expires: string }).Expires).toBe('3600');
  });

  it('rejects a non-numeric or zero X-Token-Expire with 400', async () => {
    for (const value of ['abc', '0', '-5', '1.5']) {
      expect((await h.post('tokenByAkSk', goodBody(), { 'x-token-expire': value })).status).toBe(400);
    }
  });

  it('issues distinct, unguessable tokens', async () => {
    const tokens = new Set(await Promise.all(Array.from({ length: 20 }, () => h.token())));
    expect(tokens.size).toBe(20);
  });

  it('answers 401 for a wrong key or secret and 400 for missing fields or malformed JSON', async () => {
    const wrongSecret = await h.post('tokenByAkSk', { ...goodBody(), app_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json).toMatchObject({ status: 401, error: 'Unauthorized' });
    expect((await h.post('tokenByAkSk', { ...goodBody(), app_key: 'other' })).status).toBe(401);
    expect((await h.post('tokenByAkSk', { app_key: 'demo-app-key' })).status).toBe(400);
    expect((await h.post('tokenByAkSk', '{"app_key":')).status).toBe(400);
    expect(h.simulator.control.counts().tokenByAkSk).toBe(4);
  });
});

describe('Bearer tokens on /apiaccess', () => {
  const list = (headers: Record<string, string>) => h.post('queryAccessCodeList', { limit: 1 }, headers);

  it('accepts a live token, with or without X-APP-Key where it is optional', async () => {
    const token = await h.token();
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await list({ authorization: `Bearer ${token}`, 'x-app-key': 'demo-app-key' })).status).toBe(200);
  });

  it('answers 401 when the token is missing, unknown, malformed or for another app key', async () => {
    const token = await h.token();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-token' },
      { authorization: token },
      { authorization: `Bearer${token}` },
      { authorization: `Bearer ${token}`, 'x-app-key': 'someone-else' },
    ];
    for (const headers of attempts) {
      const res = await list(headers);
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ status: 401, error: 'Unauthorized', path: expect.any(String) });
    }
  });

  it('expires a token at CreateTime + Expires by the injected clock', async () => {
    const token = await h.token('60');
    h.clock.advance(59_999);
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
    h.clock.advance(1);
    const expired = await list({ authorization: `Bearer ${token}` });
    expect(expired.status).toBe(401);
    expect((expired.json as { message: string }).message).toMatch(/expired/i);
  });

  it('caps the lifetime at 3600 s', async () => {
    const token = await h.token('99999');
    h.clock.advance(3_599_000);
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
    h.clock.advance(1_000);
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('answers 401 after revocation, and a new token works again', async () => {
    const token = await h.token();
    expect(h.simulator.control.revokeTokens()).toBeGreaterThanOrEqual(1);
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await list({ authorization: `Bearer ${await h.token()}` })).status).toBe(200);
  });

  it('keeps tokens valid across a reset', async () => {
    const token = await h.token();
    h.simulator.control.reset();
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('requires X-APP-Key on createcall only', async () => {
    const token = await h.token();
    const withoutKey = await h.post(
      'createcall',
      { called: '88884432' },
      { authorization: `Bearer ${token}` },
    );
    expect(withoutKey.status).toBe(401);
    expect((withoutKey.json as { message: string }).message).toMatch(/X-APP-Key/);
    const withKey = await h.post(
      'createcall',
      { called: '88884432' },
      { authorization: `Bearer ${token}`, 'x-app-key': 'demo-app-key' },
    );
    expect(withKey.status).toBe(200);
    const phone = await h.post('queryPhone', {}, { authorization: `Bearer ${token}` });
    expect(phone.status).toBe(200);
    const called = await h.post(
      'getCalledInfo',
      { caller: '1', called: '2' },
      { authorization: `Bearer ${token}` },
    );
    expect(called.status).toBe(200);
  });

  it('checks the token before parsing the body', async () => {
    expect((await h.post('queryPhone', '{broken', {})).status).toBe(401);
    expect((await h.post('queryPhone', '{broken', await h.bearer())).status).toBe(400);
  });
});

/** A request each /apiaccess endpoint answers 200 with a live token, so a 401 can only come from the token. */
const BEARER_ENDPOINTS: ReadonlyArray<[EndpointName, unknown]> = [
  ['queryAccessCodeList', { limit: 1 }],
  ['queryPhone', { limit: '1' }],
  ['getCalledInfo', { caller: '13800000000', called: '9911411' }],
  ['createcall', { called: '88884432' }],
];

describe.each(BEARER_ENDPOINTS)('Bearer rejections on %s', (endpoint, body) => {
  const appKey = () => ({ 'x-app-key': h.simulator.credentials.appKey });
  const send = (authorization?: string) =>
    h.post(endpoint, body, authorization === undefined ? appKey() : { ...appKey(), authorization });

  it('answers 401 for a missing, unknown, expired or revoked token, and counts every attempt', async () => {
    const live = await h.token();
    expect((await send(`Bearer ${live}`)).status).toBe(200);
    const expiring = await h.token('60');
    const cases: Array<[string, () => Promise<string | undefined>]> = [
      ['missing', async () => undefined],
      ['unknown', async () => 'Bearer not-a-token-the-simulator-issued'],
      [
        'expired',
        async () => {
          h.clock.advance(60_000);
          return `Bearer ${expiring}`;
        },
      ],
      [
        'revoked',
        async () => {
          const token = await h.token();
          h.simulator.control.revokeTokens();
          return `Bearer ${token}`;
        },
      ],
    ];
    let expected = h.simulator.control.counts()[endpoint];
    for (const [label, authorization] of cases) {
      const res = await send(await authorization());
      expect({ label, status: res.status }).toEqual({ label, status: 401 });
      expect(res.json).toMatchObject({ status: 401, error: 'Unauthorized', path: expect.any(String) });
      expected += 1;
      expect(h.simulator.control.counts()[endpoint]).toBe(expected);
    }
    expect(
      h.simulator.control
        .requests()
        .filter((r) => r.endpoint === endpoint)
        .map((r) => r.status),
    ).toEqual([200, 401, 401, 401, 401]);
  });
});
