import { describe, expect, it } from 'vitest';
import { expectNoGraphQLErrors, useHarness } from '../../support/harness.js';

const harness = useHarness({ resetEach: true });

describe('calledInfo', () => {
  it('returns the routing of a configured number and null for one that is not configured', async () => {
    const code = harness.simulator.dataset.accessCodes[3]?.accessCode ?? '';
    const route = harness.simulator.dataset.routeFor(code);
    const data = expectNoGraphQLErrors(
      await harness.query<{ configured: Record<string, unknown>; unknown: null }>(
        `query($code: String!) {
          configured: calledInfo(caller: "13800000000", called: $code) { caller called routedNumber deviceType skillId skillName }
          unknown: calledInfo(caller: "13800000000", called: "5550000") { called }
        }`,
        { code },
      ),
    );
    expect(data.configured).toEqual({
      caller: '13800000000',
      called: code,
      routedNumber: route?.called,
      deviceType: route?.devType === 0 ? 'SKILL_QUEUE' : 'NUMBER',
      skillId: route?.skillId ?? null,
      skillName: route?.skillName ?? null,
    });
    expect(data.unknown).toBeNull();
  });

  it('makes one upstream call per distinct lookup in an operation', async () => {
    const codes = harness.simulator.dataset.accessCodes.slice(0, 3).map((c) => c.accessCode);
    const aliases = [...codes, ...codes, codes[0]]
      .map((code, i) => `a${i}: calledInfo(caller: "13800000000", called: "${code}") { skillId }`)
      .join('\n');
    expectNoGraphQLErrors(await harness.query(`{ ${aliases} }`));
    expect(harness.simulator.control.counts().getCalledInfo).toBe(3);
  });

  it('deduplicates routing lookups across a page of access codes', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<{ accessCodes: { edges: Array<{ node: { a: unknown; b: unknown } }> } }>(`{
        accessCodes(first: 12) { edges { node { a: routing(caller: "13800000000") { skillId } b: routing(caller: "13800000000") { skillName } } } }
      }`),
    );
    expect(data.accessCodes.edges).toHaveLength(12);
    expect(harness.simulator.control.counts().getCalledInfo).toBe(12);
  });

  it('rejects numbers that break the vendor rules without calling it', async () => {
    const res = await harness.query(`{
      calledInfo(caller: "13800000000", called: "${'1'.repeat(33)}") { called }
    }`);
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/called.*32/);
    const letters = await harness.query(`{ calledInfo(caller: "abc", called: "9911411") { called } }`);
    expect(letters.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(harness.simulator.control.counts().getCalledInfo).toBe(0);
  });
});
