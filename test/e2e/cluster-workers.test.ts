import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'undici';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { mintToken } from '../support/client-tokens.js';
import { TEST_JWT_SECRET } from '../support/harness.js';
import { startServerProcess, waitForLog } from '../support/server-process.js';

let child: ChildProcess | null = null;
let simulator: RunningSimulator | null = null;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  await simulator?.close();
  simulator = null;
});

const QUERY = JSON.stringify({ query: '{ accessCodes(first: 2) { totalCount edges { node { id } } } }' });

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('WEB_CONCURRENCY=2: node:cluster workers', () => {
  it('serve one port, sum their metrics, replace a killed worker and stop together on SIGTERM', async () => {
    simulator = await startSimulator();
    const { credentials } = simulator;
    child = startServerProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: '2',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: inject('redisUrl'),
      CEC_BASE_URL: simulator.url,
      CEC_APP_KEY: credentials.appKey,
      CEC_APP_SECRET: credentials.appSecret,
      CMS_BASE_URL: simulator.url,
      CMS_ACCESS_KEY: credentials.cmsAccessKey,
      CMS_SECRET_KEY: credentials.cmsSecretKey,
    });
    const server = child;
    const lines: string[] = [];
    const ready = await waitForLog(server, /^2 workers serving/, lines);
    const origin = `http://127.0.0.1:${ready.port}`;
    const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const workerPids = () =>
      records()
        .filter((record) => record.msg === 'worker serving')
        .map((record) => ({ worker: Number(record.worker), pid: Number(record.pid) }));
    expect(workerPids()).toHaveLength(2);

    const token = await mintToken(
      { alg: 'HS256', secret: TEST_JWT_SECRET },
      { now: Date.now(), subject: 'cluster-test', scope: 'cec:read' },
    );
    // A fresh connection each: the primary hands connections to the workers in turn.
    const ask = async () => {
      const res = await request(`${origin}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          connection: 'close',
        },
        body: QUERY,
      });
      expect(res.statusCode).toBe(200);
      const body = (await res.body.json()) as { data?: { accessCodes?: { edges: unknown[] } } };
      expect(body.data?.accessCodes?.edges).toHaveLength(2);
    };
    for (let n = 0; n < 10; n++) await ask();
    await vi.waitFor(() => expect(records().filter((r) => r.msg === 'operation')).toHaveLength(10));
    const servedBy = new Set(
      records()
        .filter((r) => r.msg === 'operation')
        .map((r) => r.worker),
    );
    expect([...servedBy].sort()).toEqual([1, 2]);

    // Whichever worker answers the scrape, it reports both workers' operations.
    for (let n = 0; n < 2; n++) {
      const metrics = await request(`${origin}/metrics`, { headers: { connection: 'close' } });
      const text = await metrics.body.text();
      const counted = [
        ...text.matchAll(/^cec_graphql_operations_total\{[^}]*outcome="success"[^}]*\} (\d+)/gm),
      ];
      expect(counted.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(10);
    }

    // A worker that dies is replaced; the port keeps answering meanwhile.
    const [first] = workerPids();
    process.kill(first?.pid ?? 0, 'SIGKILL');
    await waitForLog(server, /a worker exited: starting another/);
    await ask();
    await vi.waitFor(() => expect(workerPids()).toHaveLength(3), { timeout: 15_000, interval: 50 });
    await ask();

    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    for (const { pid } of workerPids()) expect(isRunning(pid)).toBe(false);
    const shutdown = records().filter((record) => record.msg === 'shut down');
    // Both live workers drained, then the primary.
    const survivors = workerPids().filter(({ pid }) => pid !== first?.pid);
    expect(shutdown.map((record) => String(record.worker ?? record.role)).sort()).toEqual(
      [...survivors.map(({ worker }) => String(worker)), 'primary'].sort(),
    );
  }, 60_000);
});
