import { describe, expect, it } from 'vitest';
import { CREDENTIALS_REFUSED_COOLDOWN_MS } from '../../../src/auth/bearer-client.js';
import { expectNoSecretsLogged, failureOf, useHarness } from '../../support/harness.js';

const harness = useHarness({ resetEach: true });

const page = { limit: 5, offset: 0 };

describe('C1 tokens against the simulator', () => {
  it('makes one token call for 200 concurrent first requests', async () => {
    const pages = await Promise.all(
      Array.from({ length: 200 }, () => harness.datasources.softphones.list(page)),
    );
    expect(pages).toHaveLength(200);
    expect(pages[0]?.items.length).toBe(5);
    const counts = harness.simulator.control.counts();
    expect(counts.tokenByAkSk).toBe(1);
    expect(counts.queryPhone).toBe(200);
  });

  it('reuses the cached token, then fetches a new one when the clock passes its expiry', async () => {
    await harness.datasources.softphones.list(page);
    expect(harness.simulator.control.counts().tokenByAkSk).toBe(0);
    harness.simulator.control.reset();
    harness.clock.advance(harness.config.auth.tokenTtlSeconds * 1000);
    await Promise.all(Array.from({ length: 20 }, () => harness.datasources.softphones.list(page)));
    const counts = harness.simulator.control.counts();
    expect(counts.tokenByAkSk).toBe(1);
    expect(counts.queryPhone).toBe(20);
  });

  it('on a 401 drops the token, fetches a new one once and repeats the call once', async () => {
    expect(harness.simulator.control.revokeTokens()).toBeGreaterThan(0);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => harness.datasources.softphones.list(page)),
    );
    expect(results).toHaveLength(10);
    const counts = harness.simulator.control.counts();
    expect(counts.tokenByAkSk).toBe(1);
    expect(counts.queryPhone).toBe(20);
    const statuses = harness.simulator.control
      .requests()
      .filter((r) => r.endpoint === 'queryPhone')
      .map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
  });

  it('repeats a 401 createcall once too (the vendor did not act), and places one call', async () => {
    harness.simulator.control.revokeTokens();
    const outcome = await harness.datasources.anonymousCalls.create({ called: '88884432' });
    expect(outcome.ok).toBe(true);
    const calls = harness.simulator.control.requests().filter((r) => r.endpoint === 'createcall');
    expect(calls.map((r) => r.status)).toEqual([401, 200]);
  });

  it('gives UPSTREAM_AUTH_FAILED after a second 401', async () => {
    harness.simulator.control.addFault({ endpoint: 'getCalledInfo', status: 401, times: 2 });
    const error = await failureOf(harness.datasources.calledInfo.get({ caller: '1', called: '2' }));
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', endpoint: 'getCalledInfo', httpStatus: 401 });
    const counts = harness.simulator.control.counts();
    expect(counts.getCalledInfo).toBe(2);
    expect(counts.tokenByAkSk).toBe(1);
  });

  it('fails fast without new token calls while fresh credentials keep being refused', async () => {
    harness.simulator.control.addFault({ endpoint: 'getCalledInfo', status: 401 });
    try {
      await failureOf(harness.datasources.calledInfo.get({ caller: '1', called: '3' }));
      const before = harness.simulator.control.counts();
      for (let i = 0; i < 5; i++) {
        const error = await failureOf(harness.datasources.calledInfo.get({ caller: '1', called: '3' }));
        expect(error).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED' });
      }
      const after = harness.simulator.control.counts();
      expect(after.tokenByAkSk).toBe(before.tokenByAkSk);
      expect(after.getCalledInfo - before.getCalledInfo).toBe(5);
    } finally {
      harness.simulator.control.clearFaults();
      harness.clock.advance(CREDENTIALS_REFUSED_COOLDOWN_MS);
    }
  });

  it('signs CC-CMS requests (host with port, exact body) so the simulator accepts them', async () => {
    const window = harness.simulator.dataset.queryWindow();
    const result = await harness.datasources.callRecords.list({
      ccId: 1,
      vdn: 1,
      direction: 'INBOUND',
      from: window.earliest,
      to: window.latest,
      limit: 10,
      offset: 0,
    });
    expect(result.total).toBeGreaterThanOrEqual(0);
    const [request] = harness.simulator.control.requests().filter((r) => r.endpoint === 'querycalls');
    expect(request?.status).toBe(200);
    expect(harness.simulator.control.counts().tokenByAkSk).toBe(0);
  });
});

describe('secrets', () => {
  it('never appear in the debug log of the calls above, which do record endpoint, status and attempt', () => {
    const calls = harness.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      calls.some((c) => c.msg === 'upstream call' && c.level === 'debug' && c.endpoint === 'queryPhone'),
    ).toBe(true);
    expect(calls.find((c) => c.msg === 'upstream call')).toMatchObject({
      status: expect.any(Number),
      attempt: 1,
    });
    // app secret, CMS SK, at least three issued tokens and their Authorization values, CMS signatures
    expect(harness.secrets().length).toBeGreaterThan(8);
    expectNoSecretsLogged(harness);
  });
});

describe('a failing token endpoint', () => {
  const failing = useHarness();

  it('fails with UPSTREAM_AUTH_FAILED after the read retries, then fails fast without calling', async () => {
    failing.simulator.control.addFault({ endpoint: 'tokenByAkSk', status: 503 });
    const first = await failureOf(failing.datasources.softphones.list(page));
    expect(first).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', endpoint: 'tokenByAkSk' });
    const appSecret = failing.simulator.credentials.appSecret;
    expect(`${first.message} ${JSON.stringify(first)} ${String(first.cause)}`).not.toContain(appSecret);
    expect(failing.simulator.control.counts().tokenByAkSk).toBe(3);

    const again = await Promise.all(
      Array.from({ length: 50 }, () =>
        failureOf(failing.datasources.calledInfo.get({ caller: '1', called: '2' })),
      ),
    );
    expect(again.every((error) => (error as { code?: string }).code === 'UPSTREAM_AUTH_FAILED')).toBe(true);
    expect(failing.simulator.control.counts()).toMatchObject({ tokenByAkSk: 3, getCalledInfo: 0 });

    failing.simulator.control.clearFaults();
    failing.clock.advance(1_000);
    await failing.datasources.softphones.list(page);
    expect(failing.simulator.control.counts()).toMatchObject({ tokenByAkSk: 4, queryPhone: 1 });
  });
});
