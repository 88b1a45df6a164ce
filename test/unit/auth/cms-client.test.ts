import { describe, expect, it } from 'vitest';
import { CMS_REFUSED_COOLDOWN_MS, CMS_REFUSED_MAX_COOLDOWN_MS } from '../../../src/auth/cms-admission.js';
import { createCmsClient } from '../../../src/auth/cms-client.js';
import { createCmsSigner } from '../../../src/auth/cms-signer.js';
import { ManualClock } from '../../../src/clock.js';
import { defineEndpoint } from '../../../src/transport/endpoint.js';
import type { InboundResponse, OutboundRequest } from '../../../src/transport/http-transport.js';
import { UpstreamError } from '../../../src/transport/upstream-error.js';

const ENDPOINT = defineEndpoint({
  name: 'querycalls',
  host: 'cms',
  path: '/rest/cmsapp/v2/openapi/vdn/querycalls',
  auth: 'cmsSignature',
  repeatSafe: true,
});
const SECRET_KEY = 'the-secret-key-under-test';

interface Pending {
  request: OutboundRequest;
  answer(status: number, body?: string): void;
  fail(error: Error): void;
}

/** A transport whose requests wait until the test answers them, so the test sees what is in flight. */
function pendingTransport() {
  const sent: Pending[] = [];
  let answered = 0;
  return {
    sent,
    inFlight: () => sent.length - answered,
    transport: {
      send: (request: OutboundRequest) =>
        new Promise<InboundResponse>((resolve, reject) => {
          sent.push({
            request,
            answer: (status, body = '{}') => {
              answered++;
              resolve({ status, headers: {}, body });
            },
            fail: (error) => {
              answered++;
              reject(error);
            },
          });
        }),
    },
  };
}

function setUp() {
  const clock = new ManualClock(Date.parse('2026-11-22T10:30:00Z'));
  const upstream = pendingTransport();
  const client = createCmsClient({
    baseUrl: 'https://cms.example:28443',
    signer: createCmsSigner({ accessKey: 'ak', secretKey: SECRET_KEY }, clock),
    transport: upstream.transport,
    clock,
  });
  /** Starts `n` calls; each settles into its response or its error. */
  const post = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      client.post(ENDPOINT, { page: i }, undefined).then(
        (response) => response,
        (error: unknown) => error as Error,
      ),
    );
  return { clock, upstream, client, post };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('CC-CMS calls while the signature is not yet proven', () => {
  it('sends one at a time, then all at once after a success', async () => {
    const { upstream, post } = setUp();
    const calls = post(5);
    await settled();
    expect(upstream.sent).toHaveLength(1);
    upstream.sent[0]?.answer(200);
    await settled();
    expect(upstream.sent).toHaveLength(5);
    expect(upstream.inFlight()).toBe(4);
    for (const pending of upstream.sent.slice(1)) pending.answer(200);
    expect((await Promise.all(calls)).map((r) => ('status' in r ? r.status : r))).toEqual([
      200, 200, 200, 200, 200,
    ]);
  });

  it('on a 401 rejects the waiting calls unsent, and every new call for the cool-down', async () => {
    const { clock, upstream, post } = setUp();
    const calls = post(5);
    await settled();
    upstream.sent[0]?.answer(
      401,
      '{"status":401,"error":"Unauthorized","message":"Unauthorized access to the interface: stale timestamp"}',
    );
    const results = await Promise.all(calls);
    expect(upstream.sent).toHaveLength(1);
    for (const result of results) {
      expect(result).toBeInstanceOf(UpstreamError);
      expect(result).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', endpoint: 'querycalls', httpStatus: 401 });
    }
    expect((results[0] as Error).message).toContain('stale timestamp');

    clock.advance(CMS_REFUSED_COOLDOWN_MS - 1);
    const [during] = await Promise.all(post(1));
    expect(during).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', httpStatus: 401 });
    expect(upstream.sent).toHaveLength(1);

    clock.advance(1);
    const after = post(2);
    await settled();
    expect(upstream.sent).toHaveLength(2);
    upstream.sent[1]?.answer(200);
    await settled();
    upstream.sent[2]?.answer(200);
    expect(await Promise.all(after)).toMatchObject([{ status: 200 }, { status: 200 }]);
  });

  it('explains the likely causes without the key, the Authorization value or the signature', async () => {
    const { upstream, post } = setUp();
    const calls = post(2);
    await settled();
    const authorization = upstream.sent[0]?.request.headers.authorization ?? '';
    const signature = authorization.split('/').at(-1) ?? '';
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    // A vendor message that echoes what it received must not carry it into ours.
    upstream.sent[0]?.answer(401, JSON.stringify({ status: 401, message: `bad signature ${authorization}` }));
    for (const error of (await Promise.all(calls)) as Error[]) {
      expect(error.message).toMatch(/clock/i);
      expect(error.message).toContain('CMS_SECRET_KEY');
      for (const secret of [SECRET_KEY, authorization, signature]) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
  });

  it('treats an IP lock (403) like a refusal: nothing more is sent for the cool-down', async () => {
    const { upstream, post } = setUp();
    const calls = post(3);
    await settled();
    upstream.sent[0]?.answer(403, '{"status":403,"message":"The IP address is locked"}');
    const results = await Promise.all(calls);
    expect(results).toMatchObject([
      { code: 'UPSTREAM_AUTH_FAILED', httpStatus: 403 },
      { code: 'UPSTREAM_AUTH_FAILED', httpStatus: 403 },
      { code: 'UPSTREAM_AUTH_FAILED', httpStatus: 403 },
    ]);
    expect((results[0] as Error).message).toMatch(/locked/);
    expect(await Promise.all(post(1))).toMatchObject([{ code: 'UPSTREAM_AUTH_FAILED' }]);
    expect(upstream.sent).toHaveLength(1);
  });

  it('lets the next waiter go alone after an answer that proves nothing (5xx, transport error)', async () => {
    const { upstream, post } = setUp();
    const calls = post(4);
    await settled();
    upstream.sent[0]?.answer(503);
    await settled();
    expect(upstream.sent).toHaveLength(2);
    upstream.sent[1]?.fail(
      new UpstreamError('UPSTREAM_TIMEOUT', 'querycalls: timeout', { endpoint: 'querycalls' }),
    );
    await settled();
    expect(upstream.sent).toHaveLength(3);
    upstream.sent[2]?.answer(200);
    await settled();
    expect(upstream.sent).toHaveLength(4);
    upstream.sent[3]?.answer(200);
    const results = await Promise.all(calls);
    expect(results[0]).toMatchObject({ status: 503 });
    expect(results[1]).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(results.slice(2)).toMatchObject([{ status: 200 }, { status: 200 }]);
  });

  it('signs each waiting call when it is sent, not when it was queued', async () => {
    const { clock, upstream, post } = setUp();
    post(2);
    await settled();
    clock.advance(5_000);
    upstream.sent[0]?.answer(200);
    await settled();
    const timestampOf = (p: Pending | undefined) => p?.request.headers.authorization?.split('/')[2];
    expect(timestampOf(upstream.sent[0])).toBe('2026-11-22T10:30:00Z');
    expect(timestampOf(upstream.sent[1])).toBe('2026-11-22T10:30:05Z');
  });
});

describe('CC-CMS calls after the signature was proven', () => {
  it('a 401 then stops new calls; late successes of earlier calls do not lift the cool-down', async () => {
    const { upstream, post } = setUp();
    post(1);
    await settled();
    upstream.sent[0]?.answer(200);
    await settled();
    const running = post(3);
    await settled();
    expect(upstream.inFlight()).toBe(3);
    upstream.sent[1]?.answer(401);
    upstream.sent[2]?.answer(200);
    upstream.sent[3]?.answer(401);
    expect(await Promise.all(running)).toMatchObject([
      { code: 'UPSTREAM_AUTH_FAILED' },
      { status: 200 },
      { code: 'UPSTREAM_AUTH_FAILED' },
    ]);
    expect(await Promise.all(post(2))).toMatchObject([
      { code: 'UPSTREAM_AUTH_FAILED' },
      { code: 'UPSTREAM_AUTH_FAILED' },
    ]);
    expect(upstream.sent).toHaveLength(4);
  });
});

describe('repeated refusals', () => {
  it('double the cool-down up to its cap, and a success resets it', async () => {
    const { clock, upstream, post } = setUp();
    const answerLast = async (status: number) => {
      upstream.sent.at(-1)?.answer(status);
      await settled();
    };
    /** Calls every second until one is sent; returns how long that took. */
    const timeUntilSent = async () => {
      const before = upstream.sent.length;
      let waited = 0;
      while (upstream.sent.length === before) {
        clock.advance(1_000);
        waited += 1_000;
        post(1);
        await settled();
      }
      return waited;
    };
    post(1);
    await settled();
    await answerLast(401);
    const cooldowns: number[] = [];
    for (let i = 0; i < 5; i++) {
      cooldowns.push(await timeUntilSent());
      await answerLast(401);
    }
    expect(cooldowns).toEqual([
      CMS_REFUSED_COOLDOWN_MS,
      2 * CMS_REFUSED_COOLDOWN_MS,
      4 * CMS_REFUSED_COOLDOWN_MS,
      8 * CMS_REFUSED_COOLDOWN_MS,
      CMS_REFUSED_MAX_COOLDOWN_MS,
    ]);
    // Five refusals in a row span more than the simulator's 5-minute lock window.
    expect(CMS_REFUSED_COOLDOWN_MS * (1 + 2 + 4 + 8)).toBeGreaterThan(5 * 60_000);

    await timeUntilSent();
    await answerLast(200);
    post(1);
    await settled();
    await answerLast(401);
    expect(await timeUntilSent()).toBe(CMS_REFUSED_COOLDOWN_MS);
  });
});
