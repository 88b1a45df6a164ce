import { describe, expect, it } from 'vitest';
import { createControlClient } from '../../../src/simulator/control-client.js';
import { ENDPOINT_PATHS } from '../../../src/simulator/index.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, resetEach: true });

describe('request log never shows a secret', () => {
  it('summarises malformed and form-encoded token bodies instead of logging their text', async () => {
    const { appKey, appSecret } = h.simulator.credentials;
    const malformed = `{"app_key":"${appKey}","app_secret":"${appSecret}"`;
    const form = `app_key=${appKey}&app_secret=${appSecret}`;
    expect((await h.post('tokenByAkSk', malformed)).status).toBe(400);
    const formRes = await h.raw('POST', ENDPOINT_PATHS.tokenByAkSk, {
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(formRes.status).toBe(400);

    const log = h.simulator.control.requests();
    expect(log.map((entry) => entry.body)).toEqual([
      `[unparsed ${Buffer.byteLength(malformed)} bytes]`,
      `[unparsed ${Buffer.byteLength(form)} bytes]`,
    ]);
    expect(JSON.stringify(log)).not.toContain(appSecret);
    const overHttp = await h.raw('GET', '/__simulator/requests');
    expect(overHttp.status).toBe(200);
    expect(overHttp.text).not.toContain(appSecret);
    expect(JSON.stringify(await createControlClient(h.simulator.url).requests())).not.toContain(appSecret);
  });

  it('redacts a body over the 4 KiB log cap before cutting it, and secrets nested past the redaction depth', async () => {
    const { appKey, appSecret } = h.simulator.credentials;
    const big = JSON.stringify({ app_key: appKey, app_secret: appSecret, padding: 'x'.repeat(5000) });
    expect((await h.post('tokenByAkSk', big)).status).toBe(200);
    const deep = { a: { b: { c: { d: { e: { f: { g: { app_secret: appSecret } } } } } } } };
    await h.post('tokenByAkSk', { app_key: appKey, app_secret: appSecret, deep });

    const [bigEntry, deepEntry] = h.simulator.control.requests();
    expect(bigEntry?.body).toMatch(
      /^\[truncated, \d+ bytes\] \{"app_key":"demo-app-key","app_secret":"\[REDACTED\]"/,
    );
    expect(deepEntry?.body).toEqual({
      app_key: appKey,
      app_secret: '[REDACTED]',
      deep: { a: { b: { c: { d: { e: { f: '[REDACTED]' } } } } } },
    });
    expect(JSON.stringify(h.simulator.control.requests())).not.toContain(appSecret);
    expect((await h.raw('GET', '/__simulator/requests')).text).not.toContain(appSecret);
  });
});
