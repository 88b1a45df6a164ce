import { describe, expect, it } from 'vitest';
import type { EndpointName } from '../../../src/simulator/index.js';
import { useHarness } from '../../support/harness.js';

/**
 * Every reply shape the vendor documentation shows, decoded over real HTTP: the simulator rewrites its
 * current answer into the older or looser shape on request (fault `shape: 'legacy'`).
 */
const harness = useHarness({ resetEach: true });

const legacyOnce = (endpoint: EndpointName) =>
  harness.simulator.control.addFault({ endpoint, shape: 'legacy', times: 1 });

describe('older documented reply shapes', () => {
  it('queryAccessCodeList with `data` as a bare array and numbers as strings', async () => {
    const query = { accessCode: '99113', limit: 20, offset: 0 };
    const current = await harness.datasources.accessCodes.list(query);
    legacyOnce('queryAccessCodeList');
    const legacy = await harness.datasources.accessCodes.list(query);
    expect(legacy.items).toEqual(current.items);
    // The bare array carries no total: the list's length is unknown, not the page's length.
    expect(legacy.total).toBeNull();
  });

  it("queryPhone as in the page's example: one server at the top of `result`", async () => {
    const current = await harness.datasources.softphones.list({ limit: 5, offset: 0 });
    legacyOnce('queryPhone');
    const legacy = await harness.datasources.softphones.list({ limit: 5, offset: 0 });
    expect(current.total).toBeGreaterThan(0);
    expect(legacy.total).toBe(current.total);
    expect(legacy.items.map((p) => [p.phoneNumber, p.password])).toEqual(
      current.items.map((p) => [p.phoneNumber, p.password]),
    );
    // No vendor id: the phone number stands in.
    expect(legacy.items.every((p) => p.id === p.phoneNumber && p.status === null)).toBe(true);
    const [single] = current.registrationNodes.filter((node) => node.mode === 'SINGLE');
    expect(legacy.registrationNodes).toEqual([
      {
        mode: 'SINGLE',
        poolNode: null,
        registrationIp: single?.registrationIp,
        registrationPort: single?.registrationPort,
        sipServiceIp: null,
        sipServicePort: null,
      },
    ]);
  });

  it('getCalledInfo with numbers as strings', async () => {
    const code = harness.simulator.dataset.accessCodes.find(
      (c) => harness.simulator.dataset.routeFor(c.accessCode)?.devType === 0,
    );
    const query = { caller: '13800000000', called: code?.accessCode ?? '' };
    const current = await harness.datasources.calledInfo.get(query);
    legacyOnce('getCalledInfo');
    expect(await harness.datasources.calledInfo.get(query)).toEqual(current);
    expect(current?.skillId).toEqual(expect.any(Number));
  });

  it('querycalls with `resultDesc` as the item array', async () => {
    const window = harness.simulator.dataset.queryWindow();
    const query = {
      ccId: 1,
      vdn: 1,
      direction: 'INBOUND' as const,
      from: window.earliest,
      to: window.latest,
      limit: 10,
      offset: 0,
    };
    const current = await harness.datasources.callRecords.list(query);
    legacyOnce('querycalls');
    const legacy = await harness.datasources.callRecords.list(query);
    expect(legacy.items).toEqual(current.items);
    expect(legacy.items).toHaveLength(10);
  });

  it('tokenByAkSk with Expires and CreateTime as numbers', async () => {
    harness.simulator.control.revokeTokens();
    legacyOnce('tokenByAkSk');
    const page = await harness.datasources.softphones.list({ limit: 1, offset: 0 });
    expect(page.items).toHaveLength(1);
    expect(harness.simulator.control.counts().tokenByAkSk).toBe(1);
  });
});
