import { afterEach, describe, expect, it } from 'vitest';
import { CMS_REFUSED_COOLDOWN_MS } from '../../../src/auth/cms-admission.js';
import { type Clock, ManualClock } from '../../../src/clock.js';
import { LOCK_POLICY } from '../../../src/simulator/auth/ip-lock.js';
import { type RunningSimulator, startSimulator } from '../../../src/simulator/index.js';
import { startHarness } from '../../support/harness.js';

// CC-CMS locks an address after a few bad signatures (docs/upstream.md#cms-signature-auth-v2), and the
// lock hits every process there. A misconfigured server must not be able to cause it, however much it
// fans out. Both servers here talk to one simulator over loopback, from the same address.

const NOW = Date.UTC(2026, 10, 22, 10, 30, 0);
const DAY = 86_400_000;
const WRONG_SECRET_KEY = 'not-the-cms-secret-key-0123456789';
const iso = (ms: number) => new Date(ms).toISOString();
const range = { from: iso(NOW - (NOW % DAY) - DAY), to: iso(NOW) };

/** Five querycalls at once: five aliased fields over five VDNs. */
const FIVE_VDNS = `query FiveVdns($from: DateTime!, $to: DateTime!) {
  ${[1, 2, 3, 4, 5]
    .map(
      (vdn) =>
        `vdn${vdn}: callRecords(filter: { vdn: ${vdn}, direction: INBOUND, from: $from, to: $to }, first: 3) { totalCount }`,
    )
    .join('\n  ')}
}`;

/** Five querycalls at once: one field that needs five vendor pages of 100. */
const FIVE_PAGES = `query FivePages($from: DateTime!, $to: DateTime!) {
  callRecords(filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }, first: 500) { edges { node { callId } } }
}`;

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

interface Server {
  query(document: string): Promise<GraphQLBody>;
  logLines: string[];
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function simulatorAt(clock: ManualClock): Promise<RunningSimulator> {
  const simulator = await startSimulator({ clock, timezone: 'UTC' });
  closers.push(() => simulator.close());
  return simulator;
}

/** The whole GraphQL server over the real upstream stack (the shared harness), on `simulator`. */
async function serverFor(
  simulator: RunningSimulator,
  clock: ManualClock,
  options: { cmsSecretKey?: string; serverClock?: Clock } = {},
): Promise<Server> {
  const harness = await startHarness({
    simulator: { running: simulator, clock },
    ...(options.serverClock ? { serverClock: options.serverClock } : {}),
    upstream: (real) => ({
      ...real,
      cms: { ...real.cms, secretKey: options.cmsSecretKey ?? real.cms.secretKey },
    }),
    resilience: { retryBaseDelayMs: 1, retryMaxDelayMs: 2 },
  });
  closers.push(() => harness.close());
  return {
    logLines: harness.logLines,
    query: async (document) => (await harness.query(document, range)).body as GraphQLBody,
  };
}

function querycallsStatuses(simulator: RunningSimulator): number[] {
  return simulator.control
    .requests()
    .filter((r) => r.endpoint === 'querycalls')
    .map((r) => r.status);
}

/** Every querycalls field failed with the auth error (whether a failed field nulls just itself or the whole data). */
function expectAuthFailures(body: GraphQLBody) {
  expect(body.errors?.length).toBeGreaterThan(0);
  for (const error of body.errors ?? []) {
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', endpoint: 'querycalls' });
  }
  expect(Object.values(body.data ?? {}).every((field) => field === null)).toBe(true);
}

describe('a wrong CMS_SECRET_KEY', () => {
  it('costs one 401 per operation however wide it fans out, and leaves the address usable', async () => {
    const clock = new ManualClock(NOW);
    const simulator = await simulatorAt(clock);
    const misconfigured = await serverFor(simulator, clock, { cmsSecretKey: WRONG_SECRET_KEY });

    const refused = await misconfigured.query(FIVE_VDNS);
    expectAuthFailures(refused);
    expect(querycallsStatuses(simulator)).toEqual([401]);
    const [first] = refused.errors ?? [];
    expect(first?.message).toMatch(/clock/i);
    expect(first?.message).toContain('CMS_SECRET_KEY');
    const everything = JSON.stringify(refused) + misconfigured.logLines.join('\n');
    expect(everything).not.toContain(WRONG_SECRET_KEY);
    expect(everything).not.toMatch(/auth-v2\/|[0-9a-f]{64}/);

    // A correctly configured server on the same address is not locked out.
    const correct = await serverFor(simulator, clock);
    const served = await correct.query(FIVE_PAGES);
    expect(served.errors).toBeUndefined();
    expect((served.data?.callRecords as { edges: unknown[] }).edges).toHaveLength(500);
    expect(querycallsStatuses(simulator)).toEqual([401, 200, 200, 200, 200, 200]);
  });

  it('fails fast without sending for the cool-down, then risks a single request again', async () => {
    const clock = new ManualClock(NOW);
    const simulator = await simulatorAt(clock);
    const misconfigured = await serverFor(simulator, clock, { cmsSecretKey: WRONG_SECRET_KEY });

    expectAuthFailures(await misconfigured.query(FIVE_PAGES));
    expect(querycallsStatuses(simulator)).toEqual([401]);

    clock.advance(CMS_REFUSED_COOLDOWN_MS - 1);
    expectAuthFailures(await misconfigured.query(FIVE_VDNS));
    expectAuthFailures(await misconfigured.query(FIVE_PAGES));
    expect(querycallsStatuses(simulator)).toEqual([401]);

    clock.advance(1);
    expectAuthFailures(await misconfigured.query(FIVE_VDNS));
    expect(querycallsStatuses(simulator)).toEqual([401, 401]);
  });

  it('never gets the address locked, however long the traffic keeps coming', async () => {
    const clock = new ManualClock(NOW);
    const simulator = await simulatorAt(clock);
    const misconfigured = await serverFor(simulator, clock, { cmsSecretKey: WRONG_SECRET_KEY });

    // An operation every 10 s for 20 minutes: twice the lock's window, several cool-downs.
    for (let elapsed = 0; elapsed < 20 * 60_000; elapsed += 10_000) {
      expectAuthFailures(await misconfigured.query(FIVE_VDNS));
      clock.advance(10_000);
    }
    const failures = simulator.control.requests().filter((r) => r.endpoint === 'querycalls');
    expect(failures.every((r) => r.status === 401)).toBe(true);
    for (const failure of failures) {
      const inWindow = failures.filter((r) => r.at >= failure.at && r.at - failure.at < LOCK_POLICY.windowMs);
      expect(inWindow.length).toBeLessThan(LOCK_POLICY.maxFailures);
    }

    const correct = await serverFor(simulator, clock);
    const served = await correct.query(FIVE_VDNS);
    expect(served.errors).toBeUndefined();
  });
});

describe('a signature refused for clock skew', () => {
  it('recovers once the clock is right and the cool-down has passed', async () => {
    const vendorClock = new ManualClock(NOW);
    const simulator = await simulatorAt(vendorClock);
    // Ahead of the vendor, so setting it right moves it back: the cool-down must still hold then.
    let skewMs = 20 * 60_000;
    const serverClock: Clock = { now: () => vendorClock.now() + skewMs };
    const server = await serverFor(simulator, vendorClock, { serverClock });

    const refused = await server.query(FIVE_VDNS);
    expectAuthFailures(refused);
    expect(refused.errors?.[0]?.message).toMatch(/clock/i);
    expect(refused.errors?.[0]?.message).toContain('stale timestamp');
    expect(querycallsStatuses(simulator)).toEqual([401]);

    skewMs = 0;
    expectAuthFailures(await server.query(FIVE_VDNS));
    expect(querycallsStatuses(simulator)).toEqual([401]);

    vendorClock.advance(CMS_REFUSED_COOLDOWN_MS);
    const served = await server.query(FIVE_VDNS);
    expect(served.errors).toBeUndefined();
    expect(await server.query(FIVE_PAGES)).not.toHaveProperty('errors');
    expect(querycallsStatuses(simulator)).toEqual([401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]);
  });
});
