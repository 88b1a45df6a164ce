import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('standalone simulator (src/simulator/main.ts)', () => {
  it('prints its URL on one line, serves, and exits cleanly on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/main.ts'], {
      env: { ...process.env, SIMULATOR_PORT: '0', CEC_APP_KEY: 'standalone-key', CEC_APP_SECRET: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const [line] = (await once(lines, 'line')) as [string];
    const url = /(http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
    expect(url).toBeDefined();

    const res = await request(`${url}/apigovernance/api/oauth/tokenByAkSk`, {
      method: 'POST',
      body: JSON.stringify({ app_key: 'standalone-key', app_secret: 'demo-app-secret' }),
    });
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { AppKey: string }).AppKey).toBe('standalone-key');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });
});
