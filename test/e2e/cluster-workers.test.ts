import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { mintToken } from '../support/client-tokens.js';
import { TEST_JWT_SECRET } from '../support/harness.js';
import { freePort, startServerProcess, tenantEnv, waitForLog } from '../support/server-process.js';

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

interface Cluster {
  server: ChildProcess;
  origin: string;
  records(): Array<Record<string, unknown>>;
  /** Every worker that has served, in order: replacements too. */
  workers(): Array<{ worker: number; pid: number }>;
}

/** Two workers on the suite's Redis against a fresh simulator; resolves once both serve. */
async function startCluster(env: Record<string, string> = {}, options = {}): Promise<Cluster> {
  simulator = await startSimulator();
  const server = startServerProcess(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: '2',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: inject('redisUrl'),
      ...tenantEnv(simulator),
      ...env,
    },
    options,
  );
  child = server;
  const lines: string[] = [];
  const ready = await waitForLog(server, /^2 workers serving/, lines);
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    server,
    origin: `http://127.0.0.1:${ready.port}`,
    records,
    workers: () =>
      records()
        .filter((record) => record.msg === 'worker serving')
        .map((record) => ({ worker: Number(record.worker), pid: Number(record.pid) })),
  };
}

async function ask(origin: string): Promise<void> {
  const token = await mintToken(
    { alg: 'HS256', secret: TEST_JWT_SECRET },
    { now: Date.now(), subject: 'cluster-test', scope: 'cec:read' },
  );
  // A fresh connection each: the primary hands connections to the workers in turn.
  const res = await request(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, connection: 'close' },
    body: QUERY,
  });
  expect(res.statusCode).toBe(200);
  const body = (await res.body.json()) as { data?: { accessCodes?: { edges: unknown[] } } };
  expect(body.data?.accessCodes?.edges).toHaveLength(2);
}

/** The sum of cec_graphql_operations_total{outcome="success"} in a scrape. */
async function successfulOperations(url: string): Promise<number> {
  const text = await (await request(url, { headers: { connection: 'close' } })).body.text();
  const counted = [...text.matchAll(/^cec_graphql_operations_total\{[^}]*outcome="success"[^}]*\} (\d+)/gm)];
  return counted.reduce((sum, match) => sum + Number(match[1]), 0);
}

describe('WEB_CONCURRENCY=2: node:cluster workers', () => {
  it('serve one port, sum their metrics, replace a killed worker and stop together on SIGTERM', async () => {
    const { server, origin, records, workers } = await startCluster();
    expect(workers()).toHaveLength(2);
    for (let n = 0; n < 10; n++) await ask(origin);
    await vi.waitFor(() => expect(records().filter((r) => r.msg === 'operation')).toHaveLength(10));
    const servedBy = new Set(
      records()
        .filter((r) => r.msg === 'operation')
        .map((r) => r.worker),
    );
    expect([...servedBy].sort()).toEqual([1, 2]);
    // Whichever worker answers the scrape, it reports both workers' operations.
    for (let n = 0; n < 2; n++) expect(await successfulOperations(`${origin}/metrics`)).toBe(10);

    // A worker that dies is replaced; the port keeps answering meanwhile.
    const [first] = workers();
    if (!first) throw new Error('no worker logged its pid');
    process.kill(first.pid, 'SIGKILL');
    await waitForLog(server, /a worker exited: starting another/);
    await ask(origin);
    await vi.waitFor(() => expect(workers()).toHaveLength(3), { timeout: 15_000, interval: 50 });
    await ask(origin);

    // 'close': the process has exited and its output has been read to the end.
    const closed = once(server, 'close');
    server.kill('SIGTERM');
    const [code] = await closed;
    expect(code).toBe(0);
    for (const { pid } of workers()) expect(isRunning(pid)).toBe(false);
    // Both live workers drained, then the primary.
    const survivors = workers().filter(({ pid }) => pid !== first.pid);
    const shutDown = records().filter((record) => record.msg === 'shut down');
    expect(shutDown.map((record) => String(record.worker ?? record.role)).sort()).toEqual(
      [...survivors.map(({ worker }) => String(worker)), 'primary'].sort(),
    );
  }, 60_000);

  it('drain once when a signal reaches the whole group, and the primary serves METRICS_PORT', async () => {
    const metricsPort = await freePort();
    const { server, origin, records, workers } = await startCluster(
      { METRICS_PORT: String(metricsPort) },
      { detached: true },
    );
    for (let n = 0; n < 4; n++) await ask(origin);
    expect(await successfulOperations(`http://127.0.0.1:${metricsPort}/metrics`)).toBe(4);
    // Not on the GraphQL port: METRICS_PORT is the only place.
    expect((await request(`${origin}/metrics`, { headers: { connection: 'close' } })).statusCode).toBe(404);

    // As systemd or `kill -- -PGID` does: the workers get it from the sender and again from the primary.
    if (server.pid === undefined) throw new Error('the server has no pid');
    const closed = once(server, 'close');
    process.kill(-server.pid, 'SIGTERM');
    const [code] = await closed;
    expect(code).toBe(0);
    await vi.waitFor(() => {
      for (const { pid } of workers()) expect(isRunning(pid)).toBe(false);
    });
    expect(records().filter((record) => record.msg === 'shutting down')).toHaveLength(2);
    expect(records().some((record) => /second signal/.test(String(record.msg)))).toBe(false);
  }, 60_000);

  it('stops with exit code 1 when a worker cannot start (the port is taken)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      simulator = await startSimulator();
      const server = startServerProcess({
        PORT: String(port),
        HOST: '127.0.0.1',
        WEB_CONCURRENCY: '2',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        REDIS_URL: inject('redisUrl'),
        ...tenantEnv(simulator),
      });
      child = server;
      const lines: string[] = [];
      const failed = waitForLog(server, /a worker failed to start/, lines).catch(() => null);
      const [code] = await once(server, 'close');
      expect(code).toBe(1);
      expect(await failed).not.toBeNull();
    } finally {
      taken.close();
    }
  }, 60_000);
});
