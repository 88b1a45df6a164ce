import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type Harness, useHarness } from '../../support/harness.js';

// /health and /ready over real HTTP, with the simulator behind the real client stack (issue 11, health).

interface ProbeAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: {
    status: string;
    checkedAt?: string;
    checks: Array<{ name: string; status: string; code?: string; message?: string }>;
  };
  text: string;
}

async function probe(harness: Harness, path: '/health' | '/ready'): Promise<ProbeAnswer> {
  const res = await request(new URL(path, harness.url));
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(text), text };
}

/** The body must name what failed without any credential the server holds. */
function expectNoCredentials(harness: Harness, text: string): void {
  const { credentials } = harness.simulator;
  for (const secret of [credentials.appSecret, credentials.cmsSecretKey, ...harness.secrets()]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/Bearer |auth-v2/i);
}

const TOKEN_TTL_MS = 600_000;
const CACHE_MS = 5_000;

describe('/health', () => {
  const harness = useHarness({ resetEach: true });

  it('answers 200 with a small JSON body, without calling the vendor or asking for a token', async () => {
    const answer = await probe(harness, '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(Object.values(harness.simulator.control.counts()).every((count) => count === 0)).toBe(true);
  });

  it('refuses other methods', async () => {
    const res = await request(new URL('/health', harness.url), { method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    await res.body.dump();
  });
});

describe('/ready', () => {
  const harness = useHarness({ resetEach: true });

  it('answers 200 naming each check once a token can be had and CC-CMS accepts the signature', async () => {
    const answer = await probe(harness, '/ready');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'ready',
      checkedAt: new Date(harness.clock.now()).toISOString(),
      checks: [
        { name: 'cecToken', status: 'ok', durationMs: expect.any(Number) },
        { name: 'ccCms', status: 'ok', durationMs: expect.any(Number) },
      ],
    });
    expect(harness.simulator.control.counts()).toMatchObject({ tokenByAkSk: 1, querycalls: 1 });
  });

  it('answers from its last result for READY_CACHE_SECONDS, and concurrent requests share one probe', async () => {
    harness.clock.advance(CACHE_MS);
    await probe(harness, '/ready');
    expect(harness.simulator.control.counts().querycalls).toBe(1);
    harness.clock.advance(CACHE_MS - 1);
    expect((await probe(harness, '/ready')).status).toBe(200);
    expect(harness.simulator.control.counts().querycalls).toBe(1);

    harness.clock.advance(1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => probe(harness, '/ready')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(harness.simulator.control.counts().querycalls).toBe(2);
  });

  it('turns 503 when the token endpoint fails, naming the check, and 200 again once it answers', async () => {
    // Past the cached token's lifetime, so a fresh one is needed, and past the cached readiness.
    harness.clock.advance(TOKEN_TTL_MS + CACHE_MS);
    harness.simulator.control.addFault({ endpoint: 'tokenByAkSk', status: 500 });
    const failing = await probe(harness, '/ready');
    expect(failing.status).toBe(503);
    expect(failing.body).toEqual({
      status: 'unavailable',
      checkedAt: expect.any(String),
      checks: [
        {
          name: 'cecToken',
          status: 'failed',
          code: 'UPSTREAM_AUTH_FAILED',
          message: 'tokenByAkSk answered HTTP 500',
          durationMs: expect.any(Number),
        },
        { name: 'ccCms', status: 'ok', durationMs: expect.any(Number) },
      ],
    });
    expectNoCredentials(harness, failing.text);
    expect(harness.logLines.some((line) => line.includes('not ready'))).toBe(true);

    harness.simulator.control.clearFaults();
    // Within the cache the failure stands; past it (and the token provider's back-off) the probe runs again.
    expect((await probe(harness, '/ready')).status).toBe(503);
    harness.clock.advance(CACHE_MS);
    const recovered = await probe(harness, '/ready');
    expect(recovered.status).toBe(200);
    expect(recovered.body.checks.map((check) => check.status)).toEqual(['ok', 'ok']);
  });

  it('turns 503 at once when shutdown begins, without probing, while /health stays 200', async () => {
    harness.readiness.beginDraining();
    const answer = await probe(harness, '/ready');
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ status: 'shutting_down', checkedAt: expect.any(String), checks: [] });
    expect((await probe(harness, '/health')).status).toBe(200);
    expect(harness.simulator.control.counts().querycalls).toBe(0);
  });
});

describe('/ready with READY_CACHE_SECONDS=0', () => {
  const harness = useHarness({ env: { READY_CACHE_SECONDS: '0' }, resetEach: true });

  it('probes on every request', async () => {
    await probe(harness, '/ready');
    await probe(harness, '/ready');
    expect(harness.simulator.control.counts().querycalls).toBe(2);
  });
});

describe('/ready with a CMS secret key CC-CMS refuses', () => {
  const harness = useHarness({
    upstream: (real) => ({ ...real, cms: { ...real.cms, secretKey: 'not-the-tenant-secret-key' } }),
  });

  it('names the refused signature, and later probes wait out the cool-down instead of signing again', async () => {
    const refused = await probe(harness, '/ready');
    expect(refused.status).toBe(503);
    expect(refused.body.checks).toEqual([
      { name: 'cecToken', status: 'ok', durationMs: expect.any(Number) },
      {
        name: 'ccCms',
        status: 'failed',
        code: 'UPSTREAM_AUTH_FAILED',
        message: expect.stringContaining('CC-CMS refused'),
        durationMs: expect.any(Number),
      },
    ]);
    expect(refused.text).not.toContain('not-the-tenant-secret-key');
    expect(harness.simulator.control.counts().querycalls).toBe(1);

    // Past the readiness cache, inside CC-CMS admission's 30 s cool-down: nothing is signed or sent.
    harness.clock.advance(CACHE_MS);
    const held = await probe(harness, '/ready');
    expect(held.status).toBe(503);
    expect(held.body.checks[1]).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', message: /not sent/ });
    expect(harness.simulator.control.counts().querycalls).toBe(1);
  });
});
