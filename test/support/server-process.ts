/**
 * The real server process for e2e tests: `npm start`'s entry from source via tsx (no build), with only the
 * environment given, and its JSON log lines on stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { SimulatorCredentials } from '../../src/simulator/index.js';

/** `detached`: the process leads a group of its own, so a test can signal it and its workers together. */
export function startServerProcess(
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
}

/**
 * Resolves with the first log line whose message matches, collecting every line seen (so far and later)
 * into `seen`; rejects with all of them when the process exits first.
 */
export function waitForLog(
  child: ChildProcess,
  pattern: RegExp,
  seen: string[] = [],
): Promise<Record<string, unknown>> {
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

/** A loopback port that was free a moment ago (for settings that refuse 0, such as METRICS_PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The settings that point a server process at `simulator` as at a real tenant. */
export function tenantEnv(simulator: {
  url: string;
  credentials: SimulatorCredentials;
}): Record<string, string> {
  const { url, credentials } = simulator;
  return {
    CEC_BASE_URL: url,
    CEC_APP_KEY: credentials.appKey,
    CEC_APP_SECRET: credentials.appSecret,
    CMS_BASE_URL: url,
    CMS_ACCESS_KEY: credentials.cmsAccessKey,
    CMS_SECRET_KEY: credentials.cmsSecretKey,
  };
}
