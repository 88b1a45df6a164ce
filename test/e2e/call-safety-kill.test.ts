import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'undici';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { CREATE } from '../integration/call-safety/call-client.js';
import { mintToken } from '../support/client-tokens.js';
import { expectNoSecretsLogged, type Harness, startHarness, TEST_JWT_SECRET } from '../support/harness.js';
import { startServerProcess as startServer, tenantEnv, waitForLog } from '../support/server-process.js';

/** The port from the server's start-up line. */
async function portOf(child: ChildProcess): Promise<number> {
  return Number((await waitForLog(child, /GraphQL endpoint/)).port);
}

let child: ChildProcess | null = null;
let simulator: RunningSimulator | null = null;
let survivor: Harness | null = null;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  if (survivor) {
    try {
      expectNoSecretsLogged(survivor);
    } finally {
      await survivor.close();
    }
  }
  survivor = null;
  await simulator?.close();
  simulator = null;
});

describe('a replica killed after the vendor accepted a keyed call', () => {
  it('leaves the key to the survivor as an unknown outcome: the repeat places no call', async () => {
    const redisUrl = inject('redisUrl');
    // The child runs on the system clock; the survivor's clock starts at the same instant.
    const clock = new ManualClock(Date.now());
    simulator = await startSimulator({ clock });
    child = startServer({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: redisUrl,
      OPERATION_TIMEOUT_MS: '5000',
      ...tenantEnv(simulator),
    });
    const port = await portOf(child);
    survivor = await startHarness({
      simulator: { running: simulator, clock },
      env: { AUTH_JWT_SECRET: TEST_JWT_SECRET, REDIS_URL: redisUrl },
    });
    const token = await mintToken(
      { alg: 'HS256', secret: TEST_JWT_SECRET },
      { now: Date.now(), subject: `client-${randomUUID()}`, scope: 'cec:call' },
    );
    const body = JSON.stringify({
      query: CREATE,
      variables: { input: { called: '88884432', idempotencyKey: randomUUID() } },
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

    // The vendor receives the call and holds its reply; the replica dies while waiting for it.
    simulator.control.addFault({ endpoint: 'createcall', latencyMs: 60_000, times: 1 });
    const pending = request(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers, body }).catch(
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(simulator?.control.counts().createcall).toBe(1), {
      timeout: 10_000,
      interval: 5,
    });
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    expect(await pending).toBeInstanceOf(Error);

    // Past the dead replica's claim lease (its OPERATION_TIMEOUT_MS and a grace), on the survivor's clock.
    clock.set(Date.now() + 60_000);
    const repeat = await survivor.query(CREATE, JSON.parse(body).variables, {
      headers: { authorization: headers.authorization },
    });
    expect(repeat.body).toEqual({
      data: {
        createAnonymousCall: {
          __typename: 'CallOutcomeUnknown',
          inProgress: false,
          message: expect.stringMatching(/may have placed a call/),
        },
      },
    });
    expect(simulator.control.counts().createcall).toBe(1);
  });
});
