/**
 * The benchmark's baselines answer what this server answers (bench/, npm run bench): the direct vendor
 * calls, the oracle process, plain yoga and yoga + graphql-jit, for the page of 100 access codes. Only
 * correctness: the benchmark's figures are never asserted.
 */
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createVendor } from '../../bench/baselines/vendor.js';
import { accessCodesScenario } from '../../bench/scenarios/access-codes.js';
import { problemOf } from '../../bench/support/answers.js';
import { type Child, startBaseline } from '../../bench/support/processes.js';
import { DEMO_CREDENTIALS } from '../../src/simulator/index.js';
import { expectNoGraphQLErrors, HARNESS_NOW, useHarness } from '../support/harness.js';

const harness = useHarness();
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((child) => child.stop('SIGKILL')));
});

describe('bench baselines', () => {
  it('answer the page of 100 access codes as this server does', async () => {
    const simulatorUrl = harness.simulator.url;
    children.push(
      ...(await Promise.all([
        startBaseline('oracle', simulatorUrl),
        startBaseline('plain', simulatorUrl),
        startBaseline('jit', simulatorUrl),
      ])),
    );
    const graphql = accessCodesScenario.request(HARNESS_NOW);
    const ours = expectNoGraphQLErrors(
      await harness.query<{ accessCodes: { edges: unknown[] } }>(graphql.query),
      graphql.query,
    );
    expect(ours.accessCodes.edges).toHaveLength(100);

    const vendor = createVendor({
      baseUrl: simulatorUrl,
      appKey: DEMO_CREDENTIALS.appKey,
      appSecret: DEMO_CREDENTIALS.appSecret,
      cmsAccessKey: DEMO_CREDENTIALS.cmsAccessKey,
      cmsSecretKey: DEMO_CREDENTIALS.cmsSecretKey,
    });
    try {
      const direct = await accessCodesScenario.direct(vendor, {});
      expect(problemOf(accessCodesScenario, ours, JSON.stringify({ data: direct }))).toBeNull();
    } finally {
      await vendor.close();
    }

    for (const child of children) {
      const path = child.name === 'oracle' ? `/${accessCodesScenario.name}` : '/graphql';
      const res = await request(`${child.origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(graphql),
      });
      const body = await res.body.text();
      expect({ name: child.name, status: res.statusCode }).toEqual({ name: child.name, status: 200 });
      expect({ name: child.name, problem: problemOf(accessCodesScenario, ours, body) }).toEqual({
        name: child.name,
        problem: null,
      });
    }
  });
});
