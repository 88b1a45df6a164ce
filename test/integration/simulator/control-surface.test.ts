import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { createControlClient, SimulatorControlError } from '../../../src/simulator/control-client.js';
import { ENDPOINT_PATHS } from '../../../src/simulator/index.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

describe('control surface over HTTP (injected clock)', () => {
  const h = useHarness({ now: B3_VECTOR_NOW });

  it('mirrors the in-process control: counts, requests, faults, revoke, reset', async () => {
    const client = createControlClient(h.simulator.url);
    await client.reset();
    const token = await h.token();
    expect(await client.counts()).toMatchObject({ tokenByAkSk: 1, querycalls: 0 });
    expect((await client.requests()).map((r) => r.endpoint)).toEqual(['tokenByAkSk']);

    await client.addFault({ endpoint: 'queryPhone', status: 503, retryAfterSeconds: 2, times: 1 });
    expect(await client.faults()).toEqual([
      { endpoint: 'queryPhone', status: 503, retryAfterSeconds: 2, times: 1 },
    ]);
    const faulted = await h.post('queryPhone', {}, { authorization: `Bearer ${token}` });
    expect(faulted.status).toBe(503);
    await client.addFault({ endpoint: 'queryPhone', status: 500 });
    await client.clearFaults();
    expect(await client.faults()).toEqual([]);

    expect(await client.revokeTokens()).toBe(1);
    expect((await h.post('queryPhone', {}, { authorization: `Bearer ${token}` })).status).toBe(401);
    await client.reset();
    expect(await client.counts()).toMatchObject({ tokenByAkSk: 0, queryPhone: 0 });
    expect(await client.requests()).toEqual([]);
  });

  it('rejects invalid faults with 400 and unknown routes with 404', async () => {
    const res = await h.raw('POST', '/__simulator/faults', {
      body: JSON.stringify({ endpoint: 'x', status: 'y' }),
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'Invalid request' });
    expect((await h.raw('POST', '/__simulator/faults', { body: '{' })).status).toBe(400);
    expect((await h.raw('GET', '/__simulator/nothing')).status).toBe(404);
    const wrongMethod = await h.raw('DELETE', '/__simulator/counts');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
  });

  it('refuses to move an injected clock (409)', async () => {
    const client = createControlClient(h.simulator.url);
    expect(await client.now()).toBe(h.clock.now());
    await expect(client.setNow(0)).rejects.toMatchObject({ status: 409 });
    await expect(client.setNow(0)).rejects.toBeInstanceOf(SimulatorControlError);
  });
});

describe('control surface on the simulator-owned clock', () => {
  const h = useHarness({ clock: 'simulator' });

  it('moves the clock with PUT /__simulator/clock, so tokens expire without waiting', async () => {
    const { simulator } = h;
    const client = createControlClient(simulator.url);
    const tokenRes = await request(`${simulator.url}${ENDPOINT_PATHS.tokenByAkSk}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-token-expire': '60' },
      body: JSON.stringify({
        app_key: simulator.credentials.appKey,
        app_secret: simulator.credentials.appSecret,
      }),
    });
    const { AccessToken } = (await tokenRes.body.json()) as { AccessToken: string };
    const list = async () => {
      const res = await request(`${simulator.url}${ENDPOINT_PATHS.queryAccessCodeList}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AccessToken}` },
        body: '{}',
      });
      await res.body.dump();
      return res.statusCode;
    };
    expect(await list()).toBe(200);
    const now = await client.now();
    await client.setNow(now + 61_000);
    expect(await client.now()).toBeGreaterThanOrEqual(now + 61_000);
    expect(simulator.control.now()).toBeGreaterThanOrEqual(now + 61_000);
    expect(await list()).toBe(401);
  });
});
