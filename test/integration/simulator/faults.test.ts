import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { ENDPOINT_PATHS } from '../../../src/simulator/index.js';
import { B3_VECTOR_NOW, startHarness, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, bearer: true, resetEach: true });

const phone = () => h.post('queryPhone', { limit: '2' }, h.auth);

describe('fault injection', () => {
  it('answers an injected status with Retry-After, then recovers after `times`', async () => {
    h.simulator.control.addFault({ endpoint: 'queryPhone', status: 503, retryAfterSeconds: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await phone();
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.json).toMatchObject({
        status: 503,
        error: 'Service Unavailable',
        path: ENDPOINT_PATHS.queryPhone,
      });
    }
    expect((await phone()).status).toBe(200);
    expect(h.simulator.control.counts().queryPhone).toBe(3);
    expect(h.simulator.control.requests().map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('keeps a fault without `times` until cleared, and only on its endpoint', async () => {
    h.simulator.control.addFault({ endpoint: 'queryPhone', status: 429 });
    for (let i = 0; i < 3; i++) expect((await phone()).status).toBe(429);
    expect((await h.post('queryAccessCodeList', {}, h.auth)).status).toBe(200);
    h.simulator.control.clearFaults();
    expect((await phone()).status).toBe(200);
  });

  it('applies faults for one endpoint oldest first', async () => {
    h.simulator.control.addFault({ endpoint: 'queryPhone', status: 500, times: 1 });
    h.simulator.control.addFault({ endpoint: 'queryPhone', status: 502, times: 1 });
    expect((await phone()).status).toBe(500);
    expect((await phone()).status).toBe(502);
    expect((await phone()).status).toBe(200);
  });

  it('sends a body that is not JSON for "malformed"', async () => {
    h.simulator.control.addFault({ endpoint: 'queryPhone', body: 'malformed', times: 1 });
    const res = await phone();
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('sends a valid status with the real JSON cut short for "truncated"', async () => {
    const whole = (await phone()).text;
    h.simulator.control.addFault({ endpoint: 'queryPhone', body: 'truncated', times: 1 });
    const res = await phone();
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(0);
    expect(res.text.length).toBeLessThan(whole.length);
    expect(whole.startsWith(res.text)).toBe(true);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('destroys the socket without a response for "drop", and counts and logs it', async () => {
    h.simulator.control.addFault({ endpoint: 'getCalledInfo', drop: true, times: 1 });
    await expect(h.post('getCalledInfo', { caller: '1', called: '9911411' }, h.auth)).rejects.toThrow();
    expect(h.simulator.control.counts().getCalledInfo).toBe(1);
    expect(h.simulator.control.requests().at(-1)).toMatchObject({ endpoint: 'getCalledInfo', status: 0 });
    expect((await h.post('getCalledInfo', { caller: '1', called: '9911411' }, h.auth)).status).toBe(200);
  });

  it('delays with a timer, without holding up other requests', async () => {
    h.simulator.control.addFault({ endpoint: 'queryPhone', latencyMs: 300, times: 1 });
    const started = performance.now();
    const order: string[] = [];
    const slow = phone().then((res) => {
      order.push('slow');
      return res;
    });
    const fast = h.post('queryAccessCodeList', { limit: 1 }, h.auth).then((res) => {
      order.push('fast');
      return res;
    });
    const [slowRes, fastRes] = await Promise.all([slow, fast]);
    expect(slowRes.status).toBe(200);
    expect(fastRes.status).toBe(200);
    expect(order).toEqual(['fast', 'slow']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('combines latency with a status', async () => {
    h.simulator.control.addFault({ endpoint: 'createcall', latencyMs: 50, status: 500, times: 1 });
    const started = performance.now();
    const res = await h.post('createcall', { called: '123' }, h.auth);
    expect(res.status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('rejects an invalid fault spec', () => {
    expect(() => h.simulator.control.addFault({ endpoint: 'nope' as 'queryPhone', status: 500 })).toThrow();
    expect(() =>
      h.simulator.control.addFault({ endpoint: 'queryPhone', body: 'weird' as 'malformed' }),
    ).toThrow();
  });
});

describe('counters, request log and reset', () => {
  it('counts every request to an endpoint, rejected ones and wrong methods included, but not unknown paths', async () => {
    await h.post('queryAccessCodeList', {});
    await h.post('queryAccessCodeList', '{oops', h.auth);
    await h.raw('GET', ENDPOINT_PATHS.queryAccessCodeList);
    await h.raw('POST', '/apiaccess/nowhere', { body: '{}' });
    expect(h.simulator.control.counts()).toEqual({
      tokenByAkSk: 0,
      queryAccessCodeList: 3,
      queryPhone: 0,
      getCalledInfo: 0,
      createcall: 0,
      querycalls: 0,
    });
    expect(h.simulator.control.requests().map((r) => r.status)).toEqual([401, 400, 405]);
  });

  it('logs requests without secrets or headers', async () => {
    await h.token();
    await h.post('queryPhone', { limit: '1' }, h.auth);
    const log = h.simulator.control.requests();
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual({
      seq: expect.any(Number),
      at: h.clock.now(),
      endpoint: 'tokenByAkSk',
      method: 'POST',
      path: ENDPOINT_PATHS.tokenByAkSk,
      status: 200,
      body: { app_key: 'demo-app-key', app_secret: '[REDACTED]' },
    });
    expect(log[1]?.seq).toBe((log[0]?.seq ?? 0) + 1);
    const serialised = JSON.stringify(log);
    expect(serialised).not.toContain('demo-app-secret');
    expect(serialised).not.toContain(h.auth.authorization?.slice(7));
    expect(serialised).not.toMatch(/authorization/i);
  });

  it('keeps the log bounded', async () => {
    for (let i = 0; i < 520; i++) await h.post('getCalledInfo', {}, {});
    const log = h.simulator.control.requests();
    expect(log).toHaveLength(500);
    expect(h.simulator.control.counts().getCalledInfo).toBe(520);
  });

  it('reset clears counts, log and faults', async () => {
    h.simulator.control.addFault({ endpoint: 'queryPhone', status: 500 });
    await phone();
    h.simulator.control.reset();
    expect(h.simulator.control.counts().queryPhone).toBe(0);
    expect(h.simulator.control.requests()).toEqual([]);
    expect(h.simulator.control.faults()).toEqual([]);
    expect((await phone()).status).toBe(200);
  });
});

describe('HTTP errors', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const missing = await h.raw('POST', '/rest/cmsapp/v1/openapi/vdn/querycalls', { body: '{}' });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ status: 404, error: 'Not Found' });
    const wrong = await h.raw('GET', ENDPOINT_PATHS.querycalls);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect((await h.raw('PUT', ENDPOINT_PATHS.tokenByAkSk, { body: '{}' })).status).toBe(405);
  });

  it('answers 400 for malformed JSON or a non-object body on every C1 endpoint', async () => {
    for (const endpoint of ['queryAccessCodeList', 'queryPhone', 'getCalledInfo', 'createcall'] as const) {
      const broken = await h.post(endpoint, '{"limit":', h.auth);
      expect(broken.status).toBe(400);
      expect(broken.json).toMatchObject({
        status: 400,
        error: 'Bad Request',
        path: ENDPOINT_PATHS[endpoint],
      });
      expect((await h.post(endpoint, '[1,2]', h.auth)).status).toBe(400);
    }
  });

  it('starts fast and closes promptly with keep-alive connections open', async () => {
    const starting = performance.now();
    const other = await startHarness({ now: B3_VECTOR_NOW });
    expect(performance.now() - starting).toBeLessThan(200);
    await other.token();
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(request(`${other.simulator.url}/__simulator/counts`)).rejects.toThrow();
  });
});
