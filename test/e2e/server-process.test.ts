import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess as startServer, waitForLog } from '../support/server-process.js';

let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

describe('the server process', () => {
  it('starts on the embedded simulator, answers, and shuts down cleanly on SIGTERM', async () => {
    // No HOST and no AUTH_*: open, so on loopback by default, with a warning saying so.
    child = startServer({ PORT: '0' });
    const seen: string[] = [];
    const ready = await waitForLog(child, /GraphQL endpoint/, seen);
    const warnings = seen
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/^Client authentication is off/),
        host: '127.0.0.1',
      }),
    ]);
    // Exactly one line says the embedded simulator is in use, and where.
    const simulatorLines = seen.filter((line) => line.includes('embedded CEC simulator'));
    expect(simulatorLines).toHaveLength(1);
    expect(JSON.parse(simulatorLines[0] ?? '{}').simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await request(`http://127.0.0.1:${ready.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ softphones(first: 1) { totalCount } }' }),
    });
    expect(await response.body.json()).toEqual({ data: { softphones: { totalCount: 320 } } });

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('refuses to start on invalid configuration, listing every problem', async () => {
    child = startServer({ PORT: 'abc', CEC_BASE_URL: 'https://cec.example.com' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('PORT: must be a whole number');
    expect(stderr).toContain('CEC_APP_SECRET: required when CEC_BASE_URL is set');
  });

  it('refuses to start open in production, naming AUTH_JWT_SECRET and AUTH_JWKS_URL', async () => {
    child = startServer({ NODE_ENV: 'production', PORT: '0' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/AUTH_JWT_SECRET: .*set AUTH_JWT_SECRET or AUTH_JWKS_URL/);
  });

  it('with AUTH_JWT_SECRET, answers 401 without a token and logs no open-server warning', async () => {
    child = startServer({
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: 'e2e-only-hs256-secret-0123456789abcdef',
    });
    const seen: string[] = [];
    const ready = await waitForLog(child, /GraphQL endpoint/, seen);
    expect(seen.filter((line) => line.includes('"level":"warn"'))).toEqual([]);
    const response = await request(`http://127.0.0.1:${ready.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ softphones(first: 1) { totalCount } }' }),
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    await response.body.dump();
  });
});

/** The embedded simulator's control surface, at the URL the start-up line names. */
async function simulatorControl(simulatorUrl: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await request(`${simulatorUrl}/__simulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

/** Resolves once the simulator has received a request to `endpoint` (it counts on arrival, before any latency). */
async function receivedBySimulator(simulatorUrl: string, endpoint: string): Promise<void> {
  for (;;) {
    const answer = await simulatorControl(simulatorUrl, 'GET', '/counts');
    if (Number((answer?.counts as Record<string, number>)[endpoint]) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startWithSimulator(env: Record<string, string>) {
  const started = startServer({ PORT: '0', ...env });
  child = started;
  const seen: string[] = [];
  const ready = await waitForLog(started, /GraphQL endpoint/, seen);
  const simulatorLine = seen
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((l) => l.simulatorUrl);
  return {
    child: started,
    seen,
    url: `http://127.0.0.1:${ready.port}`,
    simulatorUrl: String(simulatorLine?.simulatorUrl),
  };
}

const SOFTPHONES = JSON.stringify({ query: '{ softphones(first: 1) { totalCount } }' });

describe('the server process, health and shutdown', () => {
  it('answers /health and /ready with the checks main.ts wires', async () => {
    const { child: server, url } = await startWithSimulator({});
    const health = await request(`${url}/health`);
    expect(await health.body.json()).toEqual({ status: 'ok' });
    const ready = await request(`${url}/ready`);
    expect(ready.statusCode).toBe(200);
    const body = (await ready.body.json()) as { checks: Array<{ name: string; status: string }> };
    expect(body.checks.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'cecToken', status: 'ok' },
      { name: 'ccCms', status: 'ok' },
    ]);
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
  });

  it('on SIGTERM, still answers the operation in flight, refuses new connections, then exits 0', async () => {
    const {
      child: server,
      seen,
      url,
      simulatorUrl,
    } = await startWithSimulator({ SHUTDOWN_TIMEOUT_MS: '20000' });
    await simulatorControl(simulatorUrl, 'POST', '/faults', { endpoint: 'queryPhone', latencyMs: 1_500 });
    const inFlight = request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SOFTPHONES,
    });
    // Should an assertion below fail first, its rejection must not surface in a later test.
    inFlight.catch(() => {});
    await receivedBySimulator(simulatorUrl, 'queryPhone');

    const exited = once(server, 'exit');
    const draining = waitForLog(server, /^shutting down$/, seen);
    server.kill('SIGTERM');
    expect(await draining).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });
    // A connection of its own (no kept-alive socket of the shared agent): the listener no longer takes
    // it. Refused, or reset when it raced the listener's close; either way it is not served.
    const fresh = new Agent();
    await expect(request(`${url}/health`, { dispatcher: fresh })).rejects.toMatchObject({
      code: expect.stringMatching(/^(ECONNREFUSED|ECONNRESET)$/),
    });
    await fresh.close();

    const answer = await inFlight;
    expect(answer.statusCode).toBe(200);
    expect(answer.headers.connection).toBe('close');
    expect(await answer.body.json()).toEqual({ data: { softphones: { totalCount: 320 } } });
    expect((await exited)[0]).toBe(0);
  });

  it('exits at once on a second signal, with 128 + its number', async () => {
    const {
      child: server,
      seen,
      url,
      simulatorUrl,
    } = await startWithSimulator({ SHUTDOWN_TIMEOUT_MS: '60000' });
    await simulatorControl(simulatorUrl, 'POST', '/faults', { endpoint: 'queryPhone', latencyMs: 60_000 });
    const inFlight = request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SOFTPHONES,
    }).then(
      () => 'answered',
      () => 'cut off',
    );
    await receivedBySimulator(simulatorUrl, 'queryPhone');
    const exited = once(server, 'exit');
    const draining = waitForLog(server, /^shutting down$/, seen);
    server.kill('SIGTERM');
    await draining;
    const secondAt = performance.now();
    server.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    // "At once": far inside the 60 s the operation and the drain would otherwise take.
    expect(performance.now() - secondAt).toBeLessThan(5_000);
    expect(await inFlight).toBe('cut off');
  });
});
