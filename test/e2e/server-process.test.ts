import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';

/** The real process as `npm start` runs it (from source via tsx, to skip the build in tests). */
function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first JSON log line whose message matches, collecting every line seen. */
function waitForLog(child: ChildProcess, pattern: RegExp, seen: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      seen.push(line);
      const record = JSON.parse(line) as Record<string, unknown>;
      if (pattern.test(String(record.msg))) resolve(record);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${seen.join('\n')}`)));
  });
}

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
